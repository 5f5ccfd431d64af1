"""Whole-page cache for anonymous readers, invalidated the moment published content changes.

Every cached page's key contains the *content version*. The services bump it whenever an article
changes; it also moves on by itself when the next scheduled ``publish_at`` passes, because the
version record remembers that time. So no cron job is needed and a scheduled article appears on the
home page and in lists the moment its time comes.

Only anonymous GET requests without a session or messages cookie are cached: a page that could
show a user's name, messages or a CSRF token is never stored or served from the cache.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

# The database cache culls the alphabetically first keys when it is full; "~" sorts after every
# page key, so the version record outlives the pages it versions.
VERSION_KEY = "~portal:content-version"
PAGE_TIMEOUT = 60 * 60
KEPT_HEADERS = ("Content-Type", "Last-Modified", "Content-Language", "Cache-Control", "Vary")


def _next_scheduled_publication():
    from portal.models import Article, ArticleStatus

    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=timezone.now())
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def bump_content_version() -> str:
    """Start a new content version: every cached page becomes unreachable at once."""
    state = {"version": uuid.uuid4().hex, "next_publication": _next_scheduled_publication()}
    cache.set(VERSION_KEY, state, timeout=None)
    return state["version"]


def content_version() -> str:
    state = cache.get(VERSION_KEY)
    if state is None:
        return bump_content_version()
    due = state["next_publication"]
    if due is not None and due <= timezone.now():
        return bump_content_version()
    return state["version"]


def _is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _page_key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"portal:page:{content_version()}:{get_language()}:{path}"


def cached_for_readers(view):
    """Serve anonymous readers a stored copy of the page; store fresh 200 responses."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_cacheable(request):
            return _revalidated(view(request, *args, **kwargs))
        key = _page_key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"])
            for header, value in stored["headers"].items():
                response[header] = value
            return response
        response = _revalidated(view(request, *args, **kwargs))
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            cache.set(key, {"content": response.content, "headers": headers}, PAGE_TIMEOUT)
        return response

    return wrapper


def _revalidated(response):
    """Browsers and proxies ask again each time (a 304 when nothing changed), never guess.

    A page differs with the session cookie (a signed-in user's page), so shared caches must not
    hand an anonymous copy to a signed-in user or the other way round.
    """
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response
