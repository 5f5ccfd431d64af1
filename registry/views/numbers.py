"""/tal/: the sector in numbers, every chart with its table and its CSV file.

The figures come from ``registry.numbers.sector_figures``; this module only decides how each set
is drawn (``SECTIONS``) and written. A held-back figure (a small group) reads "< 5" everywhere.
"""

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_safe

from core.charts import SUPPRESSED, area_chart, bar_chart, shown
from core.csv_export import csv_download
from core.navigation import breadcrumbs
from geography.selectors import region_choices
from registry.forms import NumbersFilterForm
from registry.numbers import FIRST_YEAR, sector_figures
from registry.page_cache import cached_for_readers

TABLE = "registry/numbers/table.html"


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    unit: str = ""


@dataclass(frozen=True)
class Section:
    """One set of figures: where its rows are, how they are drawn, which columns it has."""

    slug: str
    title: str
    rows: str  # the key in ``sector_figures``
    columns: tuple[Column, ...]
    chart: str = "bar"  # "bar", "area" or "" (a table only)
    value: str = "enterprises"  # the column drawn
    unit: str = ""
    scale_to: int | None = None


ENTERPRISES = Column("enterprises", gettext_lazy("Virksomheder"))
CATEGORY = Column("label", gettext_lazy("Kategori"))
FINANCIAL_YEAR = Column("financial_year", gettext_lazy("Regnskabsår"))
# After an amount: "12.886.000 kr." in Danish, "12,886,000 DKK" in English.
KR = format_lazy(" {}", pgettext_lazy("currency after an amount", "kr."))
SECTIONS = [
    Section(
        "udvikling",
        gettext_lazy("Registrerede virksomheder i alt, kvartal for kvartal"),
        "over_time",
        (
            Column("quarter", gettext_lazy("Kvartal")),
            Column("registrations", gettext_lazy("Registreret")),
            Column("deregistrations", gettext_lazy("Afregistreret")),
            Column("total", gettext_lazy("I alt ved kvartalets udgang")),
        ),
        chart="area",
        value="total",
    ),
    Section(
        "regioner",
        gettext_lazy("Registrerede virksomheder efter region"),
        "by_region",
        (Column("label", gettext_lazy("Region")), ENTERPRISES),
    ),
    Section(
        "kommuner",
        gettext_lazy("Registrerede virksomheder efter kommune"),
        "by_municipality",
        (Column("label", gettext_lazy("Kommune")), ENTERPRISES),
        chart="",  # drawn only for one region; 98 bars are no chart
    ),
    Section(
        "formaal",
        gettext_lazy("Registrerede virksomheder efter formålsområde"),
        "by_purpose_field",
        (Column("label", gettext_lazy("Formålsområde")), ENTERPRISES),
    ),
    Section(
        "virksomhedsform",
        gettext_lazy("Registrerede virksomheder efter virksomhedsform"),
        "by_legal_form",
        (Column("label", gettext_lazy("Virksomhedsform")), ENTERPRISES),
    ),
    Section(
        "stiftelsesaar",
        gettext_lazy("Registrerede virksomheder efter stiftelsesår"),
        "by_founding_year",
        (Column("label", gettext_lazy("Stiftet")), ENTERPRISES),
    ),
    Section(
        "rettidighed",
        gettext_lazy("Sociale regnskaber indsendt til tiden"),
        "accounts_on_time",
        (
            FINANCIAL_YEAR,
            Column("due", gettext_lazy("Regnskaber med frist")),
            Column("on_time", gettext_lazy("Indsendt til tiden")),
            Column("on_time_percent", gettext_lazy("Andel til tiden"), " %"),
        ),
        value="on_time_percent",
        unit=" %",
        scale_to=100,
    ),
    Section(
        "omsaetning",
        gettext_lazy("Virksomheder efter omsætning"),
        "turnover_bands",
        (Column("label", gettext_lazy("Omsætning")), ENTERPRISES),
    ),
    Section(
        "overskud",
        gettext_lazy("Overskud, geninvestering og udbytte"),
        "accounts",
        (
            FINANCIAL_YEAR,
            Column("accounts", gettext_lazy("Godkendte regnskaber")),
            Column("turnover", gettext_lazy("Omsætning"), KR),
            Column("profit_after_tax", gettext_lazy("Overskud efter skat"), KR),
            Column("reinvested", gettext_lazy("Geninvesteret"), KR),
            Column("dividends_paid", gettext_lazy("Udbetalt udbytte"), KR),
            Column("dividend_payers", gettext_lazy("Virksomheder med udbytte")),
            Column("payout_percent", gettext_lazy("Udbytte i procent af overskuddet"), " %"),
            Column(
                "cap_headroom_points",
                gettext_lazy("Under loftet på 35 % (procentpoint, for dem med udbytte)"),
            ),
        ),
        chart="",  # drawn for the chosen year by ``_year_charts``
    ),
    Section(
        "ansatte",
        gettext_lazy("Ansatte, målgruppen og frivillige"),
        "accounts",
        (
            FINANCIAL_YEAR,
            Column("accounts", gettext_lazy("Godkendte regnskaber")),
            Column("employees", gettext_lazy("Ansatte")),
            Column("target_group_employees", gettext_lazy("Heraf fra målgruppen")),
            Column("target_group_percent", gettext_lazy("Andel fra målgruppen"), " %"),
            Column("volunteers", gettext_lazy("Frivillige")),
        ),
        chart="",
    ),
]
SECTIONS.append(
    Section(
        "tilsyn",
        gettext_lazy("Tilsyn: afsluttede tilsynssager (hele landet)"),
        "supervision",
        (
            Column("year", gettext_lazy("Afsluttet år")),
            Column("resolved", gettext_lazy("Bragt i orden eller grundløs")),
            Column("hearing", gettext_lazy("Sendt i partshøring om afregistrering")),
            Column("deregistered", gettext_lazy("Heraf afregistreret")),
        ),
        chart="",
    )
)
SECTION_BY_SLUG = {section.slug: section for section in SECTIONS}
PARAMS = ("year", "region")


def _filters(request) -> tuple[NumbersFilterForm, int | None, str | None]:
    years = range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    form = NumbersFilterForm(request.GET or None, years=years, regions=region_choices())
    year, region = form.filters()
    return form, year, region


def _held_text(row: dict, name: str) -> str:
    """ "< 5" for a small group; "skjult" for a larger one held back to protect a small one."""
    return _("skjult") if name in row.get("complementary", ()) else SUPPRESSED


def _cell(row: dict, column: Column):
    if column.name in row.get("suppressed", ()):
        return _held_text(row, column.name)
    value = row.get(column.name)
    if value is None:
        return "\u2013"  # an en dash: no figure
    if isinstance(value, int | float) and column.name not in ("financial_year", "year", "code"):
        return shown(value, column.unit)
    return value


def _table(section: Section, rows: list[dict]) -> dict:
    return {
        "columns": [column.label for column in section.columns],
        "rows": [[_cell(row, column) for column in section.columns] for row in rows],
    }


def _csv_url(slug: str, year, region) -> str:
    query = urlencode({k: v for k, v in {"year": year, "region": region}.items() if v})
    return reverse("numbers:csv", kwargs={"chart": slug}) + (f"?{query}" if query else "")


def _section(section: Section, figures: dict, year, region) -> dict:
    rows = figures[section.rows]
    csv_url = _csv_url(section.slug, year, region)
    chart = None
    kind = section.chart or ("bar" if section.slug == "kommuner" and region else "")
    if kind == "area":
        chart = area_chart(
            section.slug,
            section.title,
            rows,
            value=lambda row: row[section.value],
            label=lambda row: row["quarter"],
            held_text=lambda row: _held_text(row, section.value),
            table_template=TABLE,
            csv_url=csv_url,
        )
    elif kind == "bar":
        first = section.columns[0].name
        chart = bar_chart(
            section.slug,
            section.title,
            rows,
            value=lambda row: row[section.value],
            label=lambda row: row[first],
            held_text=lambda row: _held_text(row, section.value),
            unit=section.unit,
            scale_to=section.scale_to,
            table_template=TABLE,
            csv_url=csv_url,
        )
    return {
        "slug": section.slug,
        "title": section.title,
        "chart": chart,
        "table": _table(section, rows),
        "csv_url": csv_url,
    }


def _year_charts(figures: dict, year, region) -> dict:
    """The chosen financial year's money and people as bars, with the year-by-year tables."""
    row = next(
        (row for row in figures["accounts"] if row["financial_year"] == figures["accounts_year"]),
        None,
    )
    charts = {}
    bars = {
        "overskud": [
            ("profit_after_tax", _("Overskud efter skat")),
            ("reinvested", _("Geninvesteret")),
            ("dividends_paid", _("Udbetalt udbytte")),
        ],
        "ansatte": [
            ("employees", _("Ansatte")),
            ("target_group_employees", _("Heraf fra målgruppen")),
            ("volunteers", _("Frivillige")),
        ],
    }
    for slug, items in bars.items():
        section = SECTION_BY_SLUG[slug]
        drawn = _section(section, figures, year, region)
        if row is not None:
            drawn["chart"] = bar_chart(
                slug,
                _("%(title)s i regnskabsåret %(year)s")
                % {"title": section.title, "year": row["financial_year"]},
                [{"label": label, "name": name} for name, label in items],
                value=lambda bar: row[bar["name"]],
                label=lambda bar: bar["label"],
                held_text=lambda bar: _held_text(row, bar["name"]),
                unit=KR if slug == "overskud" else "",
                table_template=TABLE,
                csv_url=drawn["csv_url"],
            )
        charts[slug] = drawn
    return charts


@require_safe
@cached_for_readers(params=PARAMS)
def index(request):
    form, year, region = _filters(request)
    figures = sector_figures(year, region)
    sections = {
        section.slug: _section(section, figures, year, region)
        for section in SECTIONS
        if section.rows != "accounts"
    }
    sections |= _year_charts(figures, year, region)
    return render(
        request,
        "registry/numbers/index.html",
        {
            "breadcrumbs": breadcrumbs((_("Socialøkonomi i tal"), None)),
            "form": form,
            "figures": figures,
            "sections": sections,
            "region_tiles": _region_tiles(figures["by_region"], region),
            "keyfigures": {
                name: _cell(figures["key_figures"], Column(name, ""))
                for name in ("registered", "registrations", "deregistrations")
            },
            "as_of": dt.date.fromisoformat(figures["as_of"]),
            "register_url": reverse("registry:register"),
        },
    )


@require_safe
def chart_csv(request, chart):
    section = SECTION_BY_SLUG.get(chart)
    if section is None:
        raise Http404
    _form, year, region = _filters(request)
    figures = sector_figures(year, region)
    parts = [str(part) for part in ("tal", chart, year, region) if part]
    response, writer = csv_download("-".join(parts) + ".csv")
    writer.writerow([str(column.label) for column in section.columns])
    for row in figures[section.rows]:
        writer.writerow([_csv_cell(row, column) for column in section.columns])
    return response


def _csv_cell(row: dict, column: Column):
    if column.name in row.get("suppressed", ()):
        return _held_text(row, column.name)
    return row.get(column.name)


# A tile map of the five regions: each a square roughly where it lies, no boundaries needed.
REGION_TILES = {  # region code -> (column, row)
    1081: (1, 0),  # Nordjylland
    1082: (0, 1),  # Midtjylland
    1083: (0, 2),  # Syddanmark
    1085: (1, 2),  # Sjælland
    1084: (2, 1),  # Hovedstaden
}
TILE = 150


def _region_tiles(by_region: list[dict], selected: str | None) -> dict:
    tiles = []
    for row in by_region:
        column, line = REGION_TILES.get(int(row["code"]), (3, 0))
        x, y = column * (TILE + 10), line * (TILE + 10)
        tiles.append(
            {
                "label": row["label"],
                "text": _cell(row, ENTERPRISES),
                "x": x,
                "y": y,
                "text_x": x + TILE // 2,
                "selected": row["code"] == selected,
            }
        )
    return {"tiles": tiles, "size": TILE, "width": 3 * TILE + 20, "height": 3 * TILE + 20}
