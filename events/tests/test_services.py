import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from events import services
from events.jobs import send_event_reminders
from events.models import Registration
from events.tests.factories import details, make_event
from vaekstcenter.periodic import registered_jobs

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_sign_ups_past_capacity_go_on_the_waiting_list_in_order(mailbox):
    event = make_event(capacity=2)
    first, second, third, fourth = (services.register(event, **details(n)) for n in range(4))
    assert [r.status for r in (first, second, third, fourth)] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITING,
        Status.WAITING,
    ]
    assert services.waiting_number(fourth) == 2
    outbox = mailbox()
    assert [m.subject.split(":")[0] for m in outbox] == [
        "Du er tilmeldt",
        "Du er tilmeldt",
        "Du er på ventelisten",
        "Du er på ventelisten",
    ]
    assert outbox[0].attachments[0][0] == "arrangement.ics"
    assert str(first.cancel_token) in outbox[0].body
    assert "nummer 2" in outbox[3].body


def test_the_same_address_cannot_sign_up_twice():
    event = make_event()
    services.register(event, **details(1))
    with pytest.raises(ValidationError) as error:
        services.register(event, **details(1, email="DELTAGER1@example.dk"))
    assert "allerede" in str(error.value.message_dict["email"])


def test_sign_up_is_closed_after_the_deadline():
    event = make_event(signup_deadline=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError, match="lukket"):
        services.register(event, **details(1))


def test_cancelling_moves_the_first_on_the_waiting_list_up_and_mails_them(mailbox):
    event = make_event(capacity=1)
    confirmed = services.register(event, **details(1))
    first_waiting = services.register(event, **details(2))
    second_waiting = services.register(event, **details(3))
    mailbox().clear()

    services.cancel(confirmed)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert second_waiting.status == Status.WAITING
    assert services.waiting_number(second_waiting) == 1
    assert [(m.to, m.subject.split(":")[0]) for m in mailbox()] == [
        (["deltager2@example.dk"], "Du har fået en plads")
    ]
    history = list(first_waiting.changes.values_list("from_status", "to_status"))
    assert history == [("", Status.WAITING), (Status.WAITING, Status.CONFIRMED)]


def test_cancelling_twice_or_from_the_waiting_list_promotes_no_one():
    event = make_event(capacity=1)
    confirmed = services.register(event, **details(1))
    waiting = services.register(event, **details(2))
    later = services.register(event, **details(3))
    services.cancel(waiting)
    later.refresh_from_db()
    assert later.status == Status.WAITING
    services.cancel(confirmed)
    services.cancel(confirmed)
    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses == {
        "deltager1@example.dk": Status.CANCELLED,
        "deltager2@example.dk": Status.CANCELLED,
        "deltager3@example.dk": Status.CONFIRMED,
    }
    assert confirmed.changes.count() == 2  # signed up, cancelled once


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_promote_two_different_people():
    event = make_event(capacity=2)
    leaving = [services.register(event, **details(n)) for n in (1, 2)]
    waiting = [services.register(event, **details(n)) for n in (3, 4, 5)]
    barrier = threading.Barrier(2)
    errors = []

    def cancel(registration):
        try:
            barrier.wait()
            services.cancel(registration)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in leaving]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING]
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 2


def test_more_places_fill_from_the_waiting_list():
    event = make_event(capacity=1)
    for n in range(3):
        services.register(event, **details(n))
    event.capacity = 2
    event.save()
    promoted = services.fill_free_places(event)
    assert [r.email for r in promoted] == ["deltager1@example.dk"]


def test_reminders_go_out_once_the_day_before(mailbox):
    tomorrow = make_event(days_ahead=0.5, capacity=1)
    next_week = make_event(days_ahead=7)
    reminded = services.register(tomorrow, **details(1))
    services.register(tomorrow, **details(2))  # waiting list: no reminder
    services.register(next_week, **details(3))
    late = services.register(make_event(days_ahead=0.5), **details(4))  # signed up on the day
    Registration.objects.exclude(pk=late.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    mailbox().clear()

    assert "events.jobs.send_event_reminders" in registered_jobs()
    assert send_event_reminders() == 1
    assert send_event_reminders() == 0
    outbox = mailbox()
    assert [(m.to, m.subject.split(":")[0]) for m in outbox] == [
        (["deltager1@example.dk"], "Påmindelse")
    ]
    reminded.refresh_from_db()
    assert reminded.reminder_sent_at is not None


def test_attendance_is_recorded_for_confirmed_participants(django_user_model):
    staff = django_user_model.objects.create_user("staff@example.dk", is_staff=True)
    event = make_event(capacity=1)
    came = services.register(event, **details(1))
    services.register(event, **details(2))
    assert services.mark_attendance(event.registrations.all(), attended=True, by=staff) == 1
    came.refresh_from_db()
    assert came.attended
    assert came.changes.last().changed_by == staff


def test_demo_loads_the_opening_and_can_run_twice():
    from django.core.management import call_command

    from events.models import Event

    call_command("load_events_demo", verbosity=0)
    call_command("load_events_demo", verbosity=0)
    opening = Event.objects.get(slug="aabning-af-vaekstcentret-2014")
    assert opening.starts_at.date().isoformat() == "2014-09-04"
    assert opening.description.count("• ") == 25
    workshop = Event.objects.get(slug="workshop-jobtraening-januar-2027")
    assert workshop.registrations.filter(status=Status.WAITING).count() == 3
    assert Registration.objects.filter(event=opening).count() == 60


def test_personal_data_is_erased_a_year_after_the_event():
    old = make_event(days_ahead=-400)
    recent = make_event(days_ahead=-30)
    for event, number in ((old, 1), (recent, 2)):
        Registration.objects.create(
            event=event, status=Status.CONFIRMED, attended=True, **details(number, needs="Vegan")
        )
    assert services.erase_old_personal_data() == 1
    assert services.erase_old_personal_data() == 0
    erased = old.registrations.get()
    assert (erased.name, erased.needs, erased.attended) == ("Slettet", "", True)
    assert "deltager1" not in erased.email
    assert recent.registrations.get().name == "Deltager 2"
