from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Netværk")

    def ready(self) -> None:
        from accounts import gdpr
        from network.models import Profile

        def profiles(user) -> list[dict]:
            return list(
                Profile.objects.filter(owner=user)
                .order_by("created_at")
                .values("name", "kind", "about", "offers", "seeks", "website", "status")
            )

        # A user's profiles are deleted with the account (on_delete=CASCADE).
        gdpr.register("netvaerk", export=profiles)
