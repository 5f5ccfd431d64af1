"""Reads for the public register and the applicant's pages."""

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr

from core.desk import WorkList, first_rows
from core.page_cache import page_cache
from core.release import release_key
from geography.models import Municipality, Region
from registry.models import (
    OPEN_CASE_STATUSES,
    AccountStatus,
    Action,
    Application,
    ApplicationStatus,
    CaseEvent,
    Enterprise,
    LegalForm,
    Outcome,
    PurposeField,
    SocialAccount,
    SupervisionCase,
    SupervisionStatus,
)
from registry.page_cache import register_version
from registry.services import applying, case_handling

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
    """Enterprises in good standing matching the filters; ``exclude`` skips one (for its
    counts)."""
    queryset = search_enterprises(Enterprise.objects.in_good_standing(), cleaned.get("q") or "")
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
# A search with at most this many matches reads them all in one query: the filter counts are
# added up from them and the page is cut from the same list, one scan instead of two. Such a
# search is seldom typed twice, so nothing of it is stored. Above it, the database counts the
# matches and the counts are kept until the register changes. A larger search first reads (and
# drops) this many rows, once per search until its counts are kept (timed by
# benchmarks/scenarios/registry.py).
SMALL_SEARCH = 1500


def register_overview(
    cleaned: dict, render_filters: Callable[[dict], str], *, generation: str | None = None
) -> dict:
    """The number of matches and the rendered filter lists; cached per filter set and language.

    The counts per filter value come from one scan with GROUPING SETS; ``render_filters`` turns
    them into the filter lists' HTML (about 130 links), which is as costly to build as the rest
    of the page, so both are cached together until the register changes (``register_changed``).
    Another page of the same filters costs one cache read. ``generation`` is the register's
    version when the caller has just read it (the page cache has).

    A search's overview also holds its matches' ids in register order (``ids``) for every page
    to be cut from, unless it has ``SORT_MATCHES_BELOW`` matches or more. A small search
    (``SMALL_SEARCH``) is counted from its matches, in one read, and not stored.
    """
    generation = generation or register_version()["generation"]
    fingerprint = json.dumps(
        {key: str(getattr(value, "pk", value)) for key, value in cleaned.items() if value},
        sort_keys=True,
    )
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()
    key = f"registry:overview-with-ids:{release_key()}:{generation}:{get_language()}:{digest}"
    overview = page_cache.get(key)
    if overview is None:
        queryset = filter_register(cleaned)
        searching = bool(cleaned.get("q"))
        matches = read_small_search(queryset) if searching else None
        if matches is not None:
            facets = tally_facets(matches)
            ids = [match[0] for match in matches]
            return {"total": len(ids), "filters": render_filters(facets), "ids": ids}
        facets = count_facets(queryset)
        overview = {"total": facets["total"], "filters": render_filters(facets)}
        if searching and facets["total"] < SORT_MATCHES_BELOW:
            overview["ids"] = ordered_ids(queryset)
        page_cache.set(key, overview, FACET_CACHE_SECONDS)
    return overview


def read_small_search(queryset) -> list[tuple] | None:
    """Every match in register order, as (id, sort key, municipality code, region code,
    field, legal form, registration date); None when there are more than ``SMALL_SEARCH``.

    Read unordered, so that a large search stops after ``SMALL_SEARCH`` rows instead of
    sorting all of its matches first.
    """
    matches = list(
        queryset.order_by().values_list(
            "id",
            "sort_key",
            "municipality__code",
            "municipality__region__code",
            "purpose_field",
            "legal_form",
            "registered_on",
        )[: SMALL_SEARCH + 1]
    )
    if len(matches) > SMALL_SEARCH:
        return None
    # Python compares strings by code point, which is the order of the sort key's "C" collation.
    return sorted(matches, key=lambda match: (match[1] or "", match[0]))


def tally_facets(matches: list[tuple]) -> dict:
    """``count_facets`` for matches already read (see ``read_small_search``)."""
    return {
        "municipality": Counter(match[2] for match in matches),
        "region": Counter(match[3] for match in matches),
        "field": Counter(match[4] for match in matches),
        "form": Counter(match[5] for match in matches),
        "year": Counter(match[6].year for match in matches),
        "total": len(matches),
    }


def registered_per_municipality() -> dict[int, int]:
    """Enterprises in good standing (those the register lists) per municipality id, kept until
    the register changes: the municipalities' pages read it instead of counting the whole
    register each time."""
    key = f"registry:per-municipality:{release_key()}:{register_version()['generation']}"
    counts = page_cache.get(key)
    if counts is None:
        counts = dict(
            Enterprise.objects.in_good_standing()
            .values_list("municipality_id")
            .annotate(count=Count("pk"))
            .order_by()
        )
        page_cache.set(key, counts, FACET_CACHE_SECONDS)
    return counts


def count_facets(queryset) -> dict:
    """Matches per municipality, region, field, legal form and year, and the total.

    Groups on the enterprise's own columns (no joins) and adds the regions up from the
    municipalities, which halves the scan's cost on a large register; the municipalities'
    codes are joined to the (at most 98) grouped rows afterwards.
    """
    inner = queryset.order_by().values_list(
        "municipality_id", "purpose_field", "legal_form", ExtractYear("registered_on")
    )
    facets = {"municipality": {}, "region": {}, "field": {}, "form": {}, "year": {}, "total": 0}
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a search with no words: nothing can match
        return facets
    with connection.cursor() as cursor:
        # The inner SQL is built by Django with bound parameters; nothing user-typed is inlined.
        grouped = (
            "SELECT place.code, region.code, counted.f, counted.l, counted.y, counted.n "  # noqa: S608
            "FROM (SELECT m, f, l, y, count(*) AS n "
            f"FROM ({sql}) AS register(m, f, l, y) "
            "GROUP BY GROUPING SETS ((m), (f), (l), (y), ())) AS counted "
            f"LEFT JOIN {Municipality._meta.db_table} AS place ON place.id = counted.m "
            f"LEFT JOIN {Region._meta.db_table} AS region ON region.id = place.region_id"
        )
        cursor.execute(grouped, params)
        rows = cursor.fetchall()
    for municipality, region, field, form, year, count in rows:
        if municipality is not None:
            facets["municipality"][municipality] = count
            facets["region"][region] = facets["region"].get(region, 0) + count
        elif field is not None:
            facets["field"][field] = count
        elif form is not None:
            facets["form"][form] = count
        elif year is not None:
            facets["year"][int(year)] = count
        else:
            facets["total"] = count
    return facets


# Below this many matches a search's matches are sorted once and kept (``ordered_ids``); above
# it, walking the sort index until a page is full is cheaper (matches are dense).
SORT_MATCHES_BELOW = 10_000
REGISTER_LIST_FIELDS = [
    "cvr",
    "name",
    "legal_form",
    "purpose",
    "purpose_field",
    "registered_on",
    "municipality__name",
]


def register_page_queryset(cleaned: dict):
    """The register's matches in Danish order, for walking the sort index a page at a time
    (see ``RegisterPaginator`` in the views): the list, filters and searches with
    ``SORT_MATCHES_BELOW`` matches or more."""
    return filter_register(cleaned).order_by("sort_key", "id")


def ordered_ids(queryset) -> list[int]:
    """Every match's id in register order, sorted by the database into one array.

    Walking the sort index for a page of a search would filter row by row, and when the matches
    cluster alphabetically (a name fragment like "Solsikke" matches one stretch of the alphabet)
    that is slow (benchmarks/scenarios/registry.py). Collected from the GIN indexes and sorted
    once, the ids are kept with the search's counts, and every page is cut from them.
    """
    ordering = ArrayAgg("pk", order_by=("sort_key", "pk"))
    return queryset.order_by().aggregate(ids=ordering)["ids"] or []


def register_rows(ids: list[int]) -> list:
    """The register rows with these ids, in this order, with only the columns the list shows."""
    rows = Enterprise.objects.filter(pk__in=ids).select_related("municipality")
    by_id = {row.pk: row for row in rows.only(*REGISTER_LIST_FIELDS)}
    return [by_id[pk] for pk in ids]


def register_listing(cleaned: dict):
    """The register's matches in register order with their municipality and region, for a
    page of full records (the open API's list)."""
    return register_page_queryset(cleaned).select_related("municipality__region")


def registered_enterprise(**lookup) -> Enterprise | None:
    """One registered (not deregistered) enterprise, found by ``cvr`` or
    ``registration_number``, with its municipality and region and ``good_standing`` (False while
    its registration is under review and the register's list leaves it out)."""
    found = Enterprise.objects.registered().with_standing().filter(**lookup)
    return found.select_related("municipality__region").first()


def latest_approved_account(enterprise: Enterprise):
    """The enterprise's newest approved social account, or None: what its public page shows."""
    return (
        enterprise.social_accounts.filter(status=AccountStatus.APPROVED)
        .order_by("-financial_year")
        .first()
    )


def open_data_rows(queryset):
    """Rows for CSV/JSON in one streamed query."""
    names = [source for _label, source in OPEN_DATA_FIELDS]
    return queryset.order_by("sort_key", "id").values_list(*names).iterator(chunk_size=2000)


# The people's variant of the CSV: headings and codes in words, dates as Danish Excel reads them.
SPREADSHEET_COLUMNS = [
    (_("CVR-nummer"), "cvr"),
    (_("Navn"), "name"),
    (_("Registreringsnummer"), "registration_number"),
    (_("Registreringsdato"), "registered_on"),
    (_("Virksomhedsform"), "legal_form"),
    (_("Formålsområde"), "purpose_field"),
    (_("Formål"), "purpose"),
    (_("Adresse"), "address"),
    (_("Postnummer"), "postal_code"),
    (_("By"), "city"),
    (_("Kommune"), "municipality__name"),
    (_("Region"), "municipality__region__name"),
    (_("Hjemmeside"), "website"),
    (_("Stiftelsesår"), "founded_year"),
]
_SPREADSHEET_LABELS = {"legal_form": LegalForm, "purpose_field": PurposeField}


def spreadsheet_rows(queryset):
    """Rows for the spreadsheet CSV in one streamed query, codes as their labels."""
    names = [source for _label, source in SPREADSHEET_COLUMNS]
    labels = {
        names.index(name): {choice.value: str(choice.label) for choice in choices}
        for name, choices in _SPREADSHEET_LABELS.items()
    }
    date_column = names.index("registered_on")
    rows = queryset.order_by("sort_key", "id").values_list(*names).iterator(chunk_size=2000)
    for row in rows:
        row = list(row)
        for column, words in labels.items():
            row[column] = words.get(row[column], row[column])
        if row[date_column]:
            row[date_column] = row[date_column].strftime("%d-%m-%Y")
        yield row


def cases_for_user(user):
    """The user's cases with their applicant-visible history (two queries)."""
    visible = CaseEvent.objects.filter(staff_only=False).order_by("-changed_at", "-id")
    return (
        Application.objects.for_user(user)
        .select_related("enterprise")
        .prefetch_related(Prefetch("events", queryset=visible, to_attr="visible_events"))
        .order_by("-created_at")
    )


def case_page(application: Application) -> dict:
    """What the applicant's case page shows: the history they may see, the open information
    request, the decision's reasons, and what they may do now."""
    status = application.status
    registered = status == ApplicationStatus.REGISTERED
    return {
        "events": application.events.filter(staff_only=False).select_related("changed_by"),
        "documents": application.documents.all(),
        "assessments": application.assessments.all()
        if status == ApplicationStatus.REJECTED
        else [],
        "request_event": application.events.filter(action=Action.REQUEST_INFORMATION).last()
        if status == ApplicationStatus.AWAITING_APPLICANT
        else None,
        "can_withdraw": Action.WITHDRAW
        in case_handling.allowed_transitions(application, case_handling.APPLICANT),
        "can_deregister": registered,
        "can_reapply": status in applying.REAPPLY_FROM,
        "social_accounts": application.enterprise.social_accounts.all() if registered else [],
        "letters": application.letters.all(),
        "hearing": application.hearings.last() if registered else None,
    }


def information_request_draft(application: Application) -> str:
    """The handler's notes on the criteria that need more information, to start a request from."""
    return "\n".join(
        f"{a.get_criterion_display()}: {a.note}"
        for a in application.assessments.filter(outcome=Outcome.NEEDS_INFORMATION)
    )


# --- The case handler's desk (the admin's front page) -------------------------------------------


def handler_desk(user) -> dict[str, WorkList]:
    """The handler's own open cases and the open cases nobody has taken, soonest deadline
    (so the overdue) first, the social accounts waiting for review, and the open supervision
    cases, the remedy period ending first: one query each."""
    open_cases = (
        Application.objects.filter(status__in=OPEN_CASE_STATUSES)
        .with_current_deadline()
        .select_related("enterprise")
        .only(
            "case_number",
            "status",
            "deadline",
            "paused_since",
            "paused_days",
            "handler_id",
            "enterprise__name",
        )
        .order_by(F("moved_deadline").asc(nulls_last=True), "pk")
    )
    accounts = (
        SocialAccount.objects.filter(status=AccountStatus.SUBMITTED)
        .select_related("enterprise")
        .only("financial_year", "deadline", "submitted_at", "dividend_breaches", "enterprise__name")
        .order_by("submitted_at", "pk")
    )
    supervision = (
        SupervisionCase.objects.open()
        .select_related("enterprise")
        .only("status", "opened_at", "remedy_deadline", "handler_id", "enterprise__name")
        .order_by(F("remedy_deadline").asc(nulls_last=True), "opened_at", "pk")
    )
    return {
        "my_cases": first_rows(open_cases.filter(handler=user)),
        "unassigned_cases": first_rows(open_cases.filter(handler__isnull=True)),
        "accounts_to_review": first_rows(accounts),
        "open_supervision": first_rows(supervision),
    }


def supervision_outcomes_by_year() -> dict[int, dict[str, int]]:
    """Closed supervision cases per year they closed: ``resolved`` (put right or unfounded),
    ``hearing`` (sent to a hearing about deregistration) and, of those, ``deregistered``."""
    rows = (
        SupervisionCase.objects.exclude(closed_at=None)
        .annotate(
            year=ExtractYear("closed_at"),
            gone=ExpressionWrapper(
                Q(enterprise__deregistered_on__isnull=False), output_field=BooleanField()
            ),
        )
        .values("year", "status", "gone")
        .annotate(count=Count("id"))
        .order_by()
    )
    outcomes: dict[int, dict[str, int]] = {}
    for row in rows:
        year = outcomes.setdefault(row["year"], {"resolved": 0, "hearing": 0, "deregistered": 0})
        if row["status"] == SupervisionStatus.RESOLVED:
            year["resolved"] += row["count"]
        else:
            year["hearing"] += row["count"]
            if row["gone"]:
                year["deregistered"] += row["count"]
    return outcomes
