import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from geography.models import Municipality
from registry import demo as registry_demo
from registry.fictional import fictional_cvrs
from registry.models import Enterprise
from registry.page_cache import register_changed

pytestmark = pytest.mark.django_db


def registered(names, *, municipality_code=751, field="employment", purpose="Job til unge."):
    municipality = Municipality.objects.get(code=municipality_code)
    cvrs = fictional_cvrs(100 + 2 * Enterprise.objects.count())  # past the earlier calls
    today = timezone.localdate()
    cvrs_used = [next(cvrs) for _name in names]
    created = Enterprise.objects.bulk_create(
        Enterprise(
            cvr=cvrs_used[index],
            name=name,
            legal_form="aps",
            address="Vej 1",
            postal_code="8000",
            city="Aarhus",
            municipality=municipality,
            contact_email="a@example.dk",
            founded_year=2010,
            purpose=purpose,
            purpose_field=field,
            registration_number=f"T{cvrs_used[index]}",
            registered_on=today,
        )
        for index, name in enumerate(names)
    )
    register_changed()
    return created


def test_index_explains_the_scheme(client):
    page = client.get(reverse("registry:index")).content.decode()
    assert "gratis" in page and "4 uger" in page and "Enkeltmandsvirksomheder" in page


def test_self_test_shows_a_result_per_criterion_and_stores_nothing(client):
    answers = {
        "legal_form": "is",
        "purpose": "yes",
        "trade": "some",
        "independence": "no",
        "governance": "yes",
        "profit": "free",
    }
    page = client.get(reverse("registry:self_test"), answers).content.decode()
    assert "sameje" in page  # the reason I/S cannot register
    assert page.count("Ikke opfyldt") >= 2 and "Uafklaret" in page
    assert "#kriterium-trade" in page


def test_self_test_without_answers_shows_danish_errors_and_keeps_answers(client):
    page = client.get(reverse("registry:self_test"), {"purpose": "yes"}).content.decode()
    assert "Vælg et svar." in page
    assert 'value="yes" checked' in page or 'checked value="yes"' in page or "checked" in page


def test_register_lists_in_danish_order_and_searches(client):
    registered(["Åben Café", "Ærlig Handel", "Østerbro Værksted", "Zebra Cykler", "Aarhus Madhus"])
    page = client.get(reverse("registry:register")).content.decode()
    order = [page.index(name) for name in ["Zebra", "Ærlig", "Østerbro", "Åben", "Aarhus Madhus"]]
    assert order == sorted(order)

    found = client.get(reverse("registry:register"), {"q": "cykler"}).content.decode()
    assert "Zebra Cykler" in found and "Åben Café" not in found


def test_register_full_text_search_uses_danish_stems(client):
    registered(["Grøn Omstilling"], purpose="Vi hjælper virksomhederne med genbrug.")
    registered(["Anden"], purpose="Kultur for børn.")
    found = client.get(reverse("registry:register"), {"q": "virksomhed"}).content.decode()
    assert "Grøn Omstilling" in found and "Anden" not in found


def test_register_filters_and_counts(client):
    registered(["A1", "A2"], municipality_code=101, field="culture")
    registered(["B1"], municipality_code=751, field="health")
    page = client.get(reverse("registry:register"), {"field": "culture"}).content.decode()
    assert "A1" in page and "B1" not in page
    assert "København</a> (2)" in page
    assert "Hovedstaden</a> (2)" in page and "Midtjylland" not in page  # counts within the result
    everything = client.get(reverse("registry:register")).content.decode()
    assert "Sundhed</a> (1)" in everything and "Kultur</a> (2)" in everything


def test_unregistered_enterprises_are_not_public(client):
    enterprise = registered(["Skjult"])[0]
    Enterprise.objects.filter(pk=enterprise.pk).update(registered_on=None)
    assert "Skjult" not in client.get(reverse("registry:register")).content.decode()
    assert client.get(enterprise.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [3, 60])
def test_register_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    registered([f"Virksomhed {i}" for i in range(count)])
    filters = {"region": "1082"}
    # Ceilings include the savepoint pair around each cache write inside the test transaction.
    with django_assert_max_num_queries(15):  # counting, caching the counts and the page
        response = client.get(reverse("registry:register"), filters)
    assert response.status_code == 200
    with django_assert_max_num_queries(8):  # counts come from the cache; the page is stored
        response = client.get(reverse("registry:register"), {**filters, "side": "2"})
    assert response.status_code == 200
    with django_assert_max_num_queries(2):  # the same page again: the stored copy
        again = client.get(reverse("registry:register"), {**filters, "side": "2"})
    assert again.content == response.content
    search = {**filters, "q": "Virksomhed", "side": "2"}
    with django_assert_max_num_queries(8):  # a small search: its matches read once, not stored
        assert client.get(reverse("registry:register"), search).status_code == 200


@pytest.mark.parametrize("count", [3, 60])
def test_csv_streams_all_rows_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    registered([f"Virksomhed {i}" for i in range(count)])
    with django_assert_max_num_queries(14):  # rate limit (cache) + one streamed query
        response = client.get(reverse("registry:register_csv"))
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == count
    assert rows[0]["kommune"] == "Aarhus" and rows[0]["cvr"].isdigit()


def test_json_uses_the_same_filters(client):
    registered(["Kultur A"], field="culture")
    registered(["Miljø B"], field="environment")
    response = client.get(reverse("registry:register_json"), {"field": "environment"})
    data = json.loads(b"".join(response.streaming_content))
    assert [row["navn"] for row in data["virksomheder"]] == ["Miljø B"]
    assert data["felter"][0] == "cvr"


def test_enterprise_page(client):
    enterprise = registered(["Side Virksomhed"])[0]
    page = client.get(enterprise.get_absolute_url()).content.decode()
    assert "Side Virksomhed" in page and enterprise.cvr in page
    assert "endnu ikke et godkendt socialt regnskab" in page


def test_open_data_documentation_lists_the_fields(client):
    page = client.get(reverse("registry:open_data")).content.decode()
    assert "registreringsnummer" in page and "stiftelsesaar" in page


def test_demo_data_is_idempotent_and_covers_every_status():

    from registry.models import Application, ApplicationStatus

    registry_demo.load()
    registry_demo.load()
    assert Enterprise.objects.registered().count() == 40
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    assert len(set(Enterprise.objects.registered().values_list("municipality", flat=True))) > 20
    from registry.models import SocialAccount

    assert SocialAccount.objects.filter(status="approved").exists()
    assert SocialAccount.objects.filter(status="due").exists()


def test_the_benchmark_generator_bulk_creates_valid_enterprises():
    from stdnum.dk import cvr

    from registry.demo.enterprises import generate

    generate(300, batch_size=100)
    assert Enterprise.objects.registered().count() == 300
    assert all(cvr.is_valid(number) for number in Enterprise.objects.values_list("cvr", flat=True))


def test_the_register_and_self_test_are_translated_to_english(client):
    page = client.get("/en/registrering/register/").content.decode()
    assert "The register of social-economic enterprises" in page
    result = client.get("/en/registrering/selvtest/", {"legal_form": "is"}).content.decode()
    assert "What is the legal form of the enterprise?" in result


def test_open_data_downloads_are_rate_limited(client, settings):
    settings.REGISTRY_EXPORTS_PER_MINUTE = 2
    statuses = [client.get(reverse("registry:register_json")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_unknown_filter_values_are_ignored_not_errors(client):
    registered(["Robust ApS"])
    odd = {"municipality": "999", "year": "abc", "field": "x", "side": "zz", "q": "!!!"}
    assert client.get(reverse("registry:register"), odd).status_code == 200
    page = client.get(reverse("registry:register"), {**odd, "q": ""}).content.decode()
    assert "Robust ApS" in page
    assert client.get(reverse("registry:register_csv"), odd).status_code == 200


def test_repeat_open_data_downloads_get_304_until_the_register_changes(client, settings):
    settings.REGISTRY_EXPORTS_PER_MINUTE = 2
    registered(["Første ApS"])
    url = reverse("registry:register_csv") + "?field=employment"
    first = client.get(url)
    b"".join(first.streaming_content)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]

    # Conditional requests are answered without counting towards the limit.
    for _ in range(5):
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    other = client.get(reverse("registry:register_json"), headers={"If-None-Match": etag})
    assert other.status_code == 200  # another URL has another tag
    b"".join(other.streaming_content)

    registered(["Anden ApS"])  # the register changes: the old tag no longer matches
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 429  # a full download again, and over the (lowered) limit
    assert "ETag" not in changed and changed["Retry-After"] == "60"


def test_a_changed_register_is_downloaded_again_with_a_new_tag(client):
    registered(["Første ApS"])
    url = reverse("registry:register_json")
    first = client.get(url)
    b"".join(first.streaming_content)
    registered(["Anden ApS"])
    second = client.get(url, headers={"If-None-Match": first["ETag"]})
    data = json.loads(b"".join(second.streaming_content))
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert len(data["virksomheder"]) == 2
    assert client.head(url).status_code == 200


def test_anonymous_register_pages_come_from_the_cache_until_the_register_changes(client, applicant):
    first = registered(["Første Café"])[0]
    url = reverse("registry:register")
    assert "Første Café" in client.get(url).content.decode()
    assert "Første Café" in client.get(first.get_absolute_url()).content.decode()
    Enterprise.objects.filter(pk=first.pk).update(name="Omdøbt Café")  # behind the services' back
    assert "Første Café" in client.get(url).content.decode()  # still the stored copy
    registered(["Anden Café"])  # a change through the services starts a new version
    page = client.get(url).content.decode()
    assert "Omdøbt Café" in page and "Anden Café" in page
    assert "Omdøbt Café" in client.get(first.get_absolute_url()).content.decode()

    client.force_login(applicant)  # signed-in readers always get a fresh page
    Enterprise.objects.filter(pk=first.pk).update(name="Tredje Navn")
    response = client.get(url)
    assert "Tredje Navn" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "Cookie" in response["Vary"]


def listed(client, names, **params) -> list[str]:
    """Which of ``names`` the register page shows, in the order shown."""
    page = client.get(reverse("registry:register"), params).content.decode()
    found = [name for name in names if f">{name}</a>" in page]
    return sorted(found, key=lambda name: page.index(f">{name}</a>"))


def test_pages_in_the_second_half_come_out_in_the_same_order(client):
    names = [f"Virksomhed {chr(ord('A') + i // 10)}{i % 10}" for i in range(60)]
    registered(names)
    # Page 3 (rows 51-60) is read from the end of the index and turned around.
    pages = [listed(client, names, side=number) for number in (1, 2, 3)]
    assert pages[0] + pages[1] + pages[2] == names


def test_a_small_search_pages_its_matches_in_the_registers_order(client, monkeypatch):
    from registry import selectors

    letters = ["Aa", "Å", "Æ", "Ø", "Z", "B", "Ab", "Ä", "Ö"]
    names = [f"{letter}ble {number}" for letter in letters for number in range(4)]
    registered(names, purpose="Genbrug af møbler.")
    registered(["Uden Match"], purpose="Kultur.")
    in_order = listed(client, names) + listed(client, names, side=2)
    assert len(in_order) == len(names) and in_order[0].startswith("Ab")

    def searched():
        return [listed(client, names, q="genbrug", side=number) for number in (1, 2)]

    small = searched()  # all 36 matches read at once, counted and paged in Python
    monkeypatch.setattr(selectors, "SMALL_SEARCH", 5)
    register_changed()  # new pages: the anonymous copies of the first search are not reused
    counted = searched()  # counted by the database, the page read through the search indexes
    assert small[0] + small[1] == counted[0] + counted[1] == in_order
    page = client.get(reverse("registry:register"), {"q": "genbrug"}).content.decode()
    assert "36 virksomheder" in page and "Aarhus</a> (36)" in page


def test_a_larger_search_keeps_its_ordered_matches_with_its_counts(client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry import selectors

    monkeypatch.setattr(selectors, "SMALL_SEARCH", 5)  # 30 matches count as a larger search
    names = [f"Værksted {letter}{number}" for letter in "ZÆØÅB" for number in range(6)]
    registered(names, purpose="Genbrug af møbler.")
    first = listed(client, names, q="genbrug")
    with CaptureQueriesContext(connection) as queries:
        second = listed(client, names, q="genbrug", side=2)
    searched = [query["sql"] for query in queries if "search_vector" in query["sql"]]
    assert searched == []  # the page is cut from the ids kept with the counts
    assert first + second == listed(client, names) + listed(client, names, side=2)
    assert first[0] == "Værksted B0" and second[-1] == "Værksted Å5"


def test_filter_counts_are_grouped_the_way_each_language_writes_numbers():
    from django.utils import translation

    from registry.views.public import _digit_grouping

    with translation.override("da"):
        assert _digit_grouping()(50000) == "50.000"
    with translation.override("en"):
        assert _digit_grouping()(50000) == "50,000"


def test_the_spreadsheet_csv_opens_in_danish_excel_with_words_not_codes(client):
    registered(["Café Ung", "=HYPERLINK(1)"])
    registered(["Anden kommune"], municipality_code=101)
    response = client.get(reverse("registry:register_spreadsheet"), {"municipality": "751"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))
    assert [row["Navn"] for row in rows] == ["'=HYPERLINK(1)", "Café Ung"] or [
        row["Navn"] for row in rows
    ] == ["Café Ung", "'=HYPERLINK(1)"]
    assert {row["Virksomhedsform"] for row in rows} == {"Anpartsselskab (ApS)"}
    assert {row["Formålsområde"] for row in rows} == {"Beskæftigelse"}
    assert rows[0]["Registreringsdato"] == timezone.localdate().strftime("%d-%m-%Y")


def test_the_export_link_on_a_filtered_list_says_how_many_it_exports(client):
    registered(["Café Ung", "Værksted Vest"])
    registered(["Anden kommune"], municipality_code=101)
    whole = client.get(reverse("registry:register")).content.decode()
    assert "Hent hele registret (3 virksomheder)" in whole
    filtered = client.get(reverse("registry:register"), {"municipality": "751"}).content.decode()
    assert "Hent de 2 viste virksomheder" in filtered
    assert "register-regneark.csv?municipality=751" in filtered
