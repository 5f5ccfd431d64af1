"""Rate limits on public forms and downloads, without third-party services.

Rate limits count attempts per client and scope in a window of ``period`` seconds that starts
with the client's first attempt, in a table of their own (``RateLimitCounter``): no cache traffic
can evict a count, and a window lasts its whole period. Each attempt is one atomic statement
(``INSERT … ON CONFLICT DO UPDATE … RETURNING``) that counts on, or starts a new window when the
last one has ended, so parallel attempts can never slip past a limit. A window is the client's
own, not the clock's (an hourly limit does not start afresh at every full hour). The
housekeeping job deletes the rows of ended windows.

The count commits at once: the views call ``rate_limited`` outside any transaction (the project
does not use ``ATOMIC_REQUESTS``), so an attempt stays counted whatever the view does after it,
and the counter's row is locked for one statement only. Inside a transaction the count would
be rolled back with it.

The client is the address that ``client_address`` finds, the same one allauth's login limits
use; it is keyed by a hash, so no address is stored in clear.
"""

import datetime as dt
import hashlib
import ipaddress

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import RateLimitCounter

# One IPv6 host usually holds a whole /64; allauth groups addresses the same way.
IPV6_PREFIX = 64


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the
    address the outermost of them saw (counted from the right of X-Forwarded-For, so an address
    a client puts in front of the header never counts). allauth's own function reads it, so the
    login limits and ours always agree."""
    address = get_adapter(request).get_client_ip(request)
    if ":" in address:
        network = ipaddress.IPv6Network(f"{address}/{IPV6_PREFIX}", strict=False)
        address = str(network.network_address)
    return address


def client_key(request) -> str:
    address = client_address(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def rate_limited(request, scope: str, *, limit: int, period: int) -> bool:
    """Count an attempt by this client in ``scope``; True past ``limit`` per ``period`` seconds."""
    now = timezone.now()
    attempts = _count_attempt(scope, client_key(request), now, now + dt.timedelta(0, period))
    return attempts > limit


def rate_limited_for(scope: str, subject: str, *, limit: int, period: int) -> bool:
    """Count an attempt concerning ``subject`` (an e-mail address, say) from any client; True
    past ``limit`` per ``period`` seconds. Keyed by a hash, so the subject is not stored."""
    now = timezone.now()
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{subject}".encode()).hexdigest()[:32]
    return _count_attempt(scope, key, now, now + dt.timedelta(0, period)) > limit


def _count_attempt(scope: str, client: str, now, window_end) -> int:
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    ended = f"{table}.expires_at <= EXCLUDED.window_start"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, client, window_start, expires_at, count) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, 1) ON CONFLICT (scope, client) DO UPDATE SET "
            f"count = CASE WHEN {ended} THEN 1 ELSE {table}.count + 1 END, "
            f"window_start = CASE WHEN {ended} THEN EXCLUDED.window_start "
            f"ELSE {table}.window_start END, "
            f"expires_at = CASE WHEN {ended} THEN EXCLUDED.expires_at "
            f"ELSE {table}.expires_at END "
            "RETURNING count",
            [scope, client, now, window_end],
        )
        return cursor.fetchone()[0]


def delete_ended_windows() -> int:
    deleted, _by_model = RateLimitCounter.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
