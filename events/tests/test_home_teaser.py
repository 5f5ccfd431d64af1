"""The home page shows the next events, and a new event appears there at once."""

import pytest
from django.core.cache import cache

from events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_home_lists_the_next_events_even_from_the_readers_cache(client):
    make_event(title="Netværksmøde i Odense", days_ahead=10)
    assert "Netværksmøde i Odense" in client.get("/").content.decode()

    make_event(title="Konference om sociale klausuler", days_ahead=5)
    html = client.get("/").content.decode()
    assert "Konference om sociale klausuler" in html
    assert html.index("Konference om sociale klausuler") < html.index("Netværksmøde i Odense")


def test_past_events_are_not_on_the_home_page(client):
    cache.clear()
    make_event(title="Åbningen af Vækstcentret", days_ahead=-400)
    assert "Åbningen af Vækstcentret" not in client.get("/").content.decode()


def test_the_home_page_query_count_does_not_grow_with_events(client, django_assert_max_num_queries):
    cache.clear()
    for n in range(8):
        make_event(title=f"Arrangement {n}", days_ahead=n + 1)
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
