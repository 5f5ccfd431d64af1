from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registrering")

    def ready(self) -> None:
        from accounts import gdpr
        from registry import (
            jobs,  # noqa: F401 - registers the periodic jobs
            privacy,
        )

        # Erasure is deleting the user: the case history keeps the enterprise's record with the
        # person's link set to NULL (see registry.privacy).
        gdpr.register("registrering", export=privacy.personal_data, erase=privacy.erase)
        gdpr.register("mitid_erhverv", export=privacy.mitid_sign_ins)
