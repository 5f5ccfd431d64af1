"""CACHE_URL on a real Redis: pages and allauth's limits there, our limits in PostgreSQL."""

import shutil
import subprocess
import time
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from core.models import RateLimitCounter
from core.page_cache import ReaderPages, page_cache
from core.rate_limits import rate_limited

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of its own on a socket, without persistence, for one test."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: run `make redis` (Debian package 'redis-server').")
    socket = tmp_path / "redis.sock"
    process = subprocess.Popen(
        [server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"unix://{socket}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_caches(settings, redis_url):
    """The caches as settings.py configures them when CACHE_URL is set."""
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages")
    }
    # Failed logins hash the password they were given; a fast hasher keeps a dozen quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_pages_are_stored_and_served_from_redis(redis_caches):
    def version_in_force(record):
        if record is None:
            record = uuid.uuid4().hex
            page_cache.set("~test:version", record, timeout=None)
        return record

    rendered = []

    @ReaderPages("test", "~test:version", version_in_force).cached_for_readers
    def page(request):
        rendered.append(request.path)
        return HttpResponse(f"side {len(rendered)}")

    def get():
        request = RequestFactory().get("/side/")
        request.user = AnonymousUser()
        return page(request).content

    assert get() == b"side 1"
    assert get() == b"side 1"
    assert rendered == ["/side/"]
    assert caches["pages"].get("~test:version") is not None
    assert caches["default"].get("~test:version") is None  # the aliases never share a key


def test_logins_are_limited_in_redis_and_our_limits_count_in_postgresql(client, redis_caches):
    def refused(email):
        response = client.post("/konto/login/", {"login": email, "password": "forkert"})
        return "for mange mislykkede logonforsøg" in response.content.decode()

    assert [refused(f"ukendt{n}@example.dk") for n in range(11)][-1]
    assert refused("ny@example.dk")
    redis = caches["default"]._cache.get_client()
    assert any(b"allauth" in key for key in redis.keys("default:*"))

    request = RequestFactory().post("/")
    assert [rate_limited(request, "redis", limit=1, period=60) for _ in range(2)] == [False, True]
    assert RateLimitCounter.objects.get(scope="redis").count == 2
