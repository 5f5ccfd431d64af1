"""The open API through the test client: the answers, their headers and their errors."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from api.tests.conftest import seed_public_content

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def problem_of(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= set(body)
    assert "/api/#problem-" in body["type"]
    return body


def test_the_register_lists_only_registered_enterprises(client, content, many_limits):
    body = client.get("/api/v1/register/enterprises").json()
    assert [row["name"] for row in body["results"]] == ["Grøn Genbrug ApS"]
    row = body["results"][0]
    assert row["municipality"] == {"code": 751, "name": "Aarhus"}
    assert row["region"]["code"] == 1082
    assert row["url"] == f"http://testserver/api/v1/register/enterprises/{row['cvr']}"
    assert row["web_url"] == f"http://testserver/registrering/register/{row['cvr']}/"
    assert "contact_email" not in row and "a@example.dk" not in json.dumps(body)


def test_the_register_filters_and_searches_as_the_page_does(client, content, many_limits):
    def names(query):
        response = client.get("/api/v1/register/enterprises", query)
        return [row["name"] for row in response.json()["results"]]

    assert names({"q": "genbrug"}) == ["Grøn Genbrug ApS"]
    assert names({"q": content["enterprise"].cvr}) == ["Grøn Genbrug ApS"]
    assert names({"municipality": 751, "purpose_field": "employment"}) == ["Grøn Genbrug ApS"]
    assert names({"region": 1084}) == []
    assert names({"legal_form": "fond"}) == []
    page = client.get("/registrering/register/", {"q": "genbrug"}).content.decode()
    assert "Grøn Genbrug ApS" in page and "Lukket ApS" not in page


def test_an_enterprise_by_cvr_or_registration_number(client, content, many_limits):
    enterprise = content["enterprise"]
    by_cvr = client.get(f"/api/v1/register/enterprises/{enterprise.cvr}").json()
    number = enterprise.registration_number
    by_number = client.get(f"/api/v1/register/registration-numbers/{number}").json()
    assert by_cvr == by_number
    assert by_cvr["latest_social_account"] is None
    gone = content["deregistered"]
    problem_of(client.get(f"/api/v1/register/enterprises/{gone.cvr}"), 404)
    problem_of(client.get("/api/v1/register/enterprises/12345678"), 404)


def test_articles_only_published_with_html_and_text(client, content, many_limits):
    listed = client.get("/api/v1/articles").json()
    assert [row["slug"] for row in listed["results"]] == ["sociale-klausuler"]
    assert client.get("/api/v1/articles", {"theme": "finansiering"}).json()["count"] == 1
    assert client.get("/api/v1/articles", {"theme": "findes-ikke"}).json()["count"] == 0
    assert client.get("/api/v1/articles", {"type": "news"}).json()["count"] == 0
    assert client.get("/api/v1/articles", {"language": "en"}).json()["count"] == 0
    detail = client.get("/api/v1/articles/da/sociale-klausuler").json()
    assert detail["body_html"] == content["article"].body_html
    assert "<h2>Baggrund</h2>" in detail["body_html"]
    assert detail["body_text"].startswith("Baggrund En tekst") and "<" not in detail["body_text"]
    assert detail["themes"][0]["slug"] == "finansiering"
    assert detail["audiences"][0]["name_en"] == "Municipalities"
    problem_of(client.get("/api/v1/articles/da/hemmelig-kladde"), 404)


def test_a_tag_reads_like_the_theme_or_audience_it_names_in_either_language(
    client, content, many_limits
):
    from portal import selectors as portal

    audience = content["article"].audiences.get()
    for language in ("da", "en"):
        with translation.override(language):
            shown = portal.tag_names(None).audiences[audience.pk]  # as the article page has it
            for name in ("slug", "name", "name_en", "display_name"):
                assert getattr(shown, name) == getattr(audience, name)
            assert str(shown) == str(audience)
    detail = client.get("/api/v1/articles/da/sociale-klausuler").json()
    [listed] = client.get("/api/v1/articles").json()["results"]
    assert detail["audiences"] == listed["audiences"]
    assert detail["audiences"] == [
        {"slug": audience.slug, "name": audience.name, "name_en": "Municipalities"}
    ]


def test_events_upcoming_without_the_online_link(client, content, many_limits):
    listed = client.get("/api/v1/events").json()
    assert [row["slug"] for row in listed["results"]] == ["netvaerksmoede"]
    detail = client.get("/api/v1/events/netvaerksmoede")
    assert detail.json()["online"] is True
    assert "meet.example.dk" not in detail.content.decode()
    assert client.get("/api/v1/events", {"theme": "finansiering"}).json()["count"] == 1
    assert client.get("/api/v1/events/tidligere-moede").status_code == 200  # past, but public
    content["event"].is_published = False
    content["event"].save()
    problem_of(client.get("/api/v1/events/netvaerksmoede"), 404)


def test_events_say_when_they_are_cancelled(client, content, many_limits):
    assert client.get("/api/v1/events/netvaerksmoede").json()["cancelled"] is False
    content["event"].cancelled_at = content["event"].starts_at
    content["event"].save()
    assert client.get("/api/v1/events/netvaerksmoede").json()["cancelled"] is True


def test_the_numbers_are_those_of_the_page_and_hide_small_groups(client, content, many_limits):
    from registry.numbers import sector_figures

    answer = client.get("/api/v1/numbers", {"language": "en"})
    assert answer.status_code == 200
    figures = answer.json()
    with translation.override("en"):
        expected = sector_figures(None, None)
    assert figures["key_figures"]["registered"] == expected["key_figures"]["registered"]
    small = [row for row in figures["by_region"] if "enterprises" in row["suppressed"]]
    assert small and all(row["enterprises"] is None for row in small)
    assert all(isinstance(row["code"], str) for row in figures["by_founding_year"])
    assert client.get("/api/v1/numbers", {"region": 1082}).json()["region"]["code"] == "1082"
    problem_of(client.get("/api/v1/numbers", {"region": 9999}), 400)
    etag = answer["ETag"]
    assert (
        client.get("/api/v1/numbers", {"language": "en"}, HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )


def test_pages_link_to_their_neighbours(client, many_limits):
    from registry.tests.test_public import registered

    registered([f"Virksomhed {n:02d}" for n in range(5)])
    first = client.get("/api/v1/register/enterprises", {"page_size": 2, "q": "virksomhed"}).json()
    assert first["count"] == 5 and first["previous"] is None
    assert first["next"] == (
        "http://testserver/api/v1/register/enterprises?page_size=2&q=virksomhed&page=2"
    )
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert [row["name"] for row in last["results"]] == ["Virksomhed 04"] and last["next"] is None
    beyond = client.get("/api/v1/register/enterprises", {"page": 99999, "page_size": 2}).json()
    assert beyond["results"] == [] and "page=3&" in beyond["previous"]
    body = problem_of(client.get("/api/v1/register/enterprises", {"page_size": 101}), 400)
    assert body["errors"][0]["parameter"] == "page_size"


def test_conditional_requests_answer_304_until_the_register_changes(client, content, many_limits):
    from registry.page_cache import register_changed

    url = "/api/v1/register/enterprises"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=60"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(url + "?page=2", headers={"if-none-match": etag}).status_code == 200
    register_changed()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_articles_revalidate_on_the_portal_content_version(client, content, many_limits):
    from portal.page_cache import bump_content_version

    url = "/api/v1/articles/da/sociale-klausuler"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    bump_content_version()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_cors_is_open_for_reading_only(client, content, many_limits):
    response = client.get("/api/v1/events")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options("/api/v1/events", headers={"origin": "https://example.org"})
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    head = client.head("/api/v1/events")
    assert head.status_code == 200 and head.content == b"" and head["ETag"]
    posted = client.post("/api/v1/events")
    problem_of(posted, 405)
    assert posted["Allow"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in posted


def test_past_the_limit_a_429_with_retry_after(client, content, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    url = "/api/v1/events"
    assert client.get(url).status_code == 200
    etag = client.get(url)["ETag"]
    refused = client.get(url)
    problem_of(refused, 429)
    assert refused["Retry-After"] == "60"
    # A revalidation is still answered: it costs no query of the content.
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_every_error_is_a_problem(client, settings):
    settings.DEBUG = False
    problem_of(client.get("/api/v1/findes-ikke"), 404)
    problem_of(client.get("/api/v1/"), 404)
    problem_of(client.get("/api/v1/register/enterprises", QUERY_STRING="q=%00"), 400)
    body = problem_of(client.get("/api/v1/register/enterprises?year=abc"), 400)
    assert body["errors"] == [{"parameter": "year", "message": body["errors"][0]["message"]}]
    problem_of(client.get("/api/v1/register/enterprises?municipality=102"), 404)


def test_a_server_error_is_a_problem(client, settings, monkeypatch):
    from registry import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(selectors, "registered_enterprise", broken)
    client.raise_request_exception = False
    problem_of(client.get("/api/v1/register/enterprises/12345678"), 500)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/register/enterprises?region=1082",
        "/api/v1/register/enterprises/{cvr}",
        "/api/v1/articles?theme=finansiering",
        "/api/v1/articles/da/sociale-klausuler",
        "/api/v1/events",
        "/api/v1/events/netvaerksmoede",
        "/api/v1/numbers?region=1082",
    ],
)
def test_a_fixed_number_of_queries_whatever_the_data_size(client, many_limits, url):
    """As many queries with three times the rows."""
    from events.tests.factories import make_event
    from portal.tests.factories import article
    from registry.tests.test_public import registered

    content = seed_public_content()
    url = url.format(cvr=content["enterprise"].cvr)

    def queries() -> int:
        client.get(url)  # warm the version records and the reference data
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    registered([f"Flere {n}" for n in range(6)])
    for n in range(3):
        article(f"Mere {n}", themes=[content["theme"]], audiences=[content["audience"]])
        make_event().themes.add(content["theme"])
    assert queries() == few


def test_the_schema_is_openapi_3_1_with_servers_and_licence(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"][0]["url"] == "http://testserver"
    assert document["info"]["license"]["identifier"] == "CC-BY-4.0"
    assert document["info"]["contact"]["email"]
    paths = document["paths"]
    assert set(paths) >= {"/api/v1/register/enterprises", "/api/v1/articles", "/api/v1/events"}
    errors = paths["/api/v1/events"]["get"]["responses"]["429"]["content"]
    assert list(errors) == [PROBLEM]


def test_the_documentation_page_is_generated_from_the_schema(client):
    page = client.get("/api/").content.decode()
    assert "Åbent API" in page
    assert '<a href="/api/v1/register/enterprises?' in page  # an example request to follow
    assert "page_size" in page and "problem-too-many-requests" in page
    english = client.get("/en/api/").content.decode()
    assert "Open API" in english
    assert 'href="/api/"' in client.get("/").content.decode()  # the footer links it


def test_hostile_values_in_every_query_parameter_never_answer_5xx(client, content, many_limits):
    """Every query parameter the schema documents, each hostile value of the site-wide test:
    a 200 or a problem, never a 5xx."""
    from api.documentation import operations
    from tests.test_hostile_input import HOSTILE

    sent = 0
    for operation in operations():
        if "{" in operation["path"]:
            continue
        for parameter in operation["parameters"]:
            for value in HOSTILE:
                response = client.get(
                    operation["path"], QUERY_STRING=f"{parameter['name']}={value}"
                )
                sent += 1
                assert response.status_code < 500, (operation["path"], parameter["name"], value)
                if response.status_code >= 400:
                    assert response["Content-Type"] == PROBLEM
    assert sent > 200
