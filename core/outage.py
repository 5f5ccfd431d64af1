"""What visitors get while PostgreSQL cannot be reached: a 503 page that needs no database.

Django turns an exception anywhere in the middleware or view stack into a response at the
layer where it happened, so no middleware above can catch a database error. Instead the error
handlers (``handler500``, and ``handler400`` for a session that could not be saved) ask
``caused_by_outage`` about the exception in flight and answer with ``unavailable_page``.

The page is rendered without a request context: no context processor runs, so nothing reads
the session, the user or the cache. The language comes from the address alone (English under
``/en/``), as LocaleMiddleware would decide it.
"""

import logging

import django.db
import psycopg
from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from vaekstcenter.context_processors import site

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


def unavailable_page(request) -> HttpResponse:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.get_template("503.html").render(site(request))
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


class ShortOutageRecords(logging.Filter):
    """While the database is down every request fails the same way: log one line for each
    (Django's "Service Unavailable: /path"), not the same traceback again and again."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status == 503 and record.exc_info and caused_by_outage(record.exc_info[1]):
            record.exc_info = None
            record.exc_text = None
        return True
