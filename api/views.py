import hashlib
import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from api import documentation
from api.conditional import MAX_AGE
from api.problems import KINDS, problem_type
from core.navigation import breadcrumbs
from core.release import release_key


@require_GET
def openapi_json(request):
    """The OpenAPI 3.1 schema, its ``servers`` the origin it was asked at."""
    origin = request.build_absolute_uri("/").rstrip("/")
    etag = quote_etag(hashlib.sha256(f"{release_key()}:{origin}".encode()).hexdigest()[:32])
    response = get_conditional_response(request, etag=etag)
    if response is None:
        body = json.dumps(documentation.with_servers(origin), ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_GET
def documentation_page(request):
    return render(
        request,
        "api/documentation.html",
        {
            "breadcrumbs": breadcrumbs((_("Åbent API"), None)),
            "operations": documentation.operations(),
            "problems": [
                {"status": status, "slug": slug, "type": problem_type(status), "title": title}
                for status, (slug, title, _detail) in KINDS.items()
            ],
            "limit": settings.API_REQUESTS_PER_MINUTE,
            "max_age": MAX_AGE,
        },
    )
