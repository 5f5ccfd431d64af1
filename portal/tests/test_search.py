import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.tests.factories import make_event
from network.tests.factories import make_owner, make_profile
from portal import sitesearch
from portal.models import ArticleType
from portal.tests.factories import article
from registry.models import Enterprise
from registry.tests.conftest import enterprise_data

pytestmark = pytest.mark.django_db


def registered(name: str, purpose: str, cvr: str) -> Enterprise:
    return Enterprise.objects.create(
        **enterprise_data(name=name, purpose=purpose),
        cvr=cvr,
        registered_on=dt.date(2024, 1, 1),
        registration_number=f"RSV{cvr}",
    )


def html_of(client, **params) -> str:
    return client.get("/soeg/", params).content.decode()


def test_stemming_finds_other_forms_of_a_word(client):
    article("Sådan driver du en virksomhed", slug="drift", summary="Om drift.", body="Tekst.")
    html = html_of(client, q="virksomheder", type="artikler")
    assert "1 resultat blandt artikler for" in html
    assert "<mark>virksomhed</mark>" in html


def test_accents_and_danish_letters_are_handled(client):
    article("Socialøkonomisk iværksætteri", slug="ivaerk", summary="Om at starte.", body="Tekst.")
    assert "1 resultat blandt" in html_of(client, q="socialokonomisk", type="artikler")
    assert "1 resultat blandt" in html_of(client, q="iværksætteri", type="artikler")


def test_title_weighs_more_than_summary_and_body(client):
    article("Om regnskab", slug="body", summary="Kort.", body="Her nævnes overskud i brødteksten.")
    article("Overskud og udbytte", slug="title", summary="Kort.", body="Noget andet.")
    article("Om ledelse", slug="summary", summary="Overskud i manchetten.", body="Noget andet.")
    html = html_of(client, q="overskud", type="artikler")
    order = [html.index(f'href="/viden/{slug}/"') for slug in ("title", "summary", "body")]
    assert order == sorted(order)


def test_evergreen_guides_outrank_old_news_for_how_to_queries(client):
    """Issue 17: "starte virksomhed" put two 2014 news items above the guides."""
    old = timezone.make_aware(dt.datetime(2014, 9, 3))
    article(
        "Regeringens plan: flere og stærkere socialøkonomiske virksomheder",
        slug="plan-2014",
        type=ArticleType.NEWS,
        summary="Ti initiativer skal gøre det lettere at starte og drive virksomheder.",
        body="Regeringen har fremlagt planen.",
        publish_at=old,
    )
    article(
        "Vækstcentret er åbnet",
        slug="aabnet-2014",
        type=ArticleType.NEWS,
        summary="25 virksomheder viste deres arbejde frem.",
        body="Centret skal rådgive om at starte og drive virksomheder.",
        publish_at=old + dt.timedelta(days=2),
    )
    article(
        "Fra idé til forretningsplan",
        slug="forretningsplan",
        summary="En god idé er ikke nok.",
        body="## Start med formålet\n\nHvem skal virksomheden gøre en forskel for?",
        publish_at=timezone.now() - dt.timedelta(days=300),
    )
    article(
        "Valg af selskabsform",
        slug="selskabsform",
        summary="Selskabsformen afgør, om virksomheden kan registreres.",
        body="En forening er nem at starte.",
        publish_at=timezone.now() - dt.timedelta(days=290),
    )
    html = html_of(client, q="starte virksomhed", type="artikler")
    order = [
        html.index(f'href="/viden/{slug}/"')
        for slug in ("selskabsform", "forretningsplan", "plan-2014", "aabnet-2014")
    ]
    assert order[1] < order[2] and order[0] < order[2]
    assert max(order[:2]) < min(order[2:])


def test_every_kind_is_found_grouped_with_counts_and_a_filter(client, django_user_model):
    article("Genbrug i praksis", slug="genbrug", summary="Om genbrug.", body="Tekst.")
    registered("Genbrugsbutikken Spiren", "Salg af genbrugstøj med job til ledige.", "10000009")
    make_event(title="Workshop om genbrug", slug="workshop-genbrug")
    make_profile(make_owner(django_user_model), name="Grøn Genbrug", offers="Genbrug af møbler.")
    html = html_of(client, q="genbrug")
    assert "4 resultater for" in html
    for label in ("Artikler (1)", "Registrerede virksomheder (1)", "Arrangementer (1)"):
        assert label in html
    assert "Netværksprofiler (1)" in html
    assert 'href="/viden/genbrug/"' in html and 'href="/registrering/register/10000009/"' in html
    assert 'href="/arrangementer/workshop-genbrug/"' in html and "<mark>" in html
    html = html_of(client, q="genbrug", type="virksomheder")
    assert "1 resultat blandt registrerede virksomheder" in html
    assert 'href="/viden/genbrug/"' not in html and "Genbrugsbutikken" in html


def test_service_pages_are_found(client):
    html = html_of(client, q="registrering")
    assert "Sider om vores tilbud" in html
    assert 'href="/registrering/"' in html


def test_a_typo_offers_did_you_mean_and_similar_titles(client):
    article("Hvad er en socialøkonomisk virksomhed?", slug="hvad", body="Tekst.")
    html = html_of(client, q="socialøkonomsk")
    assert "Mente du" in html
    assert "/soeg/?q=social%C3%B8konomisk" in html
    assert 'href="/viden/hvad/"' in html


def test_empty_result_offers_an_adviser_with_the_query_carried_over(client):
    html = html_of(client, q="zzzqqq blomsterkasser")
    assert "Vi fandt intet" in html and "Tjek stavningen" in html
    assert 'href="/raadgivning/henvendelse/?spoergsmaal=zzzqqq+blomsterkasser"' in html
    form = client.get("/raadgivning/henvendelse/", {"spoergsmaal": "zzzqqq blomsterkasser"})
    assert "zzzqqq blomsterkasser</textarea>" in form.content.decode()


def test_bad_input_is_no_error(client):
    for odd in ['"', "!!! & | ( ", "<script>", "x" * 5000, "-", "a:*B", "_ _"]:
        response = client.get("/soeg/", {"q": odd, "side": "abc", "type": "nope"})
        assert response.status_code == 200
    assert "&lt;script&gt;" in html_of(client, q="<script>")


def test_beyond_the_counted_matches_every_match_is_reached(client, monkeypatch):
    monkeypatch.setattr("portal.sitesearch.postgres.COUNT_CAP", 3)
    monkeypatch.setattr("portal.sitesearch.PAGE_SIZE", 2)
    monkeypatch.setattr("portal.sitesearch.postgres.PAGE_SIZE", 2)
    for number in range(7):
        article(
            f"Nummer {number}",
            slug=f"nr-{number}",
            body="Her nævnes overskud i brødteksten.",
            publish_at=timezone.now() - dt.timedelta(days=number),
        )
    html = html_of(client, q="overskud")
    assert "Mere end" in html and "Artikler (over 3)" in html
    seen = []
    for number in range(1, 6):
        html = html_of(client, q="overskud", type="artikler", side=number)
        seen += [f"nr-{n}" for n in range(7) if f'href="/viden/nr-{n}/"' in html]
    assert seen == [f"nr-{n}" for n in range(7)]  # newest first, the oldest reached too


def _search_queries(client, query: str) -> int:
    """The queries of an uncached search, the cache's own reads and writes left out."""
    for cache in caches.all():
        cache.clear()
    client.get("/soeg/", {"q": "opvarmning"})  # the content versions are set up
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/soeg/", {"q": query}).status_code == 200
    return sum(
        "django_page_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        for q in captured.captured_queries
    )


def test_the_number_of_queries_does_not_grow_with_the_data(client, django_user_model):
    def add(number: int) -> None:
        article(f"Overskud {number}", slug=f"o-{number}", body="Overskud.")
        registered(f"Overskud {number} ApS", "Overskud til formålet.", f"1000{number:03d}0")
        make_event(title=f"Overskud {number}", slug=f"overskud-{number}")
        make_profile(make_owner(django_user_model), name=f"Overskud {number}")

    add(1)
    few = _search_queries(client, "overskud")
    for number in range(2, 12):
        add(number)
    # Counts and service pages in one statement, every kind's shown hits in another.
    assert _search_queries(client, "overskud") == few == 2


def test_every_searched_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexdef LIKE '%USING gin%'")
        definitions = " ".join(row[0] for row in cursor.fetchall())
    for table, column in (
        ("portal_article", "search_vector"),
        ("portal_article", "title_vector"),
        ("portal_article", "summary_vector"),
        ("registry_enterprise", "search_vector"),
        ("events_event", "search_vector"),
        ("network_profile", "search_document"),
    ):
        assert f"ON public.{table} USING gin ({column})" in definitions


def test_repeat_searches_come_from_the_page_cache_until_an_event_changes(client):
    from events.admin import EventAdmin
    from events.models import Event

    event = make_event(title="Workshop om genbrug", slug="workshop-genbrug")
    assert "Workshop om" in html_of(client, q="genbrug")
    with CaptureQueriesContext(connection) as captured:
        assert "Workshop om" in html_of(client, q="genbrug")
    assert all("django_page_cache" in q["sql"] for q in captured.captured_queries)
    event.is_published = False
    with pytest.MonkeyPatch.context():
        from django.contrib.admin.sites import site

        EventAdmin(Event, site).save_model(None, event, None, True)
    assert "Workshop om" not in html_of(client, q="genbrug")


def test_english_search_has_english_labels(client):
    article("Social enterprises", slug="social", language="en", summary="About them.")
    html = client.get("/en/soeg/", {"q": "enterprises"}).content.decode()
    assert "results for “enterprises”" in html and "Articles (1)" in html
    assert 'href="/en/viden/social/"' in html and "Pages about our services" in html
    html = client.get("/en/soeg/", {"q": "zzzqqq"}).content.decode()
    assert "Ask an adviser" in html and "We found nothing" in html


def test_the_backend_is_chosen_by_a_setting(settings):
    class Nothing(sitesearch.SearchBackend):
        def search(self, query, kind="", page_number=1):
            return sitesearch.SearchPage(query=query)

    settings.SITE_SEARCH_BACKEND = f"{__name__}.NothingBackend"
    globals()["NothingBackend"] = Nothing
    sitesearch._backend_class.cache_clear()
    try:
        assert isinstance(sitesearch.backend(), Nothing)
    finally:
        sitesearch._backend_class.cache_clear()


def test_only_what_readers_may_see_is_found(client, django_user_model):
    """The backend's SQL states what is readable itself: it must agree with the models."""
    article("Kompost i haven", slug="kompost")
    article("Kompost i kladde", slug="kladde", published=False)
    article("Kompost i morgen", slug="senere", publish_at=timezone.now() + dt.timedelta(days=1))
    article("Kompost på engelsk", slug="engelsk", language="en")
    registered("Kompost ApS", "Kompost til haver.", "10000017")
    gone = registered("Kompost og Co", "Kompost til altaner.", "10000025")
    gone.deregistered_on = dt.date(2025, 1, 1)
    gone.save()
    make_event(title="Kompost i praksis", slug="kompost-event")
    make_event(title="Kompost i skjul", slug="kompost-skjult", is_published=False)
    make_profile(make_owner(django_user_model), name="Kompostnetværket", offers="Kompost.")
    make_profile(make_owner(django_user_model), name="Kompost afventer", approved=False)
    html = html_of(client, q="kompost")
    for label in ("Artikler (1)", "Registrerede virksomheder (1)", "Arrangementer (1)"):
        assert label in html
    assert "Netværksprofiler (1)" in html
    for hidden in ("/viden/kladde/", "/viden/senere/", "10000025", "kompost-skjult", "afventer"):
        assert hidden not in html


def test_an_enterprise_is_found_by_its_cvr_number_and_a_fragment_of_its_name(client):
    registered("Solsikkehaven ApS", "Grøntsager og job.", "10000033")
    html = html_of(client, q="10 00 00 33", type="virksomheder")
    assert "1 resultat blandt" in html and "Solsikkehaven" in html
    assert "1 resultat blandt" in html_of(client, q="sikkehav", type="virksomheder")


def test_few_enterprise_matches_outside_the_names_come_in_the_register_order(client):
    for number, name in enumerate(["Ørnereden", "Bageriet", "Aalborg Cykler", "Cafe Nord"]):
        registered(name, "Vi tilbyder kompostering.", f"1000{number:03d}4")
    registered("Kompostkompagniet", "Vi tilbyder kompostering.", "10000999")
    html = html_of(client, q="kompostering", type="virksomheder")
    order = [html.index(name) for name in ("Bageriet", "Cafe Nord", "Ørnereden", "Aalborg")]
    assert order == sorted(order)  # the register's Danish order: "Aa" is "Å", after "Ø"


def test_the_snippet_marks_a_match_in_the_summary(client):
    article("Om regnskab", slug="manchet", summary="Sådan bruger I overskuddet.", body="Tekst.")
    html = html_of(client, q="overskud", type="artikler")
    assert '<p class="search-snippet">Sådan bruger I <mark>overskuddet</mark>.' in html
