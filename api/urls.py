"""The JSON API (not language-prefixed) and its documentation page (in both languages)."""

from django.urls import path

from api import views
from api.v1 import api

app_name = "api"

# The documentation page, inside i18n_patterns: /api/ and /en/api/.
urlpatterns = [
    path("", views.documentation_page, name="documentation"),
]

# The API itself, outside i18n_patterns: /api/v1/…
v1_patterns = [
    path("api/v1/openapi.json", views.openapi_json, name="api_v1_openapi"),
    path("api/v1/", api.urls),
]
