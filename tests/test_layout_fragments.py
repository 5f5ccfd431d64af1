"""The header, footer and static links: rendered once per process (core.page_cache).

Each varies only with the language, the navigation's current section and whether someone is
signed in (and staff), never shows anything else from the request, and a process keeps few.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.template import engines
from django.utils import translation

from core.page_cache import LocalFragments, local_fragments
from core.templatetags.html_time import long_date

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def current_item(html: str) -> str:
    nav = header(html)
    start = nav.index('aria-current="page"')
    return nav[start : nav.index("</a>", start)]


def test_the_layout_is_rendered_once_and_then_reused(client):
    client.get("/om/")
    keys = set(local_fragments._parts)
    assert {key[1] for key in keys} == {"head", "header", "breadcrumb-chevron", "footer", "scripts"}
    client.get("/om/tilgaengelighed/")  # the same section, language and visitor
    assert set(local_fragments._parts) == keys


def test_the_current_section_language_and_visitor_each_have_their_own_header(client):
    assert "Om Vækstcentret" in current_item(client.get("/om/").content.decode())
    assert "Viden" in current_item(client.get("/viden/").content.decode())
    english = client.get("/en/viden/").content.decode()
    assert "Knowledge" in current_item(english) and 'lang="en"' in english
    anonymous = header(client.get("/viden/").content.decode())
    assert "Log ind" in anonymous and "Log ud" not in anonymous
    user = get_user_model().objects.create_user(email="laeser@example.dk", password="x" * 12)
    client.force_login(user)
    signed_in = header(client.get("/viden/").content.decode())
    assert "Log ud" in signed_in and "Log ind" not in signed_in
    assert "laeser@example.dk" not in signed_in and "Administration" not in signed_in


def test_the_language_switch_stays_the_pages_own(client):
    about = client.get("/om/").content.decode()
    knowledge = client.get("/viden/").content.decode()
    assert 'href="/en/om/"' in about and 'href="/en/viden/"' in knowledge


def test_a_process_keeps_a_bounded_number_of_parts():
    parts = LocalFragments()
    for number in range(LocalFragments.LIMIT + 5):
        assert parts.get_or_render(("part", number), lambda n=number: f"<p>{n}</p>") == (
            f"<p>{number}</p>"
        )
    assert len(parts._parts) <= LocalFragments.LIMIT
    assert parts.get_or_render(("part", 3), lambda: "again") == "again"


@pytest.mark.parametrize(
    ("language", "day", "at", "weekday"),
    [
        ("da", "1. februar 2026", "1. februar 2026 00:30", "søndag 1. februar 2026, 00:30"),
        ("en", "1 February 2026", "1 February 2026, 00:30", "Sunday 1 February 2026, 00:30"),
    ],
)
def test_dates_are_written_out_as_each_language_writes_them_in_the_readers_time_zone(
    language, day, at, weekday
):
    template = engines["django"].from_string(
        "{{ value|long_date }}/{{ value|long_datetime }}/{{ value|weekday_datetime }}"
    )
    late = dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.UTC)  # 1 February in Copenhagen
    with translation.override(language):
        assert template.render({"value": late}).split("/") == [day, at, weekday]
        assert long_date(dt.date(2026, 2, 1)) == day
        assert long_date(None) == ""
