from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Rådgivning")

    def ready(self) -> None:
        from accounts import gdpr
        from guidance import (
            jobs,  # noqa: F401 - registers the periodic jobs
            selectors,
            services,
        )

        gdpr.register(
            "henvendelser",
            export=lambda user: selectors.personal_data(
                selectors.enquiries_of_user_for_export(user), internal=False
            ),
            erase=services.erase_enquiries_of_user,
        )
