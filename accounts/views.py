from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from vaekstcenter.navigation import breadcrumbs


@login_required
def overview(request):
    return render(
        request, "accounts/overview.html", {"breadcrumbs": breadcrumbs((_("Min side"), None))}
    )
