import datetime as dt

import pytest
from django.utils import timezone

from events import services
from events.models import Event, RegistrationStatus
from events.tests.factories import make_event, signed_up

pytestmark = pytest.mark.django_db


def test_editors_export_the_participant_list_as_csv(editor_client):
    event = make_event(capacity=1, title="Netværksmøde")
    signed_up(event, 1, organisation="=HYPERLINK(1)", needs="Vegetar")
    signed_up(event, 2)
    services.cancel(signed_up(event, 3))
    response = editor_client.post(
        "/admin/events/event/", {"action": "export_participants", "_selected_action": [event.pk]}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = response.content.decode("utf-8-sig").strip().split("\r\n")
    assert rows[0].startswith("Arrangement;Navn;E-mail;Organisation")
    assert len(rows) == 3  # header, confirmed, waiting list; the cancelled one is left out
    assert "'=HYPERLINK(1)" in rows[1] and "Vegetar" in rows[1] and "Tilmeldt" in rows[1]
    assert "På venteliste" in rows[2]


def test_editors_mark_attendance_and_see_sign_ups_inline(editor_client):
    event = make_event(capacity=5)
    came = signed_up(event, 1)
    signed_up(event, 2)
    page = editor_client.get(f"/admin/events/event/{event.pk}/change/")
    assert page.status_code == 200
    assert "deltager2@example.dk" in page.content.decode()
    editor_client.post(
        "/admin/events/registration/",
        {"action": "mark_attended", "_selected_action": [came.pk]},
    )
    came.refresh_from_db()
    assert came.attended
    assert came.changes.last().changed_by == editor_client.editor


def test_cancelling_in_the_admin_moves_the_waiting_list_up(editor_client):
    event = make_event(capacity=1)
    first = signed_up(event, 1)
    second = signed_up(event, 2)
    editor_client.post(
        "/admin/events/registration/",
        {"action": "cancel_registrations", "_selected_action": [first.pk]},
    )
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED


def test_the_admin_refuses_fewer_places_than_confirmed_and_deleting_sign_ups(editor_client):
    event = make_event(capacity=3)
    for n in range(2):
        signed_up(event, n)
    response = editor_client.post(
        f"/admin/events/event/{event.pk}/change/",
        {
            "title": event.title,
            "slug": event.slug,
            "summary": event.summary,
            "description": event.description,
            "is_published": "on",
            "starts_at_0": event.starts_at.strftime("%d-%m-%Y"),
            "starts_at_1": "10:00:00",
            "ends_at_0": event.ends_at.strftime("%d-%m-%Y"),
            "ends_at_1": "23:00:00",
            "place": event.place,
            "capacity": 1,
            "organiser": event.organiser,
            "registrations-TOTAL_FORMS": 2,
            "registrations-INITIAL_FORMS": 2,
            "registrations-0-id": event.registrations.all()[0].pk,
            "registrations-0-event": event.pk,
            "registrations-1-id": event.registrations.all()[1].pk,
            "registrations-1-event": event.pk,
        },
    )
    assert "Der er allerede 2 tilmeldte" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 3
    registration = event.registrations.first()
    delete = editor_client.get(f"/admin/events/registration/{registration.pk}/delete/")
    assert delete.status_code == 403


def test_editors_cannot_cancel_sign_ups_to_an_event_that_has_started(editor_client):
    event = make_event(capacity=5)
    came = signed_up(event, 1)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    response = editor_client.post(
        "/admin/events/registration/",
        {"action": "cancel_registrations", "_selected_action": [came.pk]},
        follow=True,
    )
    came.refresh_from_db()
    assert came.status == RegistrationStatus.CONFIRMED
    assert "1 tilmelding blev ikke afmeldt, fordi arrangementet er begyndt." in (
        response.content.decode()
    )
