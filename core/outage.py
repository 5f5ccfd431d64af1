"""A lost database: recognised in the exception in flight, and logged in one line per request.

Django turns an exception anywhere in the middleware or view stack into a response at the
layer where it happened, so no middleware above can catch a database error. Instead the error
handlers (``handler500``, and ``handler400`` for a session that could not be saved) ask
``caused_by_outage`` about the exception in flight and answer with the 503 page
(``vaekstcenter.views.unavailable_page``).
"""

import logging

import django.db
import psycopg

# How long a client or a proxy should wait before asking again.
RETRY_AFTER_SECONDS = 30

# A connection that cannot be had (psycopg_pool.PoolTimeout is a psycopg.OperationalError),
# a connection lost mid-request, a server shutting down or starting up.
OUTAGE_ERRORS = (
    django.db.OperationalError,
    django.db.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


def caused_by_outage(exception: BaseException | None) -> bool:
    """Whether the exception, or one it was raised from or while handling, is a lost database."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OUTAGE_ERRORS):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


class ShortOutageRecords(logging.Filter):
    """While the database is down every request fails the same way: log one line for each
    (Django's "Service Unavailable: /path"), not the same traceback again and again."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status == 503 and record.exc_info and caused_by_outage(record.exc_info[1]):
            record.exc_info = None
            record.exc_text = None
        return True
