from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "geography"
    verbose_name = _("Kommuner og regioner")

    def ready(self) -> None:
        from geography.reference import load_reference_data

        post_migrate.connect(load_reference_data, sender=self)
