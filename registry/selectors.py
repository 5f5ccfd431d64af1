"""Reads for the public register and the applicant's pages."""

import hashlib
import json
import re

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Prefetch, Q
from django.db.models.functions import ExtractYear
from stdnum.dk import cvr as stdnum_cvr

from registry.models import Application, CaseEvent, Enterprise

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


FACET_CACHE_SECONDS = 600
_GENERATION_KEY = "registry:register-generation"


def register_changed() -> None:
    """Call after anything that changes the public register: cached counts become stale."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, timeout=None)


def register_facets(cleaned: dict) -> dict:
    """Counts per filter value within the current result, and the total; cached per filter set.

    One scan with GROUPING SETS instead of a query per filter; the counts are cached until the
    register changes (``register_changed``), so a page with filters costs one cache read.
    """
    generation = cache.get_or_set(_GENERATION_KEY, 1, timeout=None)
    fingerprint = json.dumps(
        {key: str(getattr(value, "pk", value)) for key, value in cleaned.items() if value},
        sort_keys=True,
    )
    key = f"registry:facets:{generation}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    facets = cache.get(key)
    if facets is None:
        facets = _count_facets(filter_register(cleaned))
        cache.set(key, facets, FACET_CACHE_SECONDS)
    return facets


def _count_facets(queryset) -> dict:
    inner = queryset.order_by().values_list(
        "municipality__code",
        "municipality__region__code",
        "purpose_field",
        "legal_form",
        ExtractYear("registered_on"),
    )
    facets = {"municipality": {}, "region": {}, "field": {}, "form": {}, "year": {}, "total": 0}
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a search with no words: nothing can match
        return facets
    names = ["municipality", "region", "field", "form", "year"]
    with connection.cursor() as cursor:
        # The inner SQL is built by Django with bound parameters; nothing user-typed is inlined.
        grouped = (
            f"SELECT m, r, f, l, y, count(*) FROM ({sql}) AS register(m, r, f, l, y) "  # noqa: S608
            "GROUP BY GROUPING SETS ((m), (r), (f), (l), (y), ())"
        )
        cursor.execute(grouped, params)
        for *values, count in cursor.fetchall():
            filled = [
                (name, value)
                for name, value in zip(names, values, strict=True)
                if value is not None
            ]
            if filled:
                name, value = filled[0]
                facets[name][value if name != "year" else int(value)] = count
            else:
                facets["total"] = count
    return facets


def register_page_queryset(queryset):
    return queryset.select_related("municipality__region").order_by("sort_key", "id")


def open_data_rows(queryset):
    """Rows for CSV/JSON in one streamed query."""
    names = [source for _label, source in OPEN_DATA_FIELDS]
    return queryset.order_by("sort_key", "id").values_list(*names).iterator(chunk_size=2000)


def cases_for_user(user):
    """The user's cases with their applicant-visible history (two queries)."""
    visible = CaseEvent.objects.filter(visible_to_applicant=True).order_by("-at", "-id")
    return (
        Application.objects.for_user(user)
        .select_related("enterprise")
        .prefetch_related(Prefetch("events", queryset=visible, to_attr="visible_events"))
        .order_by("-created_at")
    )
