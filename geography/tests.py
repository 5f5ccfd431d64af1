import pytest

from geography.models import Municipality, Region

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_in_five_regions_ship_as_data():
    assert Municipality.objects.count() == 98
    assert Region.objects.count() == 5
    assert Municipality.objects.get(code=101).name == "København"
    assert Municipality.objects.get(code=751).region.name == "Midtjylland"
    counts = {region.name: region.municipalities.count() for region in Region.objects.all()}
    assert counts == {
        "Hovedstaden": 29,
        "Sjælland": 17,
        "Syddanmark": 22,
        "Midtjylland": 19,
        "Nordjylland": 11,
    }


def test_municipalities_come_out_in_danish_alphabetical_order():
    names = list(Municipality.objects.values_list("name", flat=True))
    assert names[:3] == ["Albertslund", "Allerød", "Assens"]
    # æ, ø, å after z, and "Aa" sorted as å.
    assert names[-4:] == ["Ærø", "Aabenraa", "Aalborg", "Aarhus"]
    assert names.index("Vordingborg") < names.index("Ærø")
    # "aa" inside a name sorts as å too, as in a Danish dictionary.
    assert names.index("Furesø") < names.index("Faaborg-Midtfyn") < names.index("Gentofte")


def test_reference_data_is_restored_when_missing():
    from geography.reference import load_reference_data

    Municipality.objects.filter(code__in=[101, 851]).delete()
    load_reference_data()
    assert Municipality.objects.count() == 98
    assert Municipality.objects.get(code=851).name == "Aalborg"


def test_the_python_sort_key_agrees_with_the_database():
    from core.collation import danish_sort_key

    rows = list(Municipality.objects.values_list("name", "sort_key"))
    assert [danish_sort_key(name) for name, _key in rows] == [key for _name, key in rows]


# --- The municipalities' pages ------------------------------------------------------------------

import datetime as dt  # noqa: E402
import re  # noqa: E402

from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from events.tests.factories import make_event  # noqa: E402
from geography.selectors import municipality_choices  # noqa: E402
from geography.slugs import municipality_slug  # noqa: E402
from portal.models import Audience  # noqa: E402
from portal.tests import factories as portal  # noqa: E402
from registry.models import Application, ApplicationStatus  # noqa: E402
from registry.tests.test_public import registered  # noqa: E402


def test_every_municipality_has_a_unique_ascii_slug_with_danish_letters_spelt_out():
    slugs = dict(Municipality.objects.values_list("name", "slug"))
    assert len(set(slugs.values())) == 98
    assert all(slug.isascii() and slug == municipality_slug(name) for name, slug in slugs.items())
    assert slugs["København"] == "koebenhavn"
    assert slugs["Ærø"] == "aeroe"
    assert slugs["Lyngby-Taarbæk"] == "lyngby-taarbaek"
    assert slugs["Tårnby"] == "taarnby"


def _application(enterprise, status, submitted_at, number):
    return Application.objects.create(
        case_number=f"RSV-T-{number}",
        enterprise=enterprise,
        status=status,
        submitted_at=submitted_at,
    )


def test_a_municipality_page_shows_its_enterprises_numbers_applications_events_and_articles(
    client,
):
    aarhus = Municipality.objects.get(code=751)
    ours = registered(["Aarhus Café", "Aarhus Cykler"], municipality_code=751)
    registered(["Odense Bageri"], municipality_code=461)
    now = timezone.now()
    _application(ours[0], ApplicationStatus.REGISTERED, now, 1)
    _application(ours[1], ApplicationStatus.UNDER_REVIEW, now, 2)
    _application(ours[1], ApplicationStatus.REJECTED, now - dt.timedelta(days=400), 3)
    make_event(title="Møde i Midtjylland", region=aarhus.region)
    make_event(title="Webinar for alle", place="", online_url="https://example.dk/m")
    make_event(title="Møde i Nordjylland", region=Region.objects.get(code=1081))
    portal.article(
        "Sociale klausuler for kommuner", audiences=[Audience.objects.get(slug="kommune")]
    )
    portal.article("Kun for iværksættere")

    response = client.get(reverse("geography:municipality", args=["aarhus"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Aarhus Kommune" in page
    assert "Aarhus Café" in page and "Aarhus Cykler" in page and "Odense Bageri" not in page
    # 2 here and in the region (19 municipalities): 0.1 each; 3 in the country: 0.03 each.
    figures = re.findall(r'<td class="align-text-right">([^<]*)</td>', page)
    assert figures[:4] == ["2", "0,1", "0,0", "3"]
    assert "Registreret" in page and "Under behandling" in page
    assert "Afslået" not in page  # last year's
    assert "Møde i Midtjylland" in page and "Webinar for alle" in page
    assert "Møde i Nordjylland" not in page
    assert "Sociale klausuler for kommuner" in page and "Kun for iværksættere" not in page
    assert reverse("guidance:ask") + "?kommune=aarhus" in page
    assert reverse("registry:register") + "?municipality=751" in page


def test_the_guidance_form_is_prefilled_from_a_municipality_page(client):
    page = client.get(reverse("guidance:ask"), {"kommune": "aeroe"}).content.decode()
    aeroe = Municipality.objects.get(slug="aeroe")
    assert re.search(rf'<option value="{aeroe.pk}" selected\s*>Ærø', page)
    assert re.search(r'value="municipality"[^>]*checked', page)
    unknown = client.get(reverse("guidance:ask"), {"kommune": "atlantis"})
    assert unknown.status_code == 200


def test_an_unknown_municipality_is_not_found_in_both_languages(client):
    assert client.get("/kommuner/atlantis/").status_code == 404
    assert client.get("/en/kommuner/atlantis/").status_code == 404


def test_the_english_page_has_the_same_address_under_en(client):
    with translation.override("en"):
        url = reverse("geography:municipality", args=["koebenhavn"])
    assert url == "/en/kommuner/koebenhavn/"
    page = client.get(url).content.decode()
    assert "København Municipality" in page


def test_the_index_lists_all_98_by_region_with_their_counts(client):
    registered(["Aarhus Café"], municipality_code=751)
    page = client.get(reverse("geography:index")).content.decode()
    assert len(set(re.findall(r'href="/kommuner/([a-z-]+)/"', page))) == 98
    assert page.index("Hovedstaden") < page.index("Albertslund")
    assert "(1 virksomhed)" in page


def test_the_register_links_to_the_chosen_municipalitys_page(client):
    page = client.get(reverse("registry:register"), {"municipality": "751"}).content.decode()
    assert 'href="/kommuner/aarhus/"' in page
    unfiltered = client.get(reverse("registry:register")).content.decode()
    assert not re.search(r'href="/kommuner/[a-z-]+/"', unfiltered)


def test_the_sitemap_holds_every_municipality_and_the_index(client):
    municipalities = client.get(
        reverse("portal:sitemap_section", args=["municipalities"])
    ).content.decode()
    assert municipalities.count("<loc>") == 98
    assert "/kommuner/koebenhavn/</loc>" in municipalities
    pages = client.get(reverse("portal:sitemap_section", args=["pages"])).content.decode()
    assert "/kommuner/</loc>" in pages


@pytest.mark.parametrize("count", [2, 80])
def test_municipality_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    enterprises = registered([f"Virksomhed {i}" for i in range(count)], municipality_code=751)
    now = timezone.now()
    for number, enterprise in enumerate(enterprises):
        _application(enterprise, ApplicationStatus.REGISTERED, now, number)
    kommune = Audience.objects.get(slug="kommune")
    for _number in range(count // 10 + 1):
        make_event(region=Municipality.objects.get(code=751).region)
        portal.article(audiences=[kommune])
    municipality_choices()  # reference data, read once per process
    client.get("/kommuner/")  # the register's counts per municipality, kept until it changes
    # municipality, neighbours, register version, its counts, page count, page, applications,
    # events, articles
    with django_assert_num_queries(9):
        assert client.get("/kommuner/aarhus/?side=2").status_code == 200
    with django_assert_num_queries(3):  # register version, its counts, the municipalities
        assert client.get("/kommuner/").status_code == 200


def test_the_counts_follow_the_register(client):
    from registry.page_cache import register_changed

    registered(["Først"])
    register_changed()
    before = re.search(
        r"Aarhus</a>\s*<span[^>]*>\((\d+) virksomhed", client.get("/kommuner/").content.decode()
    )
    registered(["Senere"])
    register_changed()  # as every change to the register does
    after = re.search(
        r"Aarhus</a>\s*<span[^>]*>\((\d+) virksomhed", client.get("/kommuner/").content.decode()
    )
    assert before and after and int(after[1]) == int(before[1]) + 1
