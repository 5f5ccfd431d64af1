"""Whole public register pages for anonymous readers, kept until the register changes.

The same approach as ``portal.page_cache``, keyed by the register's version instead of the
portal's content version: ``register_changed()`` starts a new version, so every stored page
becomes unreachable the moment an enterprise is registered, changed or deregistered.

Only anonymous GET/HEAD requests without a session or messages cookie are served or stored: a page
that could show a user's name, messages or a CSRF token never is.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from registry.selectors import register_version

PAGE_TIMEOUT = 60 * 60
KEPT_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "Vary")


def _is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def cached_for_readers(view):
    """Serve anonymous readers a stored copy of the page; store fresh 200 responses."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_cacheable(request):
            return _revalidated(view(request, *args, **kwargs))
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"registry:page:{register_version()['generation']}:{get_language()}:{path}"
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
    """Browsers ask again each time; shared caches keep anonymous and signed-in copies apart."""
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response
