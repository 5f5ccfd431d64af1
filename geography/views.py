"""The municipalities' pages: what a municipal officer wants to know about the sector locally."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.navigation import breadcrumbs
from geography import selectors
from geography.models import Municipality

ENTERPRISES_PER_PAGE = 25


@require_GET
def index(request):
    return render(
        request,
        "geography/index.html",
        {
            "regions": selectors.municipalities_by_region(),
            "breadcrumbs": breadcrumbs((_("Kommuner"), None)),
        },
    )


@require_GET
def municipality(request, slug: str):
    try:
        place = selectors.municipality_by_slug(slug)
    except Municipality.DoesNotExist:
        raise Http404 from None
    neighbours = selectors.region_neighbours(place)
    counts = selectors.enterprise_counts(place, neighbours)
    paginator = Paginator(selectors.registered_enterprises(place), ENTERPRISES_PER_PAGE)
    return render(
        request,
        "geography/municipality.html",
        {
            "municipality": place,
            "counts": counts,
            "page": paginator.get_page(request.GET.get("side")),
            "applications": selectors.applications_this_year(place, timezone.localdate()),
            "year": timezone.localdate().year,
            "events": selectors.upcoming_events(place),
            "articles": selectors.articles_for_municipalities(),
            "neighbours": [other for other in neighbours if other.pk != place.pk],
            "register_url": reverse("registry:register")
            + "?"
            + urlencode({"municipality": place.code}),
            "ask_url": reverse("guidance:ask") + "?" + urlencode({"kommune": place.slug}),
            "articles_url": reverse("portal:knowledge")
            + "?"
            + urlencode({"maalgruppe": selectors.MUNICIPALITY_AUDIENCE}),
            "breadcrumbs": breadcrumbs(
                (_("Kommuner"), reverse("geography:index")), (place.name, None)
            ),
        },
    )
