"""Staff move or cancel an event; the meeting link reaches confirmed participants only; needs
are deleted after the event."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from core.periodic import registered_jobs
from events import services
from events.models import EventChange, EventState, Registration, RegistrationStatus
from events.tests.factories import details, mailed_link, make_event, signed_up

pytestmark = pytest.mark.django_db

MEETING = "https://moede.example.org/hemmeligt-rum-42"


def _full_event(**fields):
    """One participant, one on the waiting list, one who never confirmed their address."""
    event = make_event(capacity=1, **fields)
    participant = signed_up(event, 1)
    waiting = signed_up(event, 2)
    services.register(event, **details(3))
    return event, participant, waiting


def _sequence(calendar: str) -> int:
    return int(re.search(r"SEQUENCE:(\d+)", calendar).group(1))


def test_cancelling_tells_participants_and_the_waiting_list_and_records_who(editor_client, mailbox):
    event, participant, waiting = _full_event()
    mailbox().clear()

    confirm = editor_client.post(
        "/admin/events/event/", {"action": "cancel_events", "_selected_action": [event.pk]}
    )
    assert confirm.status_code == 200  # asks first
    assert "2 personer får besked" in confirm.content.decode()
    assert mailbox() == []
    editor_client.post(
        "/admin/events/event/",
        {"action": "cancel_events", "_selected_action": [event.pk], "confirmed": "yes"},
    )

    event.refresh_from_db()
    assert event.is_cancelled
    change = EventChange.objects.get(event=event)
    assert (change.changed_by, change.to_status) == (editor_client.editor, EventState.CANCELLED)
    assert set(Registration.objects.values_list("status", flat=True)) == {
        RegistrationStatus.CANCELLED
    }
    by_address = {m.to[0]: m for m in mailbox()}
    assert set(by_address) == {participant.email, waiting.email}  # not the unconfirmed one
    assert all(m.subject.startswith("Aflyst:") for m in by_address.values())
    [(name, ics, _type)] = by_address[participant.email].attachments
    assert name == "afmelding.ics" and "STATUS:CANCELLED" in ics and "METHOD:CANCEL" in ics
    assert by_address[waiting.email].attachments == []
    assert "ventelisten" in by_address[waiting.email].body

    page = Client().get(event.get_absolute_url())
    assert "Arrangementet er aflyst" in page.content.decode()
    assert "<form" not in page.content.decode().split("signup-heading")[1]
    assert b"STATUS:CANCELLED" in Client().get(f"/arrangementer/{event.slug}/kalender.ics").content
    with pytest.raises(services.TransitionNotAllowed):
        services.cancel_event(event, by=editor_client.editor)


def test_moving_tells_everyone_the_new_time_and_place_with_a_newer_calendar_file(
    editor_client, mailbox
):
    event, participant, waiting = _full_event()
    first_ics = next(m for m in mailbox() if m.to == [participant.email] and m.attachments)
    mailbox().clear()
    new_start = timezone.localtime(event.starts_at + dt.timedelta(days=7))
    data = {
        "title": event.title,
        "slug": event.slug,
        "summary": event.summary,
        "description": event.description,
        "is_published": "on",
        "starts_at_0": new_start.strftime("%d.%m.%Y"),
        "starts_at_1": "10:00:00",
        "ends_at_0": new_start.strftime("%d.%m.%Y"),
        "ends_at_1": "12:00:00",
        "place": "Nyt sted, Aarhus",
        "capacity": 1,
        "organiser": event.organiser,
        "registrations-TOTAL_FORMS": 0,
        "registrations-INITIAL_FORMS": 0,
        "changes-TOTAL_FORMS": 0,
        "changes-INITIAL_FORMS": 0,
    }
    response = editor_client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    change = EventChange.objects.get(event=event)
    assert change.changed_by == editor_client.editor
    assert "sted" in change.note and "starter" in change.note
    by_address = {m.to[0]: m for m in mailbox()}
    assert set(by_address) == {participant.email, waiting.email}
    for mail in by_address.values():
        assert mail.subject.startswith("Ændret tid eller sted:")
        assert "Nyt sted, Aarhus" in mail.body and "Vækstcentret, København" in mail.body
    [(name, ics, _type)] = by_address[participant.email].attachments
    assert name == "arrangement.ics" and "Nyt sted" in ics
    assert _sequence(ics) > _sequence(first_ics.attachments[0][1])
    assert by_address[waiting.email].attachments == []


def test_the_meeting_link_reaches_confirmed_participants_only(client, mailbox):
    event = make_event(capacity=1, place="", online_url=MEETING)
    participant = signed_up(event, 1)
    waiting = signed_up(event, 2)
    outbox = mailbox()
    mails_to = {
        address: [m for m in outbox if m.to == [address]]
        for address in (participant.email, waiting.email)
    }
    confirmed_mail = next(m for m in mails_to[participant.email] if "tilmeldt" in m.subject)
    assert MEETING in confirmed_mail.body
    assert MEETING not in confirmed_mail.attachments[0][1]
    assert all(MEETING not in m.body for m in mails_to[waiting.email])
    assert not any(MEETING in m.body for m in outbox if "Bekræft" in m.subject)

    public = [
        client.get(event.get_absolute_url()),
        client.get(f"/arrangementer/{event.slug}/kalender.ics"),
        client.get("/arrangementer/kalender.ics"),
        client.get("/arrangementer/"),
        client.get("/en/arrangementer/" + event.slug + "/"),
    ]
    assert all(r.status_code == 200 and MEETING not in r.content.decode() for r in public)
    assert "sendes til tilmeldte" in public[0].content.decode()

    own_page = client.get(mailed_link(confirmed_mail)).content.decode()
    assert MEETING in own_page
    # The way in comes before the way out: no one reaching for the link hits "Afmeld".
    assert own_page.index(MEETING) < own_page.index(">Afmeld</button>")
    waiting_mail = mails_to[waiting.email][-1]
    assert MEETING not in client.get(mailed_link(waiting_mail)).content.decode()

    services.cancel(participant)  # the waiting one moves up and now gets the link
    promoted = [m for m in mailbox() if m.to == [waiting.email] and "rykket" in m.body.lower()]
    assert promoted and MEETING in promoted[0].body


def test_needs_are_asked_with_a_reason_and_deleted_after_the_event(client):
    form = client.get(make_event().get_absolute_url()).content.decode()
    assert "sletter det, når arrangementet er slut" in form

    over = make_event(days_ahead=-2)
    coming = make_event()
    kept = Registration.objects.create(
        event=coming, name="A", email="a@example.org", needs="Vegetar", status="confirmed"
    )
    deleted = Registration.objects.create(
        event=over, name="B", email="b@example.org", needs="Kørestol", status="confirmed"
    )
    job = registered_jobs()["events.jobs.delete_needs_after_events"]
    assert job() == 1
    kept.refresh_from_db(), deleted.refresh_from_db()
    assert (kept.needs, deleted.needs) == ("Vegetar", "")
    assert job() == 0
