"""Rate limits that hold: their windows, parallel attempts, page-cache churn and proxies."""

import datetime as dt
import threading
import uuid

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from core.rate_limits import rate_limited

PROXY = "10.0.0.2"  # the TLS proxy in front, as gunicorn sees it


def _post(address="198.51.100.7", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=address, **extra)


def _soon() -> dt.datetime:
    """A moment ahead of the real clock: everything, the database cache too, travels there."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_an_hourly_limit_still_refuses_after_six_minutes():
    request = _post()
    with time_machine.travel(_soon(), tick=False) as clock:
        assert [rate_limited(request, "hourly", limit=5, period=3600) for _ in range(6)] == [
            *[False] * 5,
            True,
        ]
        clock.shift(dt.timedelta(minutes=6))
        assert rate_limited(request, "hourly", limit=5, period=3600)
        clock.shift(dt.timedelta(minutes=50))
        assert rate_limited(request, "hourly", limit=5, period=3600)
        clock.shift(dt.timedelta(minutes=4))  # an hour after the first attempt: a new window
        assert not rate_limited(request, "hourly", limit=5, period=3600)
        assert [rate_limited(request, "hourly", limit=5, period=3600) for _ in range(5)] == [
            *[False] * 4,
            True,
        ]


@pytest.mark.django_db
def test_a_full_hour_on_the_clock_starts_no_new_window():
    request = _post()
    before_the_hour = _soon().replace(minute=59, second=30) + dt.timedelta(hours=1)
    with time_machine.travel(before_the_hour, tick=False) as clock:
        assert [rate_limited(request, "clock", limit=2, period=3600) for _ in range(3)] == [
            False,
            False,
            True,
        ]
        clock.shift(dt.timedelta(minutes=1))
        assert rate_limited(request, "clock", limit=2, period=3600)


@pytest.fixture
def pool_of_twenty_five():
    """Room for twenty connections at once (the pool's own setting is smaller), and time to open
    them on a busy machine (the pool's half second is for requests, not twenty new connections)."""
    options = connection.settings_dict["OPTIONS"]["pool"]
    saved = {"max_size": options["max_size"], "timeout": options["timeout"]}
    connection.close()
    connection.close_pool()
    options.update(max_size=25, timeout=30)
    yield
    connection.close()
    connection.close_pool()
    options.update(saved)


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_never_get_past_the_limit(pool_of_twenty_five):
    scope = f"parallel-{uuid.uuid4().hex}"
    start = threading.Barrier(20, timeout=60)  # a thread that fails must not leave all waiting
    refused = []

    def attempt():
        try:
            connection.ensure_connection()
            start.wait()
            refused.append(rate_limited(_post(), scope, limit=5, period=3600))
        finally:
            connection.close()  # each thread has its own connection; give it back

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == 20
    assert refused.count(False) == 5


@pytest.mark.django_db
def test_clients_behind_the_proxy_are_counted_apart(behind_one_proxy):
    first = _post(PROXY, forwarded="203.0.113.1")
    second = _post(PROXY, forwarded="203.0.113.2")
    assert [rate_limited(first, "proxied", limit=2, period=60) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert not rate_limited(second, "proxied", limit=2, period=60)
    # A forged address in front of the one the proxy added never helps.
    forged = _post(PROXY, forwarded="192.0.2.99, 203.0.113.1")
    assert rate_limited(forged, "proxied", limit=2, period=60)


@pytest.mark.django_db
def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert [
        rate_limited(_post(PROXY, forwarded=f"203.0.113.{n}"), "direct", limit=2, period=60)
        for n in range(3)
    ] == [False, False, True]


def _fail_login(client, email, forwarded):
    response = client.post(
        "/konto/login/",
        {"login": email, "password": "forkert"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return "for mange mislykkede logonforsøg" in response.content.decode()


def _exhaust_login_limit(client, forwarded) -> None:
    """allauth refuses a client after ten failed logins a minute (to different accounts)."""
    refused = [_fail_login(client, f"ukendt{n}@example.dk", forwarded) for n in range(11)]
    assert refused[-1]


@pytest.mark.django_db
def test_the_login_limit_takes_the_client_from_the_same_place(client, behind_one_proxy):
    from allauth.core.internal.ratelimit import get_ip

    from core.rate_limits import client_address

    for forwarded in ("203.0.113.1", "192.0.2.99, 203.0.113.1", "2001:db8::1"):
        request = _post(PROXY, forwarded=forwarded)
        assert client_address(request) == get_ip(request)
    _exhaust_login_limit(client, "203.0.113.1")
    assert _fail_login(client, "ny@example.dk", "192.0.2.99, 203.0.113.1")  # forged prefix
    assert not _fail_login(client, "ny@example.dk", "203.0.113.2")


def _store_pages(number: int) -> None:
    """``number`` distinct register searches in the page cache's table, in one statement."""
    pages = caches["pages"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {pages._table} (cache_key, value, expires) "  # noqa: S608
            "SELECT %s || n, %s, now() + interval '1 hour' FROM generate_series(1, %s) AS n",
            [pages.make_key("registry:html:stored-search-"), "eJwDAAAAAAE=", number],
        )


@pytest.mark.django_db
def test_many_distinct_cached_pages_do_not_reset_a_limit(client, behind_one_proxy, monkeypatch):
    from registry.page_cache import cached_for_readers

    pages = caches["pages"]  # a small table culled on every write: a busy site's large one
    monkeypatch.setattr(pages, "_max_entries", 1000)
    monkeypatch.setattr(pages, "_cull_check_every", 1)

    @cached_for_readers(params=("q",))
    def search(request):
        return HttpResponse(f"<p>{request.GET['q']}</p>")

    request = _post()
    assert [rate_limited(request, "churn", limit=3, period=3600) for _ in range(3)] == [False] * 3
    _exhaust_login_limit(client, "203.0.113.1")
    _store_pages(24_900)
    for number in range(100):  # and the last hundred as readers ask for them
        page = RequestFactory().get("/registret/", {"q": f"tilfældig {number}"})
        page.user = AnonymousUser()
        search(page)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {pages._table}")  # noqa: S608
        assert cursor.fetchone()[0] <= 1000  # culled
    assert rate_limited(request, "churn", limit=3, period=3600)
    assert _fail_login(client, "ny@example.dk", "203.0.113.1")


@pytest.mark.django_db
def test_unknown_query_parameters_make_no_new_page_keys(monkeypatch):
    from registry.page_cache import cached_for_readers

    seen = []

    @cached_for_readers(params=("q", "side"))
    def search(request):
        seen.append(request.get_full_path())
        return HttpResponse(f"<a href='?{request.GET.urlencode()}'>{len(seen)}</a>")

    def get(query):
        page = RequestFactory().get("/registret/" + query)
        page.user = AnonymousUser()
        return search(page).content.decode()

    first = get("?side=2&q=kaffe&utm_source=nyhedsbrev")
    assert first == "<a href='?q=kaffe&side=2'>1</a>"
    assert seen == ["/registret/?q=kaffe&side=2"]  # the view never saw the unknown parameter
    for query in ("?q=kaffe&side=2", "?side=2&q=kaffe&x=1", "?fbclid=abc&q=kaffe&side=2"):
        assert get(query) == first
    assert get("?q=te") == "<a href='?q=te'>2</a>"


@pytest.mark.django_db(transaction=True)
def test_an_attempt_stays_counted_when_the_request_fails_after_it(settings):
    """Requests are not one transaction, so the count commits before the view's own work."""
    from django.db import transaction

    from core.models import RateLimitCounter

    assert not settings.DATABASES["default"].get("ATOMIC_REQUESTS")
    scope = f"rollback-{uuid.uuid4().hex}"
    assert not rate_limited(_post(), scope, limit=1, period=60)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        RateLimitCounter.objects.filter(scope=scope).delete()  # the view's own writes...
        1 / 0  # noqa: B018 - ...are rolled back when it fails
    assert rate_limited(_post(), scope, limit=1, period=60)


@pytest.mark.django_db
def test_housekeeping_deletes_the_counters_of_ended_windows():
    from core import housekeeping
    from core.models import RateLimitCounter

    with time_machine.travel(_soon(), tick=False) as clock:
        rate_limited(_post(), "minute", limit=1, period=60)
        rate_limited(_post(), "hour", limit=1, period=3600)
        clock.shift(dt.timedelta(minutes=1))
        housekeeping.delete_ended_rate_limit_windows()
        assert list(RateLimitCounter.objects.values_list("scope", flat=True)) == ["hour"]
        assert rate_limited(_post(), "hour", limit=1, period=3600)
