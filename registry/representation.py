"""Who acts for an enterprise: representatives invite others by e-mail and revoke invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.navigation import breadcrumbs
from core.rate_limits import rate_limited
from registry import services
from registry.forms import InvitationForm
from registry.models import Enterprise

INVITATIONS_PER_HOUR = 20


def _own_enterprise(request, cvr) -> Enterprise:
    """The enterprise, if the user acts for it; 404 for everyone else."""
    return get_object_or_404(Enterprise.objects.represented_by(request.user), cvr=cvr)


def _crumbs(enterprise, *trail):
    return breadcrumbs(
        (_("Registrering"), reverse("registry:index")),
        (_("Mine sager"), reverse("registry:my_cases")),
        (enterprise.name, None),
        *trail,
    )


@login_required
@require_http_methods(["GET", "POST"])
def representatives(request, cvr):
    enterprise = _own_enterprise(request, cvr)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "registry-invite", limit=INVITATIONS_PER_HOUR, period=3600):
            form.add_error(None, _("Du har sendt mange invitationer. Prøv igen om en time."))
        else:
            try:
                services.invite_representative(enterprise, request.user, form.cleaned_data["email"])
            except services.InvitationError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request,
                    _("Invitationen er sendt til %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("registry:representatives", cvr=enterprise.cvr)
    return render(
        request,
        "registry/representatives.html",
        {
            "breadcrumbs": _crumbs(enterprise, (_("Hvem handler for virksomheden"), None)),
            "enterprise": enterprise,
            "people": enterprise.representatives.order_by("first_name", "last_name", "email"),
            "invitations": enterprise.invitations.select_related("invited_by"),
            "form": form,
        },
    )


@login_required
@require_POST
def revoke_invitation(request, cvr, pk):
    enterprise = _own_enterprise(request, cvr)
    invitation = get_object_or_404(enterprise.invitations, pk=pk)
    try:
        services.revoke_invitation(invitation, request.user)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Invitationen er tilbagekaldt."))
    return redirect("registry:representatives", cvr=enterprise.cvr)


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = services.invitation_from_token(token)
    if invitation is None:
        raise Http404
    allowed = services.may_accept(invitation, request.user)
    problem = None
    if not allowed:
        problem = _(
            "Invitationen er sendt til en anden e-mail-adresse end den, du er logget ind med. "
            "Log ind med den adresse, invitationen blev sendt til."
        )
    elif invitation.state != "pending":
        problem = _("Invitationen er udløbet, tilbagekaldt eller allerede brugt. Bed om en ny.")
    if request.method == "POST" and problem is None:
        try:
            enterprise = services.accept_invitation(invitation, request.user)
        except (services.InvitationError, PermissionDenied):
            problem = _("Invitationen er udløbet, tilbagekaldt eller allerede brugt. Bed om en ny.")
        else:
            messages.success(
                request,
                _("Du handler nu for %(name)s.") % {"name": enterprise.name},
            )
            return redirect("registry:my_cases")
    return render(
        request,
        "registry/accept_invitation.html",
        {
            "breadcrumbs": breadcrumbs(
                (_("Registrering"), reverse("registry:index")), (_("Invitation"), None)
            ),
            # A stranger with the link learns nothing about the enterprise.
            "invitation": invitation if allowed else None,
            "problem": problem,
        },
        status=403 if not allowed else 200,
    )
