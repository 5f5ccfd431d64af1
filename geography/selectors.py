"""Reads of the reference data, kept in memory: it changes only with a deploy.

The regions and municipalities come from ``data/municipalities.csv`` (see ``reference``), are
read-only in the back office, and are reloaded only by ``load_reference_data``, which forgets
these copies. A public page that lists them costs no query.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, Q
from django.utils import timezone

from geography.models import Municipality, Region

# The portal audience whose articles the municipalities' pages show (portal.reference).
MUNICIPALITY_AUDIENCE = "kommune"


@cache
def region_choices() -> tuple[tuple[int, str], ...]:
    """(code, name) of every region in Danish order."""
    return tuple(Region.objects.order_by("sort_key").values_list("code", "name"))


@cache
def municipality_choices() -> tuple[tuple[int, str], ...]:
    """(code, name) of every municipality in Danish order."""
    return tuple(Municipality.objects.order_by("sort_key").values_list("code", "name"))


def forget_reference_data() -> None:
    region_choices.cache_clear()
    municipality_choices.cache_clear()


@dataclass
class EnterpriseCounts:
    here: int
    region: int
    national: int
    municipalities: int
    region_municipalities: int

    @property
    def national_average(self) -> float:
        return self.national / self.municipalities if self.municipalities else 0

    @property
    def region_average(self) -> float:
        return self.region / self.region_municipalities if self.region_municipalities else 0


def municipality_by_slug(slug: str) -> Municipality:
    return Municipality.objects.select_related("region").get(slug=slug)


def region_neighbours(municipality: Municipality) -> list[Municipality]:
    """The region's municipalities in Danish order (this one included)."""
    return list(
        Municipality.objects.filter(region_id=municipality.region_id)
        .order_by("sort_key")
        .only("name", "slug", "region_id")
    )


def enterprise_counts(municipality: Municipality, neighbours: list) -> EnterpriseCounts:
    """Registered enterprises here, in the region (``neighbours``: the region's municipalities)
    and in the country, from the register's cached counts per municipality."""
    from registry.selectors import registered_per_municipality

    counts = registered_per_municipality()
    return EnterpriseCounts(
        here=counts.get(municipality.pk, 0),
        region=sum(counts.get(other.pk, 0) for other in neighbours),
        national=sum(counts.values()),
        municipalities=len(municipality_choices()),
        region_municipalities=len(neighbours),
    )


def registered_enterprises(municipality: Municipality):
    """The municipality's enterprises in good standing (those the register lists) in Danish
    order, for a paginated list."""
    from registry.models import Enterprise

    return (
        Enterprise.objects.in_good_standing()
        .filter(municipality_id=municipality.pk)
        .order_by("sort_key", "pk")
        .only("cvr", "name", "city", "legal_form", "purpose_field", "registered_on")
    )


def applications_this_year(municipality: Municipality, today: dt.date) -> list[tuple[str, int]]:
    """The year's sent applications from the municipality's enterprises, counted by status
    (label, count) in the status order; drafts never sent are not counted."""
    from registry.models import Application, ApplicationStatus

    counts = dict(
        Application.objects.filter(
            enterprise__municipality_id=municipality.pk,
            submitted_at__gte=dt.datetime(today.year, 1, 1, tzinfo=timezone.get_current_timezone()),
        )
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [(status.label, counts[status]) for status in ApplicationStatus if counts.get(status)]


def upcoming_events(municipality: Municipality, limit: int = 5):
    """Published events still to come in the municipality's region, and online ones."""
    from events.models import Event

    return list(
        Event.objects.upcoming()
        .filter(Q(region_id=municipality.region_id) | Q(region__isnull=True))
        .only(
            "title",
            "slug",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "region_id",
            "cancelled_at",
        )[:limit]
    )


def articles_for_municipalities(limit: int = 5):
    """The newest published articles for the "Kommune" audience in the reader's language."""
    from portal.models import Article

    return list(
        Article.objects.published()
        .in_language()
        .filter(audiences__slug=MUNICIPALITY_AUDIENCE)
        .only("title", "slug", "language", "summary", "publish_at", "type")[:limit]
    )


def municipalities_by_region() -> list[tuple[Region, list]]:
    """Every region with its municipalities and their registered enterprises (the counts from
    the register's cache)."""
    from registry.selectors import registered_per_municipality

    counts = registered_per_municipality()
    regions = {}
    for municipality in Municipality.objects.select_related("region").order_by(
        "region__sort_key", "sort_key"
    ):
        municipality.enterprise_count = counts.get(municipality.pk, 0)
        regions.setdefault(municipality.region, []).append(municipality)
    return list(regions.items())
