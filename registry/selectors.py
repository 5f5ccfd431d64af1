"""Reads for the public register and the applicant's pages."""

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from stdnum.dk import cvr as stdnum_cvr

from registry.models import Application, Enterprise

# The open-data fields, in order. Stable: add new fields at the end, never rename or remove.
OPEN_DATA_FIELDS = [
    ("cvr", "cvr"),
    ("navn", "name"),
    ("registreringsnummer", "registration_number"),
    ("registreringsdato", "registered_on"),
    ("virksomhedsform", "legal_form"),
    ("formaalsomraade", "purpose_field"),
    ("formaal", "purpose"),
    ("adresse", "address"),
    ("postnummer", "postal_code"),
    ("by", "city"),
    ("kommunekode", "municipality__code"),
    ("kommune", "municipality__name"),
    ("region", "municipality__region__name"),
    ("hjemmeside", "website"),
    ("stiftelsesaar", "founded_year"),
]


def search_enterprises(queryset, text: str):
    """Full-text on name and purpose (Danish stems, accents ignored), name fragments, or CVR."""
    text = text.strip()
    if not text:
        return queryset
    digits = stdnum_cvr.compact(text)
    if digits.isdigit() and len(digits) == 8:
        return queryset.filter(cvr=digits)
    words = re.findall(r"\w+", text)
    if not words:
        return queryset.none()
    # Prefix match on every stemmed word: Snowball stems "virksomhed" to "virksom" but
    # "virksomhederne" to "virksomhed", and prefixes also find words being typed.
    raw = " & ".join(f"{word}:*" for word in words)
    query = SearchQuery(raw, config="danish_unaccent", search_type="raw")
    return queryset.filter(Q(search_vector=query) | Q(name__icontains=text))


def filter_register(cleaned: dict, *, exclude: str = ""):
    """Registered enterprises matching the filters; ``exclude`` skips one (for its counts)."""
    queryset = search_enterprises(Enterprise.objects.registered(), cleaned.get("q") or "")
    if cleaned.get("municipality") and exclude != "municipality":
        queryset = queryset.filter(municipality=cleaned["municipality"])
    if cleaned.get("region") and exclude != "region":
        queryset = queryset.filter(municipality__region=cleaned["region"])
    if cleaned.get("field") and exclude != "field":
        queryset = queryset.filter(purpose_field=cleaned["field"])
    if cleaned.get("form") and exclude != "form":
        queryset = queryset.filter(legal_form=cleaned["form"])
    if cleaned.get("year") and exclude != "year":
        queryset = queryset.filter(registered_on__year=cleaned["year"])
    return queryset


def register_facets(cleaned: dict) -> dict[str, dict]:
    """Counts per filter value, each computed with the other filters applied (5 queries)."""
    return {
        "municipality": _counts(
            filter_register(cleaned, exclude="municipality"), "municipality__code"
        ),
        "region": _counts(filter_register(cleaned, exclude="region"), "municipality__region__code"),
        "field": _counts(filter_register(cleaned, exclude="field"), "purpose_field"),
        "form": _counts(filter_register(cleaned, exclude="form"), "legal_form"),
        "year": {
            row["year"]: row["n"]
            for row in filter_register(cleaned, exclude="year")
            .annotate(year=ExtractYear("registered_on"))
            .order_by()
            .values("year")
            .annotate(n=Count("id"))
        },
    }


def _counts(queryset, field: str) -> dict:
    return {
        row[field]: row["n"] for row in queryset.order_by().values(field).annotate(n=Count("id"))
    }


def register_page_queryset(queryset):
    return queryset.select_related("municipality__region").order_by("sort_key", "id")


def open_data_rows(queryset):
    """Rows for CSV/JSON in one streamed query."""
    names = [source for _label, source in OPEN_DATA_FIELDS]
    return queryset.order_by("sort_key", "id").values_list(*names).iterator(chunk_size=2000)


def cases_for_user(user):
    return Application.objects.for_user(user).select_related("enterprise").order_by("-created_at")
