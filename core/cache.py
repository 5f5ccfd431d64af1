"""The shared cache in PostgreSQL, written with one statement.

Django's ``DatabaseCache`` spends five statements on a write: a ``COUNT(*)`` of the whole table
to decide whether to cull, then BEGIN, a SELECT of the key, an INSERT or UPDATE, and COMMIT.
Every page an anonymous reader is the first to ask for is stored, so each such page paid those
five round trips, and the count grows with the table (up to ``MAX_ENTRIES`` rows).

Here ``set`` and ``add`` are a single ``INSERT … ON CONFLICT``, which PostgreSQL makes atomic
on its own, and the table is counted and culled on every ``CULL_CHECK_EVERY``-th write of each
backend instance (one per thread; an OPTION, default 50), so it may briefly hold a few more than
``MAX_ENTRIES`` rows. 0 never culls while writing; the test settings use it, so that the number
of queries a page costs does not depend on how many writes came before it. Reads, deletes and
the culling itself are Django's.

The page cache (``CACHES["pages"]``) is culled; the default cache, which holds allauth's login
limits and other small entries, sets ``CULL_CHECK_EVERY`` to 0 and is never culled: its expired
rows are deleted by the hourly housekeeping (``delete_expired``).
"""

import base64
import pickle
from contextlib import nullcontext
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now


class PostgresCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._cull_check_every = int(params.get("OPTIONS", {}).get("CULL_CHECK_EVERY", 50))
        self._writes = 0

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        if mode == "touch":
            return self._touch(key, timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        now = tz_now().replace(microsecond=0)
        pickled = pickle.dumps(value, self.pickle_protocol)
        encoded = base64.b64encode(pickled).decode("latin1")
        expires = self._expiry(self.get_backend_timeout(timeout))
        table = connection.ops.quote_name(self._table)
        # "add" keeps a live entry and replaces an expired one; "set" always replaces.
        keep_live = f" WHERE {table}.expires < %s" if mode == "add" else ""
        sql = (
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (cache_key) DO UPDATE "
            f"SET value = EXCLUDED.value, expires = EXCLUDED.expires{keep_live}"
        )
        params = [key, encoded, connection.ops.adapt_datetimefield_value(expires)]
        if mode == "add":
            params.append(connection.ops.adapt_datetimefield_value(now))
        try:
            with self._contained(connection, db), connection.cursor() as cursor:
                if self._cull_check_every and self._writes % self._cull_check_every == 0:
                    self._cull_when_full(db, cursor, now)
                self._writes += 1
                cursor.execute(sql, params)
                return cursor.rowcount == 1
        except DatabaseError:
            # As in Django's backend: a failed cache write must never fail the request.
            return False

    def _touch(self, key, timeout) -> bool:
        """A new expiry for a live entry, in one statement; Django's would count and cull."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        expires = self._expiry(self.get_backend_timeout(timeout))
        now = tz_now().replace(microsecond=0)
        sql = f"UPDATE {table} SET expires = %s WHERE cache_key = %s AND expires >= %s"  # noqa: S608
        adapt = connection.ops.adapt_datetimefield_value
        try:
            with self._contained(connection, db), connection.cursor() as cursor:
                cursor.execute(sql, [adapt(expires), key, adapt(now)])
                return cursor.rowcount == 1
        except DatabaseError:
            return False

    def delete_expired(self) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        now = connection.ops.adapt_datetimefield_value(tz_now())
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])  # noqa: S608
            return cursor.rowcount

    @staticmethod
    def _expiry(timeout) -> datetime:
        if timeout is None:
            return datetime.max.replace(microsecond=0)
        return datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None).replace(
            microsecond=0
        )

    @staticmethod
    def _contained(connection, db):
        """A savepoint inside a transaction, so a failed write cannot break the caller's
        transaction; outside one the single statement needs none."""
        if connection.in_atomic_block:
            return transaction.atomic(using=db)
        return nullcontext()

    def _cull_when_full(self, db, cursor, now):
        table = connections[db].ops.quote_name(self._table)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(db, cursor, now, count)


def unlogged_cache_table(table: str) -> tuple[str, str]:
    """SQL that makes ``table`` a cache table, and SQL that undoes it (for a migration).

    Unlogged: its rows are never written to the WAL, so a write does not wait for a disk flush;
    after a crash PostgreSQL empties the table, which a cache can afford (and it is not copied to
    replicas). Its values are stored without PostgreSQL's own compression: stored pages are
    already compressed by the page cache, and compressing them again cost more than the whole
    write. Creates the table the way ``createcachetable`` does when it is missing, and converts
    one that ``createcachetable`` made earlier.
    """
    forward = f"""
CREATE UNLOGGED TABLE IF NOT EXISTS "{table}" (
    "cache_key" varchar(255) NOT NULL PRIMARY KEY,
    "value" text NOT NULL,
    "expires" timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS "{table}_expires" ON "{table}" ("expires");
ALTER TABLE "{table}" SET UNLOGGED;
ALTER TABLE "{table}" ALTER COLUMN "value" SET STORAGE EXTERNAL;
"""
    backward = f"""
ALTER TABLE "{table}" ALTER COLUMN "value" SET STORAGE EXTENDED;
ALTER TABLE "{table}" SET LOGGED;
"""
    return forward, backward
