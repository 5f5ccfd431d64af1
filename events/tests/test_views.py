import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts.services import ensure_verified_user
from events import demo as events_demo
from events import services
from events.calendar import fold
from events.models import Event, Registration, RegistrationStatus
from events.tests.factories import details, mailed_link, make_event, signed_up
from geography.models import Municipality
from network import demo as network_demo
from portal.models import Audience, Theme

pytestmark = pytest.mark.django_db


def _many_events(count: int, theme: Theme, audience: Audience) -> None:
    for n in range(count):
        event = make_event(days_ahead=n + 1)
        event.themes.add(theme)
        event.audiences.add(audience)
        signed_up(event, n)


@pytest.fixture
def theme():
    return Theme.objects.create(name="Beskæftigelse", slug="beskaeftigelse")


@pytest.mark.parametrize("count", [1, 25])
def test_upcoming_list_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, theme, count
):
    _many_events(count, theme, Audience.objects.get(slug="kommune"))
    with django_assert_max_num_queries(9):
        response = client.get("/arrangementer/?tema=beskaeftigelse&maalgruppe=kommune")
    assert response.status_code == 200
    assert f"{count} kommende arrangement" in response.content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_archive_and_event_page_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, theme, count
):
    _many_events(count, theme, Audience.objects.get(slug="kommune"))
    past = make_event(days_ahead=-30)
    past.themes.add(theme)
    with django_assert_max_num_queries(6):
        assert client.get("/arrangementer/tidligere/").status_code == 200
    event = make_event()
    event.themes.add(theme)
    with django_assert_max_num_queries(8):
        assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/arrangementer/kalender.ics").status_code == 200
    registration = event.registrations.create(status="confirmed", **details(999))
    link = services.registration_link(registration)
    with django_assert_max_num_queries(6):
        assert client.get(link).status_code == 200


def test_pages_keep_the_filters(client, theme):
    for n in range(12):
        make_event(days_ahead=n + 1).themes.add(theme)
    html = client.get("/arrangementer/?tema=beskaeftigelse").content.decode()
    assert "?tema=beskaeftigelse&amp;side=2" in html
    assert "Side 1 af 2" in html


def test_filters_are_shareable_get_parameters(client, theme):
    matching = make_event(days_ahead=40, title="Sociale klausuler i praksis")
    matching.themes.add(theme)
    make_event(days_ahead=40, title="Finansiering af iværksættere")
    month = matching.starts_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m")
    html = client.get(f"/arrangementer/?tema=beskaeftigelse&maaned={month}").content.decode()
    assert "Sociale klausuler i praksis" in html
    assert "Finansiering af iværksættere" not in html


def test_a_bad_filter_value_is_explained_not_a_crash(client):
    response = client.get("/arrangementer/?maaned=1999-13")
    assert response.status_code == 200
    assert "gyldig valgmulighed" in response.content.decode()


def test_past_events_are_in_the_archive_not_the_list(client):
    make_event(days_ahead=-400, title="Åbningen af Vækstcentret")
    assert "Åbningen af Vækstcentret" not in client.get("/arrangementer/").content.decode()
    assert "Åbningen af Vækstcentret" in client.get("/arrangementer/tidligere/").content.decode()


def test_unpublished_events_are_not_found(client):
    event = make_event(is_published=False)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_signing_up_with_bad_input_keeps_the_input_and_explains_in_danish(client):
    event = make_event()
    response = client.post(
        event.get_absolute_url(),
        {"name": "Karen Jensen", "email": "ikke-en-adresse", "organisation": "Café Ny Start"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indtast en gyldig e-mail-adresse" in html
    assert 'value="Karen Jensen"' in html
    assert 'value="Café Ny Start"' in html
    assert not Registration.objects.exists()


def test_signing_up_asks_to_confirm_by_mail_and_the_link_gives_the_place(client, mailbox):
    event = make_event()
    aarhus = Municipality.objects.get(name="Aarhus")
    response = client.post(
        event.get_absolute_url(),
        {"name": "Karen Jensen", "email": "karen@example.dk", "municipality": aarhus.pk},
        follow=True,
    )
    registration = Registration.objects.get()
    assert registration.municipality == aarhus
    assert registration.status == RegistrationStatus.PENDING
    assert response.redirect_chain[-1][0] == f"/arrangementer/{event.slug}/tjek-din-email/"
    assert "Tjek din e-mail" in response.content.decode()

    link = mailed_link(mailbox()[-1])
    assert "Bekræft tilmeldingen" in client.get(link).content.decode()  # a GET confirms nothing
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    response = client.post(link, follow=True)
    assert "Du er tilmeldt" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_second_sign_up_with_the_same_address_gets_the_same_answer(client, mailbox):
    event = make_event()
    data = {"name": "Karen Jensen", "email": "karen@example.dk"}
    first = client.post(event.get_absolute_url(), data)
    signed_up(event, 1)
    again = client.post(event.get_absolute_url(), {**data, "email": "KAREN@example.dk"})
    known = client.post(event.get_absolute_url(), {**data, "email": "deltager1@example.dk"})
    assert first.status_code == again.status_code == known.status_code == 302
    assert first["Location"] == again["Location"] == known["Location"]
    assert Registration.objects.filter(email__iexact="karen@example.dk").count() == 1
    resent = [m for m in mailbox() if m.to in (["KAREN@example.dk"], ["karen@example.dk"])]
    assert len({mailed_link(m) for m in resent}) == 2  # a link again, to the same registration


def test_a_signed_in_user_with_a_verified_address_is_seated_at_once(client):
    user = ensure_verified_user("karen@example.dk", "Et-godt-kodeord-2014", first_name="Karen")
    client.force_login(user)
    event = make_event()
    response = client.post(
        event.get_absolute_url(), {"name": "Karen", "email": "karen@example.dk"}, follow=True
    )
    assert "Du er tilmeldt" in response.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_unknown_and_expired_links_get_a_page_that_explains(client):
    event = make_event()
    registration = signed_up(event, 1)
    link = services.registration_link(registration)
    response = client.get("/arrangementer/tilmelding/ikke-et-link/")
    assert response.status_code == 404
    assert "Linket er udløbet" in response.content.decode()
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    response = client.get(link)
    assert response.status_code == 410
    assert "virker ikke længere" in response.content.decode()


def test_the_honeypot_and_rate_limit_stop_bots(client):
    event = make_event()
    data = {"name": "Bot", "email": "bot@example.dk", "website": "http://spam.example"}
    assert (
        "Formularen kunne ikke sendes"
        in client.post(event.get_absolute_url(), data).content.decode()
    )
    data["website"] = ""
    for n in range(9):  # the honeypot attempt counted too
        client.post(event.get_absolute_url(), {**data, "email": f"bot{n}@example.dk"})
    response = client.post(event.get_absolute_url(), {**data, "email": "bot99@example.dk"})
    assert response.status_code == 429
    assert "for mange tilmeldinger" in response.content.decode()
    assert Registration.objects.count() == 9


def test_following_the_mail_link_does_not_cancel_only_the_button_does(client):
    registration = signed_up(make_event(), 1)
    link = services.registration_link(registration)
    assert client.get(link).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert "kalender.ics" in client.get(link).content.decode()
    client.post(link)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    page = client.get(link).content.decode()
    assert "kalender.ics" not in page  # nothing to add to a calendar any more
    assert "bekræftelse af afmeldingen" in page


def test_asking_for_the_link_again_answers_the_same_for_any_address(client, mailbox):
    event = make_event()
    signed_up(event, 1)
    mailbox().clear()
    url = f"{event.get_absolute_url()}send-link-igen/"
    assert "Få linket til din tilmelding sendt igen" in client.get(event.get_absolute_url()).text
    known = client.post(url, {"email": "Deltager1@example.dk"})
    unknown = client.post(url, {"email": "ukendt@example.dk"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert "Er adressen tilmeldt" in client.get(known["Location"]).text
    [mail] = mailbox()
    assert mail.to == ["deltager1@example.dk"] and mailed_link(mail)
    bad = client.post(url, {"email": "ikke en adresse"})
    assert bad.status_code == 200 and "form-error-message" in bad.text


def _unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_event_calendar_file_is_valid_icalendar(client):
    event = make_event(
        title="Møde; om klausuler, udbud og \\ andet",
        description="Første linje\nAnden linje med en meget lang tekst " + "æøå " * 40,
        starts_at=timezone.make_aware(dt.datetime(2026, 12, 3, 13, 0)),
        ends_at=timezone.make_aware(dt.datetime(2026, 12, 3, 16, 0)),
    )
    response = client.get(f"/arrangementer/{event.slug}/kalender.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = _unfold(body)
    assert "SUMMARY:Møde\\; om klausuler\\, udbud og \\\\ andet\r\n" in unfolded
    assert "DTSTART:20261203T120000Z\r\n" in unfolded  # 13:00 in Copenhagen is 12:00 UTC
    assert "DTEND:20261203T150000Z\r\n" in unfolded
    assert re.search(r"UID:event-\d+@", unfolded)
    assert re.search(r"DTSTAMP:\d{8}T\d{6}Z\r\n", unfolded)
    assert "DESCRIPTION:Mød andre" in unfolded and "Første linje\\nAnden linje" in unfolded


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "ø" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_calendar_feed_lists_all_published_events(client):
    make_event(title="Første møde")
    make_event(title="Andet møde")
    make_event(title="Kladde", is_published=False)
    body = _unfold(client.get("/arrangementer/kalender.ics").content.decode())
    assert body.count("BEGIN:VEVENT") == 2
    assert "Kladde" not in body


def test_pages_are_translated_to_english(client):
    event = make_event(capacity=None)
    assert "Upcoming meetings" in client.get("/en/arrangementer/").content.decode()
    assert "Sign up" in client.get(f"/en/arrangementer/{event.slug}/").content.decode()
    assert "Find partners" not in client.get("/arrangementer/").content.decode()


def test_english_pages_write_dates_the_english_way(client):
    event = make_event(capacity=None)
    event.starts_at = dt.datetime(2027, 1, 28, 13, 0, tzinfo=dt.UTC)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    assert "Thursday 28 January 2027, 14:00" in client.get("/en/arrangementer/").content.decode()
    assert "torsdag 28. januar 2027, 14:00" in client.get("/arrangementer/").content.decode()


def test_a_started_event_can_no_longer_be_cancelled(client):
    event = make_event()
    registration = signed_up(event, 1)
    link = services.registration_link(registration)
    event.starts_at = timezone.now() - dt.timedelta(minutes=5)
    event.save()
    response = client.post(link)
    assert response.status_code == 410
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_every_demo_page_renders(client):
    from events.models import Event
    from network.models import Profile

    events_demo.load()
    network_demo.load()
    for url in ["/arrangementer/", "/arrangementer/tidligere/", "/netvaerk/", "/en/netvaerk/"]:
        assert client.get(url).status_code == 200, url
    for event in Event.objects.all():
        assert client.get(f"/arrangementer/{event.slug}/").status_code == 200
    for profile in Profile.objects.public():
        assert client.get(f"/netvaerk/{profile.pk}/").status_code == 200
    html = client.get("/arrangementer/workshop-jobtraening-januar-2027/").content.decode()
    assert "Skriv dig på ventelisten" in html


def test_signed_in_people_get_their_details_filled_in_and_linked(client, django_user_model):
    user = django_user_model.objects.create_user(
        "karen@example.dk", first_name="Karen", last_name="Jensen"
    )
    client.force_login(user)
    event = make_event()
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'value="Karen Jensen"' in html and 'value="karen@example.dk"' in html
    client.post(event.get_absolute_url(), {"name": "Karen Jensen", "email": "karen@example.dk"})
    registration = Registration.objects.get()
    assert registration.user == user
    assert registration.changes.get().changed_by == user
