"""Staff access: what a staff permission grants needs a session verified with the second factor.

Every view that grants access because of a staff permission goes through this module: whole
staff views with ``@staff_view(...)``, views that are also open to others (a representative's
document, a published article's image) with ``staff_permitted(...)``. The admin is guarded as a
whole by ``accounts.middleware.StaffTwoFactorMiddleware``. A session counts as verified when the
user used the second factor in it (allauth records each authentication method in the session),
not merely because a TOTP authenticator exists.

Staff sessions are also short: they end when the browser closes and eight hours after sign-in
(``accounts.middleware.StaffSessionMiddleware``).
"""

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# When the session's user signed in (seconds since the epoch), set for every sign-in.
SIGNED_IN_AT_KEY = "signed_in_at"

Permission = str | Callable  # "app_label.codename", or a test of the user


class StaffVerificationRequired(Exception):
    """A staff permission would grant access, but the session has not used the second factor."""


def is_staff_user(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def holds(user, permission: Permission) -> bool:
    if not user.is_authenticated:
        return False
    return permission(user) if callable(permission) else user.has_perm(permission)


def is_verified(request) -> bool:
    """The user used the second factor in this session (or the demo does not require it)."""
    if not settings.STAFF_MFA_REQUIRED:
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def staff_permitted(request, permission: Permission) -> bool:
    """Whether the permission grants access; if it does, the session must be verified.

    For views that others may also use: call it only after the other grounds for access failed.
    """
    if not holds(request.user, permission):
        return False
    if not is_verified(request):
        raise StaffVerificationRequired
    return True


def staff_view(permission: Permission):
    """Sign-in for visitors, 403 without the permission, the second factor for everyone else."""

    def decorate(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not staff_permitted(request, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def verification_response(request):
    """Where an unverified staff session goes: set up TOTP, or enter a code from it."""
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
        messages.warning(
            request, _("Du skal slå totrinsbekræftelse til, før du kan bruge administrationen.")
        )
        return redirect("mfa_activate_totp")
    messages.info(
        request, _("Bekræft, at det er dig, med en kode fra din godkendelsesapp for at fortsætte.")
    )
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")


def record_sign_in(sender, request, user, **kwargs) -> None:
    """On ``user_logged_in``: note when, so a staff session can end eight hours later."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = time.time()


def session_expired(request) -> bool:
    signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
    if not isinstance(signed_in_at, int | float):
        return True
    return time.time() - signed_in_at > settings.STAFF_SESSION_MAX_AGE
