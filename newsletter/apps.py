from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Nyhedsbrev")

    def ready(self) -> None:
        from accounts import gdpr
        from newsletter import (
            jobs,  # noqa: F401 - registers the digest and clean-up jobs
            privacy,
        )

        gdpr.register("nyhedsbrev", export=privacy.personal_data, erase=privacy.erase)
