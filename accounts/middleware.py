from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# The staff areas: the admin and the staff pages outside it (prefixes of these URLs).
STAFF_AREAS = ["admin:index", "guidance:statistics"]


class StaffTwoFactorMiddleware:
    """Staff must set up TOTP two-factor authentication before they can use a staff area."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_two_factor(request):
            messages.warning(
                request,
                _("Du skal slå totrinsbekræftelse til, før du kan bruge administrationen."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_two_factor(self, request) -> bool:
        if not settings.STAFF_MFA_REQUIRED:
            return False
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return False
        if not any(request.path_info.startswith(reverse(area)) for area in STAFF_AREAS):
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
