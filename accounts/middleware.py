from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from accounts import staff


class StaffTwoFactorMiddleware:
    """The second factor for the whole admin, and for every view that asks through ``staff``.

    The admin is recognised by its URL namespace, so every admin page (custom views included)
    is guarded without a list to keep.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        in_admin = request.resolver_match is not None and "admin" in (
            request.resolver_match.namespaces
        )
        if in_admin and staff.is_staff_user(request.user) and not staff.is_verified(request):
            return staff.verification_response(request)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, staff.StaffVerificationRequired):
            return staff.verification_response(request)
        return None


class StaffSessionMiddleware:
    """Staff sessions end when the browser closes and eight hours after sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if staff.is_staff_user(request.user) and staff.session_expired(request):
            path = request.get_full_path()
            logout(request)
            messages.info(request, _("Du er logget ud, fordi din session er udløbet."))
            return redirect_to_login(path)
        response = self.get_response(request)
        # After the view, so it also holds for the sign-in itself (allauth sets the expiry
        # from "remember me" after the user is logged in).
        if staff.is_staff_user(request.user) and not request.session.get_expire_at_browser_close():
            request.session.set_expiry(0)
        return response
