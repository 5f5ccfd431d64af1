import datetime as dt

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vaekstcenter.navigation import breadcrumbs as crumbs


@require_GET
def home(request):
    return render(request, "portal/home.html")


@require_GET
def knowledge(request):
    return render(request, "portal/knowledge.html", {"breadcrumbs": crumbs((_("Viden"), None))})


@require_GET
def search(request):
    return render(
        request,
        "portal/search.html",
        {"breadcrumbs": crumbs((_("Søg"), None)), "query": request.GET.get("q", "")},
    )


@require_GET
def about(request):
    return render(
        request,
        "portal/about.html",
        {
            "breadcrumbs": crumbs((_("Om Vækstcentret"), None)),
            "last_updated": dt.date(2026, 11, 23),
        },
    )


@require_GET
def accessibility(request):
    return render(
        request,
        "portal/accessibility.html",
        {
            "breadcrumbs": crumbs((_("Tilgængelighedserklæring"), None)),
            "last_updated": dt.date(2026, 11, 23),
        },
    )


@require_GET
def privacy(request):
    return render(
        request,
        "portal/privacy.html",
        {
            "breadcrumbs": crumbs((_("Privatlivspolitik"), None)),
            "last_updated": dt.date(2026, 11, 23),
        },
    )
