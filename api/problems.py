"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API answers, whether an endpoint raised it or Django answered before any
endpoint ran (an unknown address, a NUL in the query string, a method the API does not have,
a server error), reaches the client in this one shape. ``type`` is a link to the error's
explanation on the documentation page.
"""

import json
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse

MEDIA_TYPE = "application/problem+json"

# Status -> (the slug of its ``type``, the fixed title, the detail when the caller gives none).
KINDS = {
    400: ("invalid-request", "Invalid request", "A parameter has a value the API cannot use."),
    404: (
        "not-found",
        "Not found",
        "There is nothing at this address. The API is described at /api/.",
    ),
    405: (
        "method-not-allowed",
        "Method not allowed",
        "The API is read-only: use GET, HEAD or OPTIONS.",
    ),
    429: (
        "too-many-requests",
        "Too many requests",
        "This client has sent more requests than the limit allows. Wait and try again.",
    ),
    500: ("server-error", "Server error", "The request could not be answered. Try again later."),
    503: (
        "unavailable",
        "Service unavailable",
        "The service is briefly unavailable. Try again in a moment.",
    ),
}


def problem_type(status: int) -> str:
    slug = KINDS.get(status, ("error",))[0]
    return f"{settings.SITE_URL}/api/#problem-{slug}"


def problem(status: int, detail: str = "", **extensions) -> HttpResponse:
    _slug, title, default_detail = KINDS.get(
        status, ("error", HTTPStatus(status).phrase, HTTPStatus(status).description)
    )
    body = {
        "type": problem_type(status),
        "title": title,
        "status": status,
        "detail": detail or default_detail,
        **extensions,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )


def is_problem(response) -> bool:
    return response.get("Content-Type", "").startswith(MEDIA_TYPE)
