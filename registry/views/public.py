"""Public pages of the registry: information, self-test, the register and its open data."""

import json
from functools import wraps
from urllib.parse import quote_plus

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from core.csv_export import BYTE_ORDER_MARK, csv_download, line_writer
from core.navigation import breadcrumbs
from core.rate_limits import rate_limited
from core.revalidation import revalidated
from geography.selectors import municipality_choices, region_choices
from registry import selectors, selftest
from registry.forms import RegisterFilterForm
from registry.models import Criterion, Enterprise, LegalForm, PurposeField
from registry.page_cache import cached_for_readers, register_version

REGISTER_PAGE_SIZE = 25
FIRST_REGISTRATION_YEAR = 2015


class RegisterPaginator(Paginator):
    """Pages of the register: the total is known up front (the facet query counted the rows),
    and the object list is either the matches' ids in order or an ordered queryset. A page's
    ids are found first, then just those rows are read (``selectors.register_rows``).

    With OFFSET, PostgreSQL reads every row it steps over, and joins each to its municipality,
    before the page starts, so late pages got slow (benchmarks/scenarios/registry.py). Asking
    for ids alone lets it step over entries of the (sort_key, id) index without touching the rows.
    """

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(selectors.register_rows(self._ids(bottom, top)), number, self)

    def _ids(self, bottom: int, top: int) -> list[int]:
        """Pages in the second half are read from the end, in reverse, then turned around:
        no page steps over more than half of the register."""
        if isinstance(self.object_list, list):
            return self.object_list[bottom:top]
        if bottom <= self.count // 2:
            return list(self.object_list.values_list("pk", flat=True)[bottom:top])
        from_end = self.object_list.reverse().values_list("pk", flat=True)
        return list(from_end[self.count - top : self.count - bottom])[::-1]


def _register_crumbs(*trail):
    return breadcrumbs((_("Registrering"), reverse("registry:index")), *trail)


@require_GET
def index(request):
    return render(
        request,
        "registry/index.html",
        {"breadcrumbs": breadcrumbs((_("Registrering"), None)), "criteria": Criterion},
    )


@require_GET
def self_test(request):
    form = selftest.SelfTestForm(request.GET or None)
    results = None
    if form.is_valid():
        results = selftest.with_guides(selftest.evaluate(form.cleaned_data))
    if results:  # carried into the application the visitor may start next
        request.session[selftest.SESSION_KEY] = selftest.application_answers(form.cleaned_data)
    return render(
        request,
        "registry/self_test.html",
        {
            "breadcrumbs": _register_crumbs((_("Test om I kan registreres"), None)),
            "form": form,
            "results": results,
            "overall": selftest.overall(results) if results else None,
        },
    )


def _filter_form(request) -> RegisterFilterForm:
    years = range(timezone.localdate().year, FIRST_REGISTRATION_YEAR - 1, -1)
    form = RegisterFilterForm(request.GET or None, years=years)
    if form.is_bound and not form.is_valid():
        # Unknown filter values are dropped, the valid ones kept.
        form.cleaned_data = {k: v for k, v in form.cleaned_data.items() if v}
    return form


def _cleaned(form) -> dict:
    return getattr(form, "cleaned_data", {}) if form.is_bound else {}


@require_GET
@cached_for_readers(params=(*RegisterFilterForm.base_fields, "side"))
def register(request):
    form = _filter_form(request)
    cleaned = _cleaned(form)
    selected = _selected_filters(cleaned)
    overview = selectors.register_overview(
        cleaned,
        lambda facets: _render_filters(selected, facets),
        generation=request.content_version,
    )
    ordered = overview.get("ids")  # a search's matches, already in order
    if ordered is None:
        ordered = selectors.register_page_queryset(cleaned)
    paginator = RegisterPaginator(ordered, REGISTER_PAGE_SIZE, count=overview["total"])
    page = paginator.get_page(request.GET.get("side"))
    return render(
        request,
        "registry/register.html",
        {
            "breadcrumbs": _register_crumbs((_("Registret"), None)),
            "form": form,
            "page": page,
            "filters": mark_safe(overview["filters"]),  # noqa: S308 - our own rendered template
            "selected": {name: value for name, value in selected.items() if name != "q"},
            "filtered": bool(selected),
            "municipality": cleaned.get("municipality"),
        },
    )


def _selected_filters(cleaned: dict) -> dict:
    """The valid search and filters as they appear in a URL (codes, not database ids)."""
    selected = {}
    for name, value in cleaned.items():
        if value:
            selected[name] = str(getattr(value, "code", value))
    return selected


def _render_filters(selected: dict, facets: dict) -> str:
    return render_to_string(
        "registry/partials/register_filters.html", {"facets": _facet_lists(selected, facets)}
    )


def _facet_lists(selected: dict, facets: dict) -> list[dict]:
    """Each filter with its options, counts and links (the search with one filter swapped)."""
    groups = [
        ("region", _("Region"), region_choices()),
        ("municipality", _("Kommune"), municipality_choices()),
        ("field", _("Formålsområde"), PurposeField.choices),
        ("form", _("Virksomhedsform"), LegalForm.choices),
        ("year", _("Registreringsår"), [(y, y) for y in sorted(facets["year"], reverse=True)]),
    ]
    grouped = _digit_grouping()
    lists = []
    for name, label, options in groups:
        current = selected.get(name, "")
        others = urlencode({key: value for key, value in selected.items() if key != name})
        prefix = f"?{others}&{name}=" if others else f"?{name}="
        counts = facets[name]
        lists.append(
            {
                "name": name,
                "label": label,
                "selected": current,
                "clear_url": f"?{others}",
                "options": [
                    {
                        "label": option_label,
                        "count": grouped(counts.get(value, 0)),
                        "url": prefix + quote_plus(str(value)),
                        "selected": str(value) == current,
                    }
                    for value, option_label in options
                    if counts.get(value, 0) or str(value) == current
                ],
            }
        )
    return lists


def _digit_grouping():
    """Counts with the language's thousands separator, looked up once for a hundred numbers
    (``intcomma`` looks up the locale formats for every number it formats)."""
    separator = get_format("THOUSAND_SEPARATOR")
    return lambda number: f"{number:,}".replace(",", separator)


@require_GET
@cached_for_readers
def enterprise(request, cvr):
    enterprise = get_object_or_404(
        Enterprise.objects.with_standing().select_related("municipality__region"), cvr=cvr
    )
    if enterprise.registered_on is None:
        raise Http404
    return render(
        request,
        "registry/enterprise.html",
        {
            "breadcrumbs": _register_crumbs(
                (_("Registret"), reverse("registry:register")), (enterprise.name, None)
            ),
            "enterprise": enterprise,
            "latest_account": selectors.latest_approved_account(enterprise),
        },
    )


@require_GET
def open_data_documentation(request):
    return render(
        request,
        "registry/open_data.html",
        {
            "breadcrumbs": _register_crumbs(
                (_("Registret"), reverse("registry:register")), (_("Åbne data"), None)
            ),
            "fields": selectors.OPEN_DATA_FIELDS,
            "limit": settings.REGISTRY_EXPORTS_PER_MINUTE,
        },
    )


def _open_data_queryset(request):
    return selectors.filter_register(_cleaned(_filter_form(request)))


# Shared caches and clients may reuse a download for five minutes, then revalidate it.
EXPORT_MAX_AGE = 300


def _export_refused(request):
    # Repeat downloads that send If-None-Match or If-Modified-Since get a 304 when the register
    # has not changed, and never reach this count.
    limit = settings.REGISTRY_EXPORTS_PER_MINUTE
    if rate_limited(request, "registry-export", limit=limit, period=60):
        response = HttpResponse(
            _("For mange hentninger. Vent et minut, og prøv igen."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    return None


def open_data(view):
    """Conditional GET, the rate limit and cache headers for an open-data download.

    The ETag and Last-Modified come from the register's version, so a client that sends back
    what it got (If-None-Match / If-Modified-Since) gets a 304 while the register is unchanged,
    before the rate limit or any query. Only full downloads count towards the limit, and a 429
    carries no validators a client could mistake for the data.
    """

    @wraps(view)
    def wrapper(request):
        version = register_version()
        return revalidated(
            request,
            version=version["generation"],
            changed_at=version["changed_at"],
            max_age=EXPORT_MAX_AGE,
            answer=lambda: _export_refused(request) or view(request),
        )

    return wrapper


@require_safe
@open_data
def register_csv(request):
    writer = line_writer()
    header = [label for label, _source in selectors.OPEN_DATA_FIELDS]
    rows = selectors.open_data_rows(_open_data_queryset(request))

    def lines():
        yield BYTE_ORDER_MARK + writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rsv-register.csv"'
    return response


@require_safe
@open_data
def register_spreadsheet(request):
    """The register for people: semicolons, a byte-order mark and Danish words, as Danish Excel
    opens a CSV file; the same filters and formula guard as the open data."""
    response, writer = csv_download("rsv-register-regneark.csv", delimiter=";")
    writer.writerow([str(label) for label, _source in selectors.SPREADSHEET_COLUMNS])
    writer.writerows(selectors.spreadsheet_rows(_open_data_queryset(request)))
    return response


@require_safe
@open_data
def register_json(request):
    labels = [label for label, _source in selectors.OPEN_DATA_FIELDS]
    rows = selectors.open_data_rows(_open_data_queryset(request))

    def chunks():
        yield '{"felter": ' + json.dumps(labels) + ', "virksomheder": ['
        separator = ""
        for row in rows:
            record = dict(zip(labels, row, strict=True))
            yield separator + json.dumps(record, ensure_ascii=False, default=str)
            separator = ","
        yield "]}"

    return StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
