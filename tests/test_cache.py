"""The PostgreSQL cache backend: one statement per write, Django's semantics kept."""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache():
    """The backend itself (the ``django.core.cache.cache`` proxy cannot be monkeypatched)."""
    real = caches["default"]
    real.clear()
    return real


def _rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_cache")
        return cursor.fetchone()[0]


def _expire(cache, key):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE django_cache SET expires = now() - interval '1 minute' WHERE cache_key = %s",
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
    assert cache.touch("version", 60) is True
    assert cache.touch("missing", 60) is False
    assert cache.get("version") == "a"


def test_a_full_table_is_culled_on_the_periodic_check(cache, monkeypatch):
    monkeypatch.setattr(cache, "_cull_check_every", 1)
    monkeypatch.setattr(cache, "_max_entries", 10)
    for number in range(12):
        cache.set(f"key-{number:02}", number, 60)
    assert _rows() <= 10
    assert cache.get("key-11") == 11


def test_a_failed_write_leaves_the_callers_transaction_usable(cache, monkeypatch):
    monkeypatch.setattr(cache, "_table", "no_such_table")
    with transaction.atomic():
        assert cache.set("lost", 1) is None
        assert cache.add("lost", 1) is False
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


def test_the_table_skips_the_wal_and_the_databases_own_compression():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence, attstorage FROM pg_class "
            "JOIN pg_attribute ON attrelid = pg_class.oid AND attname = 'value' "
            "WHERE relname = 'django_cache'"
        )
        assert cursor.fetchone() == ("u", "e")
