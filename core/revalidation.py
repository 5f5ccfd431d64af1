"""Conditional GET for answers versioned by a content version (the open data, the open API).

The ``ETag`` holds the version, the release and the full path (so every address and query has
its own), ``Last-Modified`` is when the version began. A client that sends back what it got
(``If-None-Match`` / ``If-Modified-Since``) is answered 304 while the version is unchanged,
before ``answer`` runs: no rate limit is counted and no content is read.
"""

import datetime as dt
import hashlib
from collections.abc import Callable

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from core.release import release_key


def revalidated(
    request,
    *,
    version: str,
    changed_at: dt.datetime,
    max_age: int,
    answer: Callable[[], HttpResponseBase],
) -> HttpResponseBase:
    """304 when the client's copy is of ``version``, else ``answer()``. A 200 or 304 carries the
    validators and ``Cache-Control: public, max-age``; any other status (a 429) none."""
    key = f"{release_key()}:{version}:{request.get_full_path()}"
    etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
    last_modified = int(changed_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = answer()
    if response.status_code in (200, 304):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=max_age)
    return response
