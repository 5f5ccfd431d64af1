from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vaekstcenter.navigation import breadcrumbs


@require_GET
def index(request):
    return render(
        request, "guidance/index.html", {"breadcrumbs": breadcrumbs((_("Rådgivning"), None))}
    )
