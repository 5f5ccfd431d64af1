"""/tal/: the sector's figures, small groups held back, a fixed number of queries, cached."""

import csv
import datetime as dt
import io
import itertools
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.charts import bar_chart
from geography.models import Municipality
from registry.demo.enterprises import build_enterprise
from registry.fictional import fictional_cvrs
from registry.models import AccountStatus, Enterprise, SocialAccount
from registry.numbers import SMALL_GROUP, protect, sector_figures
from registry.page_cache import register_changed
from registry.services import social_accounts
from registry.tests.conftest import pdf_upload

pytestmark = pytest.mark.django_db

HOVEDSTADEN, NORDJYLLAND = "1084", "1081"
_cvrs = fictional_cvrs(60_000)  # shared: every test's enterprises have numbers of their own
_offsets = itertools.count(70_000, 1_000)


def enterprises(count: int, *, region: str | None = None, registered=dt.date(2020, 3, 1)):
    """``count`` registered enterprises, in ``region`` or spread over the whole country."""
    places = Municipality.objects.all()
    if region:
        places = places.filter(region__code=int(region))
    places = list(places.order_by("code"))
    offset = next(_offsets)
    rng = random.Random(offset)
    rows = [
        build_enterprise(
            offset + index,
            next(_cvrs),
            places,
            rng,
            registered_on=registered + dt.timedelta(days=index % 700),
        )
        for index in range(count)
    ]
    return Enterprise.objects.bulk_create(rows)


def approved_accounts(rows, year=2024, **figures):
    """An approved social account for ``year`` for each enterprise, submitted on time."""
    defaults = {
        "turnover": 2_000_000,
        "profit_after_tax": 100_000,
        "dividend_paid": 0,
        "paid_in_capital": 50_000,
        "employees": 10,
        "target_group_employees": 4,
        "volunteers": 2,
    } | figures
    deadline = social_accounts.accounts_deadline(year)
    SocialAccount.objects.bulk_create(
        SocialAccount(
            enterprise=enterprise,
            financial_year=year,
            deadline=deadline,
            status=AccountStatus.APPROVED,
            submitted_at=dt.datetime(year + 1, 4, 1, 12, tzinfo=dt.UTC),
            **defaults,
        )
        for enterprise in rows
    )
    register_changed()


def row_of(rows, **match):
    return next(row for row in rows if all(row[k] == v for k, v in match.items()))


# --- Holding small groups back ------------------------------------------------------------------


def test_cells_under_five_are_held_back_with_enough_others_that_no_difference_tells():
    counts = {"a": 3, "b": 40, "c": 7, "d": 0}
    held = protect(counts, [list(counts)])
    # "a" alone could be read as the total minus the rest: the smallest other goes with it.
    assert held == {"a", "c"}
    assert protect({"a": 1, "b": 2, "c": 30}, [["a", "b", "c"]]) == {"a", "b", "c"}
    assert protect({"a": 9, "b": 0, "c": 30}, [["a", "b", "c"]]) == set()


def test_a_table_is_protected_along_its_rows_and_columns():
    counts = {
        ("x", 1): 2, ("x", 2): 10, ("x", 3): 10,
        ("y", 1): 10, ("y", 2): 10, ("y", 3): 10,
    }  # fmt: skip
    rows = [[(r, c) for c in (1, 2, 3)] for r in "xy"]
    columns = [[(r, c) for r in "xy"] for c in (1, 2, 3)]
    held = protect(counts, rows + columns)
    for line in rows + columns:
        inside = [key for key in line if key in held]
        assert not inside or (len(inside) >= 2 and sum(counts[k] for k in inside) >= SMALL_GROUP)


# --- The figures --------------------------------------------------------------------------------


def test_the_figures_count_the_register_and_the_approved_accounts():
    capital = enterprises(12, region=HOVEDSTADEN)
    north = enterprises(6, region=NORDJYLLAND)
    approved_accounts(capital, dividend_paid=20_000)
    approved_accounts(north)
    Enterprise.objects.filter(pk=north[0].pk).update(deregistered_on=dt.date(2023, 6, 1))
    register_changed()

    figures = sector_figures(None, None)
    assert figures["key_figures"]["registered"] == 17
    regions = figures["by_region"]
    assert row_of(regions, code=HOVEDSTADEN)["enterprises"] == 12
    assert row_of(regions, code=NORDJYLLAND)["enterprises"] == 5
    assert figures["over_time"][-1]["total"] == 17
    deregistered = row_of(figures["over_time"], quarter="2023-Q2")
    assert (
        deregistered["deregistrations"] is None and "deregistrations" in deregistered["suppressed"]
    )
    year = row_of(figures["accounts"], financial_year=2024)
    assert year["accounts"] == 18 and year["turnover"] == 36_000_000
    assert year["profit_after_tax"] == 1_800_000
    assert year["dividends_paid"] == 240_000 and year["reinvested"] == 1_560_000
    assert year["payers_payout_percent"] == 20.0 and year["cap_headroom_points"] == 15.0
    assert year["employees"] == 180 and year["target_group_percent"] == 40.0
    assert row_of(figures["turnover_bands"], code="1m_5m")["enterprises"] == 18
    on_time = row_of(figures["accounts_on_time"], financial_year=2024)
    assert on_time["on_time_percent"] == 100.0

    north_only = sector_figures(2024, NORDJYLLAND)
    assert north_only["region"] == {"code": NORDJYLLAND, "name": "Nordjylland"}
    assert north_only["key_figures"]["registered"] == 5  # at the end of 2024
    assert sector_figures(2022, NORDJYLLAND)["key_figures"]["registered"] == 6
    assert [row["quarter"][:4] for row in north_only["over_time"]] == ["2024"] * 4


def test_no_single_enterprises_accounts_can_be_read_off_nor_worked_out():
    """One enterprise in Nordjylland among many elsewhere: its figures are held back in its
    region, and so is enough of another region that the country minus the rest tells nothing."""
    alone = enterprises(1, region=NORDJYLLAND)
    approved_accounts(alone, turnover=77_700_000, employees=333, dividend_paid=9_000)
    approved_accounts(enterprises(20, region=HOVEDSTADEN))
    approved_accounts(enterprises(7, region="1085"))
    approved_accounts(enterprises(30, region="1083"))

    north = row_of(sector_figures(2024, NORDJYLLAND)["accounts"], financial_year=2024)
    assert north["turnover"] is None and "turnover" in north["suppressed"]
    assert north["employees"] is None and north["dividends_paid"] is None
    bands = sector_figures(2024, NORDJYLLAND)["turnover_bands"]
    assert row_of(bands, code="50m_plus")["enterprises"] is None

    shown = {}
    for region in [None, HOVEDSTADEN, NORDJYLLAND, "1082", "1083", "1085"]:
        shown[region] = row_of(sector_figures(2024, region)["accounts"], financial_year=2024)
    regions = [code for code in shown if code]
    for figure in ("turnover", "employees", "accounts"):
        hidden = [code for code in regions if shown[code][figure] is None and code != "1082"]
        assert len(hidden) >= 2, figure  # the country minus the rest is two regions at least
    # The one enterprise's turnover is nowhere: not as a cell, not as the country minus the rest.
    visible = sum(shown[code]["turnover"] or 0 for code in regions)
    assert shown[None]["turnover"] - visible != 77_700_000
    # Its dividend is the only one paid: held back everywhere, the country's too.
    assert shown[None]["dividends_paid"] is None and shown[None]["dividend_payers"] is None


def test_the_number_of_queries_does_not_grow_with_the_register():
    def queries(year, region) -> int:
        register_changed()
        with CaptureQueriesContext(connection) as captured:
            sector_figures(year, region)
        return len(captured)

    approved_accounts(enterprises(8))
    small = [queries(None, None), queries(2024, HOVEDSTADEN)]
    big = enterprises(900)
    approved_accounts(big[:600], year=2023)
    approved_accounts(big[600:], year=2024, dividend_paid=10_000)
    assert [queries(None, None), queries(2024, HOVEDSTADEN)] == small
    assert small[0] <= 12 and small[1] <= 13


def test_figures_are_cached_until_the_register_changes(
    django_assert_num_queries, make_case, applicant, handler
):
    from registry.models import ApplicationStatus

    approved_accounts(enterprises(10), year=2023)
    before = sector_figures(None, None)
    with django_assert_num_queries(2):  # the register's version, then the stored figures
        assert sector_figures(None, None) == before

    case = make_case(ApplicationStatus.REGISTERED)
    account = SocialAccount.objects.create(
        enterprise=case.enterprise, financial_year=2024, deadline=dt.date(2025, 5, 31)
    )
    social_accounts.submit_social_account(
        account, GOOD_ACCOUNT, annual_report=pdf_upload("aarsrapport.pdf"), by=applicant
    )
    assert sector_figures(None, None)["accounts_on_time"] != before["accounts_on_time"]
    social_accounts.review_social_account(account, approve=True, by=handler)
    assert sector_figures(None, None)["accounts_year"] == 2024


GOOD_ACCOUNT = {
    "turnover": 3_000_000,
    "employees": 5,
    "target_group_employees": 2,
    "volunteers": 0,
    "profit_after_tax": 10_000,
    "dividend_paid": 0,
    "paid_in_capital": 10_000,
    "management_pay": "Direktør 400.000 kr.",
    "purpose_report": "Fem i job.",
    "independence_report": "Brugerråd.",
}


# --- The page and its files ---------------------------------------------------------------------


def test_the_page_shows_every_chart_with_its_table_and_csv(client):
    approved_accounts(enterprises(15, region=HOVEDSTADEN) + enterprises(2, region=NORDJYLLAND))
    page = client.get(reverse("numbers:index")).content.decode()
    assert "Socialøkonomi i tal" in page
    for slug in ("udvikling", "regioner", "formaal", "rettidighed", "omsaetning", "overskud"):
        assert f'id="chart-{slug}-svgtitle"' in page
        assert reverse("numbers:csv", kwargs={"chart": slug}) in page
    assert 'role="img"' in page and "&lt; 5" in page
    assert "<script" not in page.split("</main>")[0].split("<main")[-1]  # no inline script
    english = client.get("/en/tal/", {"region": HOVEDSTADEN}).content.decode()
    assert (
        "The social economy in numbers" in english and "Registered enterprises by region" in english
    )
    whole_country = client.get("/en/tal/").content.decode()  # the profit after tax, in English
    assert "1,700,000 DKK" in whole_country and " kr." not in whole_country
    assert "1.700.000 kr." in page
    assert "registrets liste viser dem ikke imens" in page  # why the register's list may show fewer


def test_a_csv_file_holds_the_charts_figures_with_small_groups_held_back(client):
    enterprises(15, region=HOVEDSTADEN)
    enterprises(2, region=NORDJYLLAND)
    enterprises(9, region="1085")
    register_changed()
    response = client.get(reverse("numbers:csv", kwargs={"chart": "regioner"}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Region", "Virksomheder"]
    assert ["Hovedstaden", "15"] in rows and ["Nordjylland", "< 5"] in rows
    # Sjælland's 9 are held back too, or the total minus the rest would give Nordjylland's 2.
    assert ["Sjælland", "skjult"] in rows and ["Syddanmark", "0"] in rows
    assert client.get("/tal/findes-ikke.csv").status_code == 404


def test_an_unknown_region_is_refused_by_the_selector():
    with pytest.raises(ValueError):
        sector_figures(None, "9999")


def test_unknown_filter_values_are_dropped_not_errors(client):
    enterprises(6, region=HOVEDSTADEN)
    for query in ({"year": "1999"}, {"year": "x"}, {"region": "9999"}, {"region": "%00"}):
        assert client.get(reverse("numbers:index"), query).status_code == 200
        assert (
            client.get(reverse("numbers:csv", kwargs={"chart": "kommuner"}), query).status_code
            == 200
        )


def test_the_page_is_in_the_sitemap_footer_and_register(client):
    assert "/tal/" in client.get("/sitemap-pages.xml").content.decode()
    assert 'href="/tal/"' in client.get(reverse("registry:register")).content.decode()


def test_charts_write_held_back_values_as_under_five_and_draw_no_bar():
    chart = bar_chart("x", "X", [{"label": "a", "n": None}, {"label": "b", "n": 1200}],
                      value=lambda bar: bar["n"], label=lambda bar: bar["label"])  # fmt: skip
    assert [row.text for row in chart.rows] == ["< 5", "1.200"]
    assert chart.rows[0].bar_width == 0 and chart.rows[1].bar_width > 0
