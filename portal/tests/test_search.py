import datetime as dt

import pytest
from django.utils import timezone

from portal.models import Article, ArticleType
from portal.tests.factories import article, theme

pytestmark = pytest.mark.django_db


def test_stemming_finds_other_forms_of_a_word(client):
    article("Sådan driver du en virksomhed", slug="drift", summary="Om drift.", body="Tekst.")
    html = client.get("/soeg/", {"q": "virksomheder"}).content.decode()
    assert "1 resultat for" in html
    assert "<mark>virksomhed</mark>" in html


def test_accents_and_danish_letters_are_handled(client):
    article("Socialøkonomisk iværksætteri", slug="ivaerk", summary="Om at starte.", body="Tekst.")
    assert "1 resultat" in client.get("/soeg/", {"q": "socialokonomisk"}).content.decode()
    assert "1 resultat" in client.get("/soeg/", {"q": "iværksætteri"}).content.decode()


def test_title_weighs_more_than_summary_and_body(client):
    article("Om regnskab", slug="body", summary="Kort.", body="Her nævnes overskud i brødteksten.")
    article("Overskud og udbytte", slug="title", summary="Kort.", body="Noget andet.")
    article("Om ledelse", slug="summary", summary="Overskud i manchetten.", body="Noget andet.")
    html = client.get("/soeg/", {"q": "overskud"}).content.decode()
    order = [html.index(f'href="/viden/{slug}/"') for slug in ("title", "summary", "body")]
    assert order == sorted(order)


def test_a_typo_offers_did_you_mean_and_similar_titles(client):
    article("Hvad er en socialøkonomisk virksomhed?", slug="hvad", body="Tekst.")
    html = client.get("/soeg/", {"q": "socialøkonomsk"}).content.decode()
    assert "Mente du" in html
    assert "/soeg/?q=social%C3%B8konomisk" in html
    assert 'href="/viden/hvad/"' in html


def test_search_filters_have_counts_and_combine(client):
    start = theme("Opstart", "opstart")
    article("Start en virksomhed", slug="a", themes=[start], type=ArticleType.GUIDE)
    article("Nyhed om virksomheder", slug="b", type=ArticleType.NEWS)
    html = client.get("/soeg/", {"q": "virksomhed"}).content.decode()
    assert "2 resultater" in html and "Opstart (1)" in html and "Nyhed (1)" in html
    html = client.get("/soeg/", {"q": "virksomhed", "tema": "opstart"}).content.decode()
    assert "1 resultat for" in html and 'href="/viden/a/"' in html


def test_empty_state_helps_and_bad_input_is_no_error(client):
    html = client.get("/soeg/", {"q": "zzzqqq"}).content.decode()
    assert "Vi fandt ingen artikler" in html and "Tjek stavningen" in html
    for odd in ['"', "!!! & | ( ", "<script>", "x" * 5000, "-"]:
        assert client.get("/soeg/", {"q": odd, "side": "abc", "type": "nope"}).status_code == 200


def test_search_uses_the_stored_vector_and_its_index():
    query = Article.objects.filter(search_vector="virksomhed")
    assert "search_vector" in str(query.query)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'portal_article' "
            "AND indexname IN ('article_search_idx', 'article_title_trgm_idx')"
        )
        definitions = " ".join(row[0] for row in cursor.fetchall())
    assert "gin (search_vector)" in definitions and "gin_trgm_ops" in definitions


def test_many_matches_rank_title_matches_first_and_say_more_than(client, monkeypatch):
    from portal import selectors

    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    old = timezone.now() - dt.timedelta(days=3000)
    article("Overskud i en gammel titel", slug="gammel", publish_at=old, body="Tekst.")
    start = theme("Opstart", "opstart")
    for number in range(4):
        article(
            f"Nyt nummer {number}",
            slug=f"ny-{number}",
            body="Her nævnes overskud i brødteksten.",
            themes=[start],
            type=ArticleType.NEWS,
            publish_at=timezone.now() - dt.timedelta(days=number),
        )
    html = client.get("/soeg/", {"q": "overskud"}).content.decode()
    # The window: the newest title match (however old) and the two newest matches anywhere.
    assert "Mere end 3 resultater for" in html and "Så mange artikler passer" in html
    assert html.index('href="/viden/gammel/"') < html.index('href="/viden/ny-0/"')
    assert 'href="/viden/ny-3/"' not in html
    assert "Opstart (" not in html  # no counts that would be wrong
    html = client.get("/soeg/", {"q": "gammel titel"}).content.decode()
    assert "1 resultat for" in html and "Mere end" not in html
