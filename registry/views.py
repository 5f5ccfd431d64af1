from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vaekstcenter.navigation import breadcrumbs


@require_GET
def index(request):
    return render(
        request, "registry/index.html", {"breadcrumbs": breadcrumbs((_("Registrering"), None))}
    )
