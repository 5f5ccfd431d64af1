"""The PostgreSQL cache backend: one statement per write, Django's semantics kept."""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import housekeeping

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["default", "pages"])
def cache(request):
    """The backend itself (the ``django.core.cache.cache`` proxy cannot be monkeypatched)."""
    real = caches[request.param]
    real.clear()
    return real


def _rows(cache) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {cache._table}")  # noqa: S608
        return cursor.fetchone()[0]


def _expire(cache, key):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {cache._table} SET expires = now() - interval '1 minute' "  # noqa: S608
            "WHERE cache_key = %s",
            [cache.make_key(key)],
        )


def _statements(queries) -> list[str]:
    """The statements sent, without the savepoint around a write inside a test's transaction."""
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_a_write_is_one_statement(cache):
    cache.set("warm", 1)
    for content in (b"<html>", b"<html> again"):
        with CaptureQueriesContext(connection) as queries:
            cache.set("page", {"content": content}, 60)
        assert len(_statements(queries)) == 1
    assert cache.get("page") == {"content": b"<html> again"}


def test_add_keeps_a_live_entry_and_replaces_an_expired_one(cache):
    assert cache.add("attempts", 0, 60) is True
    cache.incr("attempts")
    assert cache.add("attempts", 0, 60) is False
    assert cache.get("attempts") == 1
    _expire(cache, "attempts")
    assert cache.add("attempts", 0, 60) is True
    assert cache.get("attempts") == 0


def test_entries_without_timeout_live_on_and_touch_still_works(cache):
    cache.set("version", "a", timeout=None)
    with CaptureQueriesContext(connection) as queries:
        assert cache.touch("version", 60) is True
    assert len(_statements(queries)) == 1  # no count of the table, no culling
    assert cache.touch("missing", 60) is False
    assert cache.get("version") == "a"
    _expire(cache, "version")
    assert cache.touch("version", 60) is False


def test_a_full_table_is_culled_on_the_periodic_check(cache, monkeypatch):
    monkeypatch.setattr(cache, "_cull_check_every", 1)
    monkeypatch.setattr(cache, "_max_entries", 10)
    for number in range(12):
        cache.set(f"key-{number:02}", number, 60)
    assert _rows(cache) <= 10
    assert cache.get("key-11") == 11


def test_the_default_cache_is_never_culled():
    """It holds allauth's login limits: only their expiry may remove them."""
    default = caches["default"]
    default.clear()
    entries = default._max_entries + 50
    default.set_many({f"limit-{number}": number for number in range(entries)}, 60)
    assert _rows(default) == entries


def test_expired_entries_are_deleted_by_housekeeping(cache):
    cache.set("gone", 1, 60)
    cache.set("kept", 2, 60)
    _expire(cache, "gone")
    housekeeping.delete_expired_cache_entries()
    assert _rows(cache) == 1
    assert cache.get("kept") == 2


def test_a_failed_write_leaves_the_callers_transaction_usable(cache, monkeypatch):
    monkeypatch.setattr(cache, "_table", "no_such_table")
    with transaction.atomic():
        assert cache.set("lost", 1) is None
        assert cache.add("lost", 1) is False
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


def test_the_tables_skip_the_wal_and_the_databases_own_compression(cache):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence, attstorage FROM pg_class "
            "JOIN pg_attribute ON attrelid = pg_class.oid AND attname = 'value' "
            "WHERE relname = %s",
            [cache._table],
        )
        assert cursor.fetchone() == ("u", "e")


def test_cache_url_and_trusted_proxies_from_the_environment():
    import json
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "CACHE_URL": "redis://cache.internal:6379/0",
        "TRUSTED_PROXY_COUNT": "2",
        "SECRET_KEY": "x" * 50,
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CACHES, s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    configured, ours, allauths = json.loads(result.stdout)
    assert ours == allauths == 2
    assert configured == {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/0",
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages")
    }
