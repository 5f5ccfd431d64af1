"""Whole pages for anonymous readers, kept until the content they show changes.

An app describes its pages with a ``ReaderPages``: a version record in the cache that the app
replaces whenever its public content changes. Every stored page's key contains the version, so
a change makes all of the app's stored pages unreachable at once; nothing is ever served stale.

The view learns the version in force from ``request.content_version`` (None when the request
was not looked up), so it can key its own cached parts on it without reading it again.

Only anonymous GET/HEAD requests without a session or messages cookie are served or stored: a
page that could show a user's name, messages or a CSRF token never is.

Pages live in the "pages" cache, which is culled when full and shares nothing with the default
cache. In front of it each process keeps its own small copy of the pages it served last
(``LocalPages``, bounded by ``PAGE_CACHE_LOCAL_BYTES``), and reads an app's version record at
most every ``PAGE_CACHE_VERSION_SECONDS``: a repeated page then costs no round trip at all, and a
change made in another process is seen within that time (at once in the process that made it,
see ``version_changed``).

A page's key holds the release (``core.release``), the app's version, the language, the
path and the query parameters the view declares it understands; any other parameter is taken
off the request before the view sees it. So ``?utm_source=…`` is answered with the stored page,
arbitrary parameters cannot make new keys, and a stored page never echoes a parameter that is
not in its key (say in a link or the language switch).
"""

import hashlib
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from functools import partial, wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.connection import ConnectionProxy
from django.utils.http import urlencode
from django.utils.translation import get_language

from core.release import release_key

# Whole pages and other big, rebuildable parts of pages (the register's counts).
page_cache = ConnectionProxy(caches, "pages")

PAGE_TIMEOUT = 60 * 60
KEPT_HEADERS = (
    "Content-Type",
    "Last-Modified",
    "ETag",
    "Content-Language",
    "Cache-Control",
    "Vary",
)


class LocalPages:
    """This process's own copies of stored pages, the least recently served dropped first.

    Each copy is kept inflated, so a hit serves the body as it is (the shared cache keeps it
    deflated). Bounded by the size of the bodies, ``PAGE_CACHE_LOCAL_BYTES`` in all; 0 keeps
    none. Keys are the shared cache's page keys, which hold the release and the version,
    so a copy is never served under another version; an app's copies are dropped as soon as its
    version moves on.
    """

    def __init__(self):
        self._pages: OrderedDict[str, dict] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def limit() -> int:
        return settings.PAGE_CACHE_LOCAL_BYTES

    @staticmethod
    def _size(stored: dict) -> int:
        return len(stored["content"]) + 512  # the headers and the bookkeeping, about

    def get(self, key: str) -> dict | None:
        with self._lock:
            stored = self._pages.get(key)
            if stored is not None:
                self._pages.move_to_end(key)
            return stored

    def put(self, key: str, stored: dict) -> None:
        limit = self.limit()
        size = self._size(stored)
        if size > limit:
            return
        with self._lock:
            previous = self._pages.pop(key, None)
            if previous is not None:
                self._bytes -= self._size(previous)
            self._pages[key] = stored
            self._bytes += size
            while self._bytes > limit:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= self._size(dropped)

    def drop_prefix(self, prefix: str) -> None:
        with self._lock:
            for key in [key for key in self._pages if key.startswith(prefix)]:
                self._bytes -= self._size(self._pages.pop(key))

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    @property
    def size(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._pages)


local_pages = LocalPages()


class LocalFragments:
    """Rendered parts of the layout that are the same on many pages (the header, the footer),
    this process's own, kept until the process ends; see ``core.templatetags.local_fragment``.

    Their keys hold the release and whatever the part varies with, a small fixed set (language,
    the navigation's current section, signed in or not), so at most ``LIMIT`` are kept.
    """

    LIMIT = 512

    def __init__(self):
        self._parts: dict[tuple, str] = {}

    def get_or_render(self, key: tuple, render: Callable[[], str]) -> str:
        key = (release_key(), *key)
        part = self._parts.get(key)
        if part is None:
            part = render()
            if len(self._parts) >= self.LIMIT:
                self._parts.clear()
            self._parts[key] = part
        return part

    def clear(self) -> None:
        self._parts.clear()


local_fragments = LocalFragments()
# Version key -> (version, when it was last read from the shared cache), for this process.
_known_versions: dict[str, tuple[str, float]] = {}


def version_changed(version_key: str) -> None:
    """Call after storing a new version record: this process reads it on its next page."""
    known = _known_versions.get(version_key)
    if known is not None:
        _known_versions[version_key] = (known[0], float("-inf"))


def forget_local_pages() -> None:
    """This process's copies, fragments and known versions, gone (tests start from none)."""
    local_pages.clear()
    local_fragments.clear()
    _known_versions.clear()


class ReaderPages:
    """The cached pages of one app, versioned by one record under ``version_key``.

    ``current_version(record)`` turns the stored record (``None`` when there is none) into the
    version in force, starting a new one when the record is missing or out of date.
    """

    def __init__(self, name: str, version_key: str, current_version: Callable[[object], str]):
        self.name = name
        self.version_key = version_key
        self.current_version = current_version

    def page_key(self, request, version: str) -> str:
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        return f"{self.name}:html:{release_key()}:{version}:{get_language()}:{path}"

    def lookup(self, request) -> tuple[str, str, dict | None]:
        """The current version, the page's key under it and its stored copy, if any.

        The version read less than ``PAGE_CACHE_VERSION_SECONDS`` ago is taken as current, and
        this process's own copy of the page is served when it has one: no round trip. Otherwise
        one cache read fetches the version record together with the page under the last known
        version (the record in that same read always decides).
        """
        known = _known_versions.get(self.version_key)
        if known is not None and time.monotonic() - known[1] < settings.PAGE_CACHE_VERSION_SECONDS:
            version = known[0]
            key = self.page_key(request, version)
            stored = local_pages.get(key)
            if stored is None:
                stored = self._keep_locally(key, page_cache.get(key))
            return version, key, stored
        guess = known[0] if known is not None else None
        keys = [self.version_key]
        if guess:
            keys.append(self.page_key(request, guess))
        found = page_cache.get_many(keys)
        version = self.current_version(found.get(self.version_key))
        if guess is not None and version != guess:
            local_pages.drop_prefix(f"{self.name}:html:")
        _known_versions[self.version_key] = (version, time.monotonic())
        key = self.page_key(request, version)
        stored = local_pages.get(key)
        if stored is None:
            shared = found.get(key) if version == guess else page_cache.get(key)
            stored = self._keep_locally(key, shared)
        return version, key, stored

    @staticmethod
    def _keep_locally(key: str, shared: dict | None) -> dict | None:
        """The shared cache's deflated copy, inflated once and kept by this process."""
        if shared is None:
            return None
        stored = {"content": zlib.decompress(shared["deflated"]), "headers": shared["headers"]}
        local_pages.put(key, stored)
        return stored

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
                response = HttpResponse(stored["content"])
                for header, value in stored["headers"].items():
                    response[header] = value
                return response
            response = _revalidated(view(request, *args, **kwargs))
            if _is_shared(request, response):
                _shared_for_a_while(response)
                # Hashed once here, so a conditional view (conditional_page) answering from the
                # stored copy does not hash the body again on every hit.
                set_response_etag(response)
                headers = {h: response[h] for h in KEPT_HEADERS if h in response}
                # Level 1 shrinks a page about five times, faster than the database would
                # compress it (see the cache table migration; timings: benchmarks/run.py).
                deflated = zlib.compress(response.content, 1)
                page_cache.set(key, {"deflated": deflated, "headers": headers}, PAGE_TIMEOUT)
                local_pages.put(key, {"content": response.content, "headers": headers})
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


def _is_shared(request, response) -> bool:
    """The same for every anonymous reader: no cookie set, no CSRF token in the page (a
    visitor who already has the CSRF cookie gets a token without a new cookie)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _shared_for_a_while(response) -> None:
    """A reverse proxy or CDN may serve the page for ``PAGE_CACHE_PROXY_SECONDS`` (0: never).

    Browsers still ask again every time (``max-age=0``); ``Vary: Cookie`` keeps a signed-in
    reader's request from being answered with the anonymous copy. After a publish a proxy may
    serve the old page for that long unless it is purged (docs/deploy.md).
    """
    seconds = settings.PAGE_CACHE_PROXY_SECONDS
    if seconds > 0 and response["Cache-Control"] == "no-cache":  # the view said nothing itself
        del response.headers["Cache-Control"]
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)


def _revalidated(response):
    """Browsers and proxies ask again each time (a 304 when nothing changed), never guess.

    A page differs with the session cookie (a signed-in user's page), so shared caches must not
    hand an anonymous copy to a signed-in user or the other way round.
    """
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response
