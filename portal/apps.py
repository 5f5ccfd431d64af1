from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Vidensportal")

    def ready(self) -> None:
        from portal.page_seeds import load_pages
        from portal.reference import load_audiences

        post_migrate.connect(load_audiences, sender=self)
        post_migrate.connect(load_pages, sender=self)
