"""Whole pages for anonymous readers, kept until the content they show changes.

An app describes its pages with a ``ReaderPages``: a version record in the cache that the app
replaces whenever its public content changes. Every stored page's key contains the version, so
a change makes all of the app's stored pages unreachable at once; nothing is ever served stale.

The view learns the version in force from ``request.content_version`` (None when the request
was not looked up), so it can key its own cached parts on it without reading it again.

Only anonymous GET/HEAD requests without a session or messages cookie are served or stored: a
page that could show a user's name, messages or a CSRF token never is.

Pages live in the "pages" cache, which is culled when full and shares nothing with the default
cache. A page's key holds the release (``core.release``), the app's version, the language,
the path and the query parameters the view declares it understands; any other parameter is taken
off the request before the view sees it. So ``?utm_source=…`` is answered with the stored page,
arbitrary parameters cannot make new keys, and a stored page never echoes a parameter that is
not in its key (say in a link or the language switch).
"""

import hashlib
import zlib
from collections.abc import Callable
from functools import partial, wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.http import urlencode
from django.utils.translation import get_language

from core.release import release_key

# Whole pages and other big, rebuildable parts of pages (the register's counts).
page_cache = ConnectionProxy(caches, "pages")

PAGE_TIMEOUT = 60 * 60
KEPT_HEADERS = ("Content-Type", "Last-Modified", "Content-Language", "Cache-Control", "Vary")


class ReaderPages:
    """The cached pages of one app, versioned by one record under ``version_key``.

    ``current_version(record)`` turns the stored record (``None`` when there is none) into the
    version in force, starting a new one when the record is missing or out of date.
    """

    def __init__(self, name: str, version_key: str, current_version: Callable[[object], str]):
        self.name = name
        self.version_key = version_key
        self.current_version = current_version
        # This process's last known version: a guess that lets one cache read fetch both the
        # version record and the page. The record in that same read always decides.
        self._last_version: str | None = None

    def page_key(self, request, version: str) -> str:
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        return f"{self.name}:html:{release_key()}:{version}:{get_language()}:{path}"

    def lookup(self, request) -> tuple[str, str, dict | None]:
        """The current version, the page's key under it and its stored copy, if any."""
        guess = self._last_version
        keys = [self.version_key]
        if guess:
            keys.append(self.page_key(request, guess))
        found = page_cache.get_many(keys)
        version = self.current_version(found.get(self.version_key))
        self._last_version = version
        key = self.page_key(request, version)
        if version == guess:
            return version, key, found.get(key)
        return version, key, page_cache.get(key)

    def cached_for_readers(self, view=None, *, params: tuple[str, ...] = ()):
        """Serve anonymous readers a stored copy of the page; store fresh 200 responses.

        ``params`` are the query parameters the page understands (none by default).
        """
        if view is None:
            return partial(self.cached_for_readers, params=params)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.content_version = None
            if not _is_cacheable(request):
                return _revalidated(view(request, *args, **kwargs))
            _keep_only(request, params)
            request.content_version, key, stored = self.lookup(request)
            if stored is not None:
                response = HttpResponse(zlib.decompress(stored["deflated"]))
                for header, value in stored["headers"].items():
                    response[header] = value
                return response
            response = _revalidated(view(request, *args, **kwargs))
            if response.status_code == 200 and not response.streaming and not response.cookies:
                headers = {h: response[h] for h in KEPT_HEADERS if h in response}
                # Level 1 shrinks a page about five times in a tenth of a millisecond, less
                # than the database would spend compressing it (see the cache table migration).
                deflated = zlib.compress(response.content, 1)
                page_cache.set(key, {"deflated": deflated, "headers": headers}, PAGE_TIMEOUT)
            return response

        return wrapper


def _keep_only(request, params: tuple[str, ...]) -> None:
    """Take every query parameter but ``params`` off the request, in a fixed order."""
    kept = urlencode([(name, value) for name in params for value in request.GET.getlist(name)])
    request.META["QUERY_STRING"] = kept
    request.GET = QueryDict(kept)


def _is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _revalidated(response):
    """Browsers and proxies ask again each time (a 304 when nothing changed), never guess.

    A page differs with the session cookie (a signed-in user's page), so shared caches must not
    hand an anonymous copy to a signed-in user or the other way round.
    """
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response
