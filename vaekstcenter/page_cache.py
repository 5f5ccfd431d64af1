"""Whole pages for anonymous readers, kept until the content they show changes.

An app describes its pages with a ``ReaderPages``: a version record in the cache that the app
replaces whenever its public content changes. Every stored page's key contains the version, so
a change makes all of the app's stored pages unreachable at once; nothing is ever served stale.

The view learns the version in force from ``request.content_version`` (None when the request
was not looked up), so it can key its own cached parts on it without reading it again.

Only anonymous GET/HEAD requests without a session or messages cookie are served or stored: a
page that could show a user's name, messages or a CSRF token never is.
"""

import hashlib
import zlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

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
        return f"{self.name}:html:{version}:{get_language()}:{path}"

    def lookup(self, request) -> tuple[str, str, dict | None]:
        """The current version, the page's key under it and its stored copy, if any."""
        guess = self._last_version
        keys = [self.version_key]
        if guess:
            keys.append(self.page_key(request, guess))
        found = cache.get_many(keys)
        version = self.current_version(found.get(self.version_key))
        self._last_version = version
        key = self.page_key(request, version)
        if version == guess:
            return version, key, found.get(key)
        return version, key, cache.get(key)

    def cached_for_readers(self, view):
        """Serve anonymous readers a stored copy of the page; store fresh 200 responses."""

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.content_version = None
            if not _is_cacheable(request):
                return _revalidated(view(request, *args, **kwargs))
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
                cache.set(key, {"deflated": deflated, "headers": headers}, PAGE_TIMEOUT)
            return response

        return wrapper


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
