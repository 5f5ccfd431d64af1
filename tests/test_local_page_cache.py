"""Each process's own copies of cached pages: bounded, no round trip, never older than a second.

The first level (``core.page_cache.LocalPages``) sits in front of the shared page cache.
Tests run with ``PAGE_CACHE_VERSION_SECONDS`` 0 (the version read on every page); here it is
turned on, as in production. The last test runs gunicorn with two workers on the test database
and publishes an article from this process: both workers show it within a second or two.
"""

import http.client
import time
import urllib.parse

import pytest
from django.core.cache import caches
from django.db import connection

from benchmarks.run import environment, start_gunicorn
from core.page_cache import LocalPages, local_pages, version_changed
from core.page_cache import page_cache as cache
from portal.tests import factories
from tests import test_page_cache
from tests.test_outage import free_port
from tests.test_page_cache import KEY, get

# The first level in front of test_page_cache's page.
pages = test_page_cache.pages
view = test_page_cache.view


@pytest.fixture(autouse=True)
def versions_read_once_a_minute(settings):
    settings.PAGE_CACHE_VERSION_SECONDS = 60  # as production's 1 s, but never reached in a test


@pytest.mark.django_db
def test_a_repeated_page_costs_no_round_trip(view, django_assert_num_queries):
    assert get(view).content == b"page 1"
    with django_assert_num_queries(0):
        assert get(view).content == b"page 1"
        assert get(view).content == b"page 1"
    assert view.rendered == ["/side/"]


@pytest.mark.django_db
def test_a_change_in_this_process_is_seen_at_once(view):
    get(view)
    cache.set(KEY, "a-new-version", timeout=None)
    version_changed(KEY)  # what bump_content_version and register_changed do
    assert get(view).content == b"page 2"
    assert len([key for key in local_pages._pages if key.startswith("test:")]) == 1


@pytest.mark.django_db
def test_a_change_elsewhere_is_seen_once_the_version_is_read_again(view, settings):
    get(view)
    cache.set(KEY, "changed-by-another-process", timeout=None)
    assert get(view).content == b"page 1"  # within PAGE_CACHE_VERSION_SECONDS
    settings.PAGE_CACHE_VERSION_SECONDS = 0.05
    time.sleep(0.06)
    assert get(view).content == b"page 2"


@pytest.mark.django_db
def test_a_page_stored_by_another_process_is_read_once_then_kept(view):
    get(view, "/a/")
    local_pages.clear()  # another process stored it; this one has no copy
    assert get(view, "/a/").content == b"page 1"
    assert len(local_pages) == 1


def test_memory_is_bounded_and_the_least_recently_served_go_first(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 10_000
    local = LocalPages()
    for number in range(100):
        local.put(f"p{number}", {"content": b"x" * 1500, "headers": {}})
        local.get("p0")  # served again and again: kept
        assert local.size <= 10_000
    assert local.get("p0") is not None
    assert local.get("p99") is not None
    assert local.get("p50") is None
    assert len(local) == 10_000 // 2012
    local.put("huge", {"content": b"x" * 20_000, "headers": {}})  # bigger than the bound
    assert local.get("huge") is None
    settings.PAGE_CACHE_LOCAL_BYTES = 0  # none at all
    empty = LocalPages()
    empty.put("p", {"content": b"x", "headers": {}})
    assert len(empty) == 0


# --- Two gunicorn workers on the test database --------------------------------------------------


def fetch(port: int, path: str) -> str:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    client.request("GET", path)
    body = client.getresponse().read().decode()
    client.close()
    return body


def database_url() -> str:
    settings = connection.settings_dict
    host = urllib.parse.quote(settings["HOST"], safe="")
    return f"postgresql://{settings['USER']}@{host}/{settings['NAME']}"


@pytest.fixture
def two_workers(transactional_db):
    port = free_port()
    env = {
        **environment(port),
        "DJANGO_SETTINGS_MODULE": "vaekstcenter.settings",
        "TESTING": "1",  # unhashed static files: no collectstatic needed
        "DATABASE_URL": database_url(),
        "GUNICORN_WORKERS": "2",
        "PAGE_CACHE_VERSION_SECONDS": "1",
    }
    server = start_gunicorn(env, port)
    try:
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        for alias in ("pages", "default"):
            caches[alias].clear()


def test_a_publish_is_seen_by_every_worker_within_two_seconds(two_workers):
    factories.article("Den første artikel")
    for _ in range(40):  # every worker stores the list and keeps its own copy
        assert "Den første artikel" in fetch(two_workers, "/viden/")
    factories.article("En ny artikel om sociale klausuler")  # publishes from this process
    published = time.monotonic()
    while "En ny artikel" not in fetch(two_workers, "/viden/"):
        assert time.monotonic() - published < 2.5
    time.sleep(max(0.0, published + 1.2 - time.monotonic()))  # past the version check
    answers = [fetch(two_workers, "/viden/") for _ in range(40)]
    assert all("En ny artikel om sociale klausuler" in html for html in answers)


@pytest.mark.django_db
def test_a_stored_article_carries_its_etag_and_answers_304_without_hashing_again(client):
    article = factories.article("Gemt med sit mærke")
    first = client.get(article.get_absolute_url())
    etag = first["ETag"]
    repeat = client.get(article.get_absolute_url())  # from the stored copy
    assert repeat["ETag"] == etag and repeat.content == first.content
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
