"""The sector in numbers (/tal/): reads that add the register and the social accounts up.

Everything is counted in PostgreSQL (GROUP BY, FILTER, date_trunc), in a fixed number of
queries whatever the register's size, and kept in the page cache until the register changes
(``registry.page_cache.register_changed``: a registration, a change, a deregistration, a social
account submitted or approved) or the day ends (accounts fall due by the date).

The figures count legal registrations (registered and not deregistered on the day), including the
enterprises the public register's list leaves out while their registration is under review (a
hearing outstanding, or ceased in CVR; ``in_good_standing``): they are registered until the
decision, and a statistic of the sector should not move with cases still undecided.

Small groups
------------
A figure counting fewer than ``SMALL_GROUP`` (5) enterprises is held back: its value is None and
its row's ``suppressed`` lists its name (the page writes "< 5"). A sum or average is held back
when it comes from fewer than 5 enterprises. Zero is shown: it tells nothing about anyone.

So that a held-back figure cannot be found as "the total minus the cells shown", every set of
figures that adds up to a total a reader can see is protected together (``protect``): in each,
the held-back cells are none, or at least two counting at least 5 enterprises together (the
smallest other cells are held back too until so). The social accounts' figures (the only ones
not public in the register itself) are protected across the regions too, since a reader can ask
for each region in turn and for the whole country: for each financial year and each count behind
a figure, the five regions and the country are one such set (``_AccountCells``), and the turnover
bands are a regions-by-bands table whose rows and columns are each such a set.

Not prevented (documented, not secret): counts of registered enterprises by place, field, form,
founding and registration date are public in the register and its open data, so those
distributions are protected within themselves only, and the running total's quarterly steps may
show a quarter's registrations held back in its own row. Nor is there a dominance rule (one large
enterprise among five can dominate a sum).
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.page_cache import page_cache
from core.release import release_key
from geography.selectors import municipality_choices, region_choices
from registry.dividends import MAX_PAYOUT_SHARE
from registry.models import AccountStatus, Enterprise, LegalForm, PurposeField, SocialAccount
from registry.page_cache import register_version
from registry.selectors import count_facets, supervision_outcomes_by_year

SMALL_GROUP = 5
FIRST_YEAR = 2015  # the law came into force on 1 January 2015
CACHE_SECONDS = 60 * 60
CAP_PERCENT = float(MAX_PAYOUT_SHARE * 100)

# (lowest year, label); each band runs to the next one's lowest year.
FOUNDING_BANDS = [
    (0, "før 1990"),
    (1990, "1990-1999"),
    (2000, "2000-2009"),
    (2010, "2010-2014"),
    (2015, "2015-2019"),
    (2020, "2020 og senere"),
]
# (lowest turnover in kr., key); each band runs to the next one's lowest turnover.
TURNOVER_BANDS = [
    (0, "under_1m"),
    (1_000_000, "1m_5m"),
    (5_000_000, "5m_10m"),
    (10_000_000, "10m_50m"),
    (50_000_000, "50m_plus"),
]


def turnover_band_labels() -> dict[str, str]:
    return {
        "under_1m": _("Under 1 mio. kr."),
        "1m_5m": _("1-5 mio. kr."),
        "5m_10m": _("5-10 mio. kr."),
        "10m_50m": _("10-50 mio. kr."),
        "50m_plus": _("50 mio. kr. og derover"),
    }


def founding_band_labels() -> dict[int, str]:
    return {
        0: _("Før 1990"),
        1990: "1990-1999",
        2000: "2000-2009",
        2010: "2010-2014",
        2015: "2015-2019",
        2020: _("2020 og senere"),
    }


# --- Small groups -------------------------------------------------------------------------------


def protect(counts: dict, lines: list[list]) -> set:
    """The cells to hold back: those counting 1-4 enterprises, and more besides.

    ``counts`` maps each cell to the number of enterprises behind it; each of ``lines`` is a
    set of cells whose sum a reader knows (a distribution and its total, or the regions and
    the whole country). In every line the held-back cells are none, or at least two that count
    at least ``SMALL_GROUP`` enterprises together: the smallest other cells are added until so,
    line by line until nothing changes. Then "the total minus the cells shown" never gives one
    cell, nor fewer than ``SMALL_GROUP`` enterprises' figures.
    """
    held = {key for key, n in counts.items() if 0 < n < SMALL_GROUP}
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [key for key in line if key in held]
            if not inside:
                continue
            others = sorted(
                (counts[key], str(key), key) for key in line if key not in held and counts[key] > 0
            )
            while others and (len(inside) < 2 or sum(counts[key] for key in inside) < SMALL_GROUP):
                key = others.pop(0)[2]
                held.add(key)
                inside.append(key)
                changed = True
    return held


def _count_rows(items: list[tuple]) -> list[dict]:
    """[(code, label, count)] of one distribution as rows, small groups held back."""
    held = protect({code: count for code, _label, count in items}, [[code for code, *_ in items]])
    return [
        {
            "code": code,
            "label": label,
            "enterprises": None if code in held else count,
            "suppressed": ["enterprises"] if code in held else [],
            "complementary": ["enterprises"] if code in held and count >= SMALL_GROUP else [],
        }
        for code, label, count in items
    ]


def _small(count: int) -> bool:
    return 0 < count < SMALL_GROUP


# --- The figures --------------------------------------------------------------------------------


def sector_figures(year: int | None, region_code: str | None) -> dict:
    """Every figure of /tal/ for a calendar year (None: up to today) and a region (its code as
    text, e.g. "1084"; None: the whole country), as plain data, cached until the register
    changes. The same for the page, its CSV files and (later) the API.

    Numbers are ints or floats; a held-back figure (a small group, see the module's doc) is None
    and its name is in its row's ``suppressed`` list; if it counts 5 or more enterprises and is
    held back only so that a smaller one cannot be worked out, its name is in ``complementary``
    too (every row has both lists; below they are written ``suppressed`` only). Shape::

        {
          "year": 2025 | None, "region": {"code": "1084", "name": "Hovedstaden"} | None,
          "as_of": "2025-12-31",           # the day the register's distributions are taken
          "accounts_year": 2024 | None,    # the financial year of the accounts' figures
          "small_group": 5, "dividend_cap_percent": 35.0,
          "key_figures": {"registered": n, "registrations": n, "deregistrations": n,
                          "suppressed": [names]},     # registrations: in ``year`` (or in all)
          "over_time": [{"quarter": "2025-Q1", "registrations": n, "deregistrations": n,
                         "total": n, "suppressed": [names]}],   # the year's quarters, or all
          "by_region": [{"code": "1084", "label": "Hovedstaden", "enterprises": n,
                         "suppressed": [...]}],    # the whole country, whatever the filter
          "by_municipality": [{"code": "101", "label": ..., "enterprises": n, "suppressed"}],
          "by_purpose_field": [{"code": "employment", "label": ..., "enterprises": n, ...}],
          "by_legal_form": [{"code": "aps", "label": ..., "enterprises": n, ...}],
          "by_founding_year": [{"code": 1990, "label": "1990-1999", "enterprises": n, ...}],
          "accounts_on_time": [{"financial_year": 2024, "due": n, "on_time": n,
                                "on_time_percent": 87.5, "suppressed": [...]}],
          "turnover_bands": [{"code": "1m_5m", "label": ..., "enterprises": n, ...}],
          "supervision": [{"year": 2025, "resolved": n, "hearing": n, "deregistered": n,
                           "suppressed": [...]}],   # closed supervision cases, whole country
          "accounts": [{"financial_year": 2024, "accounts": n, "turnover": kr,
                        "profit_after_tax": kr, "reinvested": kr, "dividends_paid": kr,
                        "dividend_payers": n, "payout_percent": 4.2,
                        "payers_payout_percent": 21.0, "cap_headroom_points": 14.0,
                        "employees": n, "target_group_employees": n,
                        "target_group_percent": 38.5, "volunteers": n, "suppressed": [...]}],
        }

    ``profit_after_tax`` adds up the profits of the enterprises with a profit (a loss is not
    reinvested), ``reinvested`` what of it was not paid out; ``payout_percent`` is the dividends
    paid in percent of it, ``payers_payout_percent`` the same for the enterprises that paid
    one, and ``cap_headroom_points`` how far that is under the 35 % cap.
    ``by_*`` lists count the enterprises registered on ``as_of`` (in the region, but
    ``by_region``); ``accounts`` holds every financial year with approved accounts,
    ``turnover_bands`` the ``accounts_year``'s. An unknown ``region_code`` is a ValueError
    (the page's form lets only known codes through).
    """
    version = register_version()["generation"]
    today = timezone.localdate()
    key = (
        f"registry:numbers:{release_key()}:{version}:{get_language()}:{today.isoformat()}:"
        f"{year}:{region_code}"
    )
    figures = page_cache.get(key)
    if figures is None:
        figures = _SectorFigures(year, region_code, today).compute()
        page_cache.set(key, figures, CACHE_SECONDS)
    return figures


class _SectorFigures:
    def __init__(self, year: int | None, region_code: str | None, today: dt.date):
        self.year = year
        self.today = today
        regions = {str(code): name for code, name in region_choices()}
        if region_code and region_code not in regions:
            raise ValueError(f"No region has the code {region_code!r}.")
        self.region_code = int(region_code) if region_code else None
        self.region_name = regions[region_code] if region_code else None
        self.as_of = min(dt.date(year, 12, 31), today) if year else today

    def _in_region(self, prefix: str = "") -> Q:
        if self.region_code is None:
            return Q()
        return Q(**{f"{prefix}municipality__region__code": self.region_code})

    def compute(self) -> dict:
        over_time, key_figures = self._over_time()
        accounts, bands, accounts_year = self._accounts()
        return {
            "year": self.year,
            "region": (
                {"code": str(self.region_code), "name": self.region_name}
                if self.region_code
                else None
            ),
            "as_of": self.as_of.isoformat(),
            "accounts_year": accounts_year,
            "small_group": SMALL_GROUP,
            "dividend_cap_percent": CAP_PERCENT,
            "key_figures": key_figures,
            "over_time": over_time,
            **self._distributions(),
            "accounts_on_time": self._on_time(),
            "turnover_bands": bands,
            "accounts": accounts,
            "supervision": self._supervision(),
        }

    # Supervision (tilsyn): one query. The whole country whatever the filter; a count of 1-4
    # is held back like any small group.

    def _supervision(self) -> list[dict]:
        rows = []
        for year, outcomes in sorted(supervision_outcomes_by_year().items()):
            held = [name for name, count in outcomes.items() if _small(count)]
            shown_outcomes = {k: None if k in held else n for k, n in outcomes.items()}
            rows.append({"year": year, **shown_outcomes, "suppressed": held, "complementary": []})
        return rows

    # The register over time: two queries.

    def _over_time(self) -> tuple[list[dict], dict]:
        enterprises = Enterprise.objects.filter(self._in_region()).order_by()
        steps = defaultdict(lambda: [0, 0])
        for index, field in enumerate(["registered_on", "deregistered_on"]):
            counted = (
                enterprises.filter(**{f"{field}__isnull": False})
                .annotate(quarter=TruncQuarter(field))
                .values_list("quarter")
                .annotate(n=Count("id"))
            )
            for quarter, n in counted:
                steps[(quarter.year, (quarter.month - 1) // 3 + 1)][index] += n
        last = (self.as_of.year, (self.as_of.month - 1) // 3 + 1)
        first = min([*steps, (FIRST_YEAR, 1)])
        rows, total = [], 0
        year, quarter = first
        while (year, quarter) <= last:
            registrations, deregistrations = steps.get((year, quarter), (0, 0))
            total += registrations - deregistrations
            if self.year is None or year == self.year:
                rows.append(self._quarter_row(year, quarter, registrations, deregistrations, total))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        in_period = [step for (y, _q), step in steps.items() if self.year is None or y == self.year]
        registrations = sum(step[0] for step in in_period)
        deregistrations = sum(step[1] for step in in_period)
        key_figures = {
            "registered": None if _small(total) else total,
            "registrations": None if _small(registrations) else registrations,
            "deregistrations": None if _small(deregistrations) else deregistrations,
        }
        key_figures["suppressed"] = [name for name, value in key_figures.items() if value is None]
        key_figures["complementary"] = []
        return rows, key_figures

    @staticmethod
    def _quarter_row(year, quarter, registrations, deregistrations, total) -> dict:
        row = {
            "quarter": f"{year}-Q{quarter}",
            "registrations": registrations,
            "deregistrations": deregistrations,
            "total": total,
        }
        row["suppressed"] = [name for name in row if name != "quarter" and _small(row[name])]
        row["complementary"] = []
        for name in row["suppressed"]:
            row[name] = None
        return row

    # The register on ``as_of``: two queries, three with a region.

    def _registered_on_day(self):
        day = self.as_of
        return Enterprise.objects.filter(registered_on__lte=day).filter(
            Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=day)
        )

    def _distributions(self) -> dict:
        registered = self._registered_on_day()
        in_region = registered.filter(self._in_region())
        facets = count_facets(in_region)
        national = count_facets(registered) if self.region_code else facets
        regions = [
            (str(code), name, national["region"].get(code, 0)) for code, name in region_choices()
        ]
        municipalities = [
            (str(code), name, facets["municipality"][code])
            for code, name in municipality_choices()
            if facets["municipality"].get(code)
        ]
        founding = dict(
            in_region.order_by()
            .annotate(
                band=Case(
                    *[
                        When(founded_year__gte=start, then=Value(start))
                        for start, _label in reversed(FOUNDING_BANDS)
                    ],
                    output_field=IntegerField(),
                )
            )
            .values_list("band")
            .annotate(n=Count("id"))
        )
        founding_labels = founding_band_labels()
        return {
            "by_region": _count_rows(regions),
            "by_municipality": _count_rows(municipalities),
            "by_purpose_field": _count_rows(
                [
                    (value, str(label), facets["field"].get(value, 0))
                    for value, label in PurposeField.choices
                ]
            ),
            "by_legal_form": _count_rows(
                [
                    (value, str(label), facets["form"].get(value, 0))
                    for value, label in LegalForm.choices
                ]
            ),
            "by_founding_year": _count_rows(
                [
                    (start, str(founding_labels[start]), founding.get(start, 0))
                    for start, _l in FOUNDING_BANDS
                ]
            ),
        }

    # Social accounts submitted on time: one query.

    def _on_time(self) -> list[dict]:
        counted = (
            SocialAccount.objects.filter(self._in_region("enterprise__"))
            .order_by()
            .values_list("financial_year")
            .annotate(
                due=Count("id", filter=Q(deadline__lt=self.today) | Q(submitted_at__isnull=False)),
                on_time=Count("id", filter=Q(submitted_at__date__lte=F("deadline"))),
            )
        )
        rows = []
        for financial_year, due, on_time in sorted(counted):
            if due == 0:
                continue
            row = {"financial_year": financial_year, "due": due, "on_time": on_time}
            row["on_time_percent"] = round(on_time / due * 100, 1)
            row["suppressed"], row["complementary"] = [], []
            if _small(due):
                row.update(due=None, on_time=None, on_time_percent=None)
                row["suppressed"] = ["due", "on_time", "on_time_percent"]
            elif _small(on_time) or _small(due - on_time):
                # the few on time (or late) would be the ones not counted among the others
                row.update(on_time=None, on_time_percent=None)
                row["suppressed"] = ["on_time", "on_time_percent"]
            rows.append(row)
        return rows

    # The approved social accounts: one query, grouped by financial year and region.

    def _accounts(self) -> tuple[list[dict], list[dict], int | None]:
        profitable = Q(profit_after_tax__gt=0)
        paying = Q(dividend_paid__gt=0)
        bands = {}
        for index, (lowest, key) in enumerate(TURNOVER_BANDS):
            upper = TURNOVER_BANDS[index + 1][0] if index + 1 < len(TURNOVER_BANDS) else None
            condition = Q(turnover__gte=lowest) & (Q(turnover__lt=upper) if upper else Q())
            bands[key] = Count("id", filter=condition)
        sums = {
            "accounts": Count("id"),
            "profit_after_tax": Sum("profit_after_tax", filter=profitable),
            "turnover": Sum("turnover"),
            "turnover_reported": Count("turnover"),
            "reinvested": Sum(F("profit_after_tax") - F("dividend_paid"), filter=profitable),
            "dividends_paid": Sum("dividend_paid"),
            "dividend_payers": Count("id", filter=paying),
            "payers_profit": Sum("profit_after_tax", filter=paying),
            "employees": Sum("employees"),
            "target_group_employees": Sum("target_group_employees"),
            "volunteers": Sum("volunteers"),
            "people_reported": Count("employees"),
            **bands,
        }
        # Named apart from the columns they add up (an aggregate may not shadow a field).
        grouped = (
            SocialAccount.objects.filter(status=AccountStatus.APPROVED)
            .order_by()
            .values("financial_year", region=F("enterprise__municipality__region__code"))
            .annotate(**{f"sum_{name}": expression for name, expression in sums.items()})
        )
        grouped = [
            {
                "financial_year": row["financial_year"],
                "region": row["region"],
                **{name: row[f"sum_{name}"] for name in sums},
            }
            for row in grouped
        ]
        cells = _AccountCells(grouped)
        years = sorted(cells.years)
        accounts_year = self.year or (years[-1] if years else None)
        rows = [cells.year_row(year, self.region_code) for year in years]
        band_rows = cells.band_rows(accounts_year, self.region_code)
        return rows, band_rows, accounts_year


# Each figure of a year's accounts and the counts of enterprises it rests on: it is held back
# when any of them is (for a region, also when the regions' protection holds it back).
ACCOUNT_FIGURES = {
    "accounts": ("accounts",),
    "turnover": ("turnover_reported",),
    "profit_after_tax": ("accounts",),
    "reinvested": ("accounts", "dividend_payers"),
    "dividends_paid": ("accounts", "dividend_payers"),
    "dividend_payers": ("dividend_payers",),
    "payout_percent": ("accounts", "dividend_payers"),
    "payers_payout_percent": ("dividend_payers",),
    "cap_headroom_points": ("dividend_payers",),
    "employees": ("people_reported",),
    "target_group_employees": ("people_reported",),
    "target_group_percent": ("people_reported",),
    "volunteers": ("people_reported",),
}
ACCOUNT_BASES = ("accounts", "turnover_reported", "dividend_payers", "people_reported")
SUMMED = (
    *ACCOUNT_BASES,
    "profit_after_tax",
    "turnover",
    "reinvested",
    "dividends_paid",
    "payers_profit",
    "employees",
    "target_group_employees",
    "volunteers",
    *(key for _lowest, key in TURNOVER_BANDS),
)


class _AccountCells:
    """The accounts' sums per (financial year, region code), the country's as region None,
    and what is held back: per year and count, the regions with the country are one line."""

    def __init__(self, grouped: list[dict]):
        self.cells: dict[tuple, dict] = {}
        for row in grouped:
            self.cells[(row["financial_year"], row["region"])] = row
            national = self.cells.setdefault(
                (row["financial_year"], None), dict.fromkeys(SUMMED, 0)
            )
            for name in SUMMED:
                national[name] += row[name] or 0
        self.years = {year for year, _region in self.cells}
        self.regions = [code for code, _name in region_choices()]
        self.held = set()  # (year, region, base)
        for year in self.years:
            for base in ACCOUNT_BASES:
                counts = {region: self._get(year, region)[base] for region in [*self.regions, None]}
                held = protect(counts, [list(counts)])
                self.held |= {(year, region, base) for region in held}

    def _get(self, year, region) -> dict:
        return self.cells.get((year, region)) or dict.fromkeys(SUMMED, 0)

    def year_row(self, year: int, region: int | None) -> dict:
        cell = self._get(year, region)
        row = {"financial_year": year}
        for name in ACCOUNT_FIGURES:
            row[name] = cell.get(name)
        row["payout_percent"] = _percent(cell["dividends_paid"], cell["profit_after_tax"])
        row["payers_payout_percent"] = _percent(cell["dividends_paid"], cell["payers_profit"])
        row["cap_headroom_points"] = (
            round(CAP_PERCENT - row["payers_payout_percent"], 1)
            if row["payers_payout_percent"] is not None
            else None
        )
        row["target_group_percent"] = _percent(cell["target_group_employees"], cell["employees"])
        for name, bases in ACCOUNT_FIGURES.items():
            if not cell[bases[0]] and name != bases[0]:
                row[name] = None  # nothing to add up: no figure, nothing held back
        held = {
            name: [b for b in bases if (year, region, b) in self.held]
            for name, bases in ACCOUNT_FIGURES.items()
        }
        row["suppressed"] = [name for name, bases in held.items() if bases]
        row["complementary"] = [
            name
            for name, bases in held.items()
            if bases and all(cell[base] >= SMALL_GROUP for base in bases)
        ]
        for name in row["suppressed"]:
            row[name] = None
        return row

    def band_rows(self, year: int | None, region: int | None) -> list[dict]:
        """The turnover bands of ``year``'s accounts in ``region`` (None: the country), with
        the regions x bands table protected along both its rows and its columns."""
        keys = [key for _lowest, key in TURNOVER_BANDS]
        places = [*self.regions, None]
        counts = {
            (place, key): self._get(year, place)[key] if year else 0
            for place in places
            for key in keys
        }
        lines = [[(place, key) for key in keys] for place in places]
        lines += [[(place, key) for place in places] for key in keys]
        held = protect(counts, lines)
        labels = turnover_band_labels()
        return [
            {
                "code": key,
                "label": str(labels[key]),
                "enterprises": None if (region, key) in held else counts[(region, key)],
                "suppressed": ["enterprises"] if (region, key) in held else [],
                "complementary": (
                    ["enterprises"]
                    if (region, key) in held and counts[(region, key)] >= SMALL_GROUP
                    else []
                ),
            }
            for key in keys
        ]


def _percent(part, whole) -> float | None:
    return round(part / whole * 100, 1) if part is not None and whole else None
