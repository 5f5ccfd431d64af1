from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open, read-only JSON API at /api/v1/ and its documentation page at /api/."""

    name = "api"
    verbose_name = _("Åbent API")
