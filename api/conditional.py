"""Validators, cache headers and the rate limit for every endpoint (see ``published``).

An endpoint's ``ETag`` and ``Last-Modified`` come from the version of the content it shows, the
same versions the site's page caches use: the register's (``registry.page_cache``) and the
portal's content version (``portal.page_cache``), which events move on too. A client that sends
back what it got is answered 304 while that content is unchanged, before the rate limit or any
query of the content: revalidating is free, full answers are counted.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.utils import timezone

from api.problems import problem
from core.rate_limits import rate_limited
from core.revalidation import revalidated
from portal.page_cache import content_state
from registry.page_cache import register_version

# Browsers and proxies may reuse an answer this long, then revalidate it.
MAX_AGE = 60
RATE_PERIOD = 60


@dataclass(frozen=True)
class Freshness:
    version: str
    changed_at: dt.datetime


def register_freshness() -> Freshness:
    record = register_version()
    return Freshness(record["generation"], record["changed_at"])


def figures_freshness() -> Freshness:
    """The sector's figures follow the register and are taken as of today."""
    record = register_version()
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Freshness(
        f"{record['generation']}.{midnight:%Y%m%d}", max(record["changed_at"], midnight)
    )


def content_freshness() -> Freshness:
    state = content_state()
    return Freshness(state["version"], state["changed_at"])


def upcoming_freshness() -> Freshness:
    """Events leave "upcoming" when they end, with no change to record: the content version
    and the current minute, so a validator is good for a minute at most."""
    content = content_freshness()
    minute = timezone.now().replace(second=0, microsecond=0)
    return Freshness(f"{content.version}.{minute:%Y%m%d%H%M}", max(content.changed_at, minute))


def published(freshness: Callable[[], Freshness]):
    """Wrap an endpoint: 304 when the client's copy is current, else 429 past the client's
    limit, else the endpoint's answer with ``ETag``, ``Last-Modified`` and ``Cache-Control``."""

    def decorator(run):
        @wraps(run)
        def wrapper(request, *args, **kwargs):
            fresh = freshness()
            return revalidated(
                request,
                version=fresh.version,
                changed_at=fresh.changed_at,
                max_age=MAX_AGE,
                answer=lambda: refused(request) or run(request, *args, **kwargs),
            )

        return wrapper

    return decorator


def refused(request):
    """429 past ``API_REQUESTS_PER_MINUTE`` full answers per client (by real address)."""
    limit = settings.API_REQUESTS_PER_MINUTE
    if not rate_limited(request, "open-api", limit=limit, period=RATE_PERIOD):
        return None
    response = problem(
        429, f"At most {limit} requests a minute per client; revalidated (304) ones are free."
    )
    response["Retry-After"] = str(RATE_PERIOD)
    return response
