import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.forms import EraseAccountForm
from accounts.gdpr import erase_account, export_personal_data
from core.navigation import breadcrumbs


@login_required
def overview(request):
    return render(
        request, "accounts/overview.html", {"breadcrumbs": breadcrumbs((_("Min side"), None))}
    )


@require_GET
@login_required
def export_data(request):
    """All personal data we keep about the signed-in user, as a JSON download."""
    data = export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mine-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def erase(request):
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        erase_account(request.user)
        logout(request)
        messages.success(request, _("Din konto og dine personoplysninger er slettet."))
        return redirect("portal:home")
    return render(
        request,
        "accounts/erase.html",
        {
            "form": form,
            "breadcrumbs": breadcrumbs(
                (_("Min side"), reverse("accounts:overview")), (_("Slet konto"), None)
            ),
        },
    )
