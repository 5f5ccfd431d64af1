"""Site-wide views: the health check and the error pages."""

import sys
from datetime import UTC, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.outage import RETRY_AFTER_SECONDS, caused_by_outage
from vaekstcenter.context_processors import site


@require_GET
@never_cache
def healthz(request):
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "up"})


SECURITY_TXT_LIFETIME = timedelta(days=180)  # RFC 9116: Expires less than a year ahead


@require_GET
def security_txt(request):
    """How to report a vulnerability, per RFC 9116; the Expires date moves on with each day."""
    expires = (timezone.now() + SECURITY_TXT_LIFETIME).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.CENTRE['security_email']}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: da, en",
        f"Canonical: {request.build_absolute_uri(request.path)}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def bad_request(request, exception):
    """A session that could not be saved because the database is gone is an outage, not a 400."""
    if caused_by_outage(exception):
        return unavailable_page(request)
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def server_error(request):
    """Rendered without context processors, so it works when the database does not.

    Django calls this while handling the exception, so the exception is at hand.
    """
    if caused_by_outage(sys.exc_info()[1]):
        return unavailable_page(request)
    return HttpResponseServerError(loader.get_template("500.html").render({"request": None}))


def unavailable_page(request) -> HttpResponse:
    """The 503 page while the database is gone (see ``core.outage``).

    Rendered without a request context: no context processor but ``site`` runs, so nothing reads
    the session, the user or the cache. The language comes from the address alone (English under
    ``/en/``), as LocaleMiddleware would decide it.
    """
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.get_template("503.html").render(site(request))
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response
