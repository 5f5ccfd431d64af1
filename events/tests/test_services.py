import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.services import ensure_verified_user
from core.periodic import registered_jobs
from core.state_machine import TransitionNotAllowed
from events import demo as events_demo
from events import selectors, services
from events.jobs import send_event_reminders
from events.models import Event, Registration, RegistrationStatus
from events.tests.factories import details, mailed_token, make_event, signed_up

pytestmark = pytest.mark.django_db


def test_sign_ups_past_capacity_go_on_the_waiting_list_in_order(mailbox):
    event = make_event(capacity=2)
    first, second, third, fourth = (signed_up(event, n) for n in range(4))
    assert [r.status for r in (first, second, third, fourth)] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        RegistrationStatus.WAITING,
    ]
    assert services.waiting_number(fourth) == 2
    outbox = [m for m in mailbox() if not m.subject.startswith("Bekræft")]
    assert [m.subject.split(":")[0] for m in outbox] == [
        "Du er tilmeldt",
        "Du er tilmeldt",
        "Du er på ventelisten",
        "Du er på ventelisten",
    ]
    assert outbox[0].attachments[0][0] == "arrangement.ics"
    assert selectors.registration_for_token(mailed_token(outbox[0])) == first
    assert "nummer 2" in outbox[3].body


def test_an_anonymous_sign_up_takes_no_place_until_the_mailed_link_confirms_it(mailbox):
    event = make_event(capacity=1)
    pending = services.register(event, **details(1))
    assert pending.status == RegistrationStatus.PENDING
    assert Event.objects.with_confirmed_count().get(pk=event.pk).free_places == 1
    [mail] = mailbox()
    assert mail.subject.startswith("Bekræft din tilmelding")
    token = mailed_token(mail)
    assert token not in str(list(Registration.objects.values()))  # only its digest is kept
    assert selectors.registration_for_token(token) == pending

    other = signed_up(event, 2)  # confirmed first, so takes the place
    confirmed = services.confirm_signup(pending)
    assert (other.status, confirmed.status, confirmed.position) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        1,
    )
    assert (
        services.confirm_signup(confirmed).status == RegistrationStatus.WAITING
    )  # twice: no change
    assert list(confirmed.changes.values_list("from_status", "to_status")) == [
        ("", RegistrationStatus.PENDING),
        (RegistrationStatus.PENDING, RegistrationStatus.WAITING),
    ]


def test_a_verified_account_is_seated_at_once(mailbox):
    user = ensure_verified_user("deltager1@example.dk", "Et-godt-kodeord-2014")
    registration = services.register(make_event(), by=user, **details(1))
    assert registration.status == RegistrationStatus.CONFIRMED
    assert [m.subject.split(":")[0] for m in mailbox()] == ["Du er tilmeldt"]
    unverified = type(user).objects.create_user("deltager2@example.dk")
    assert (
        services.register(make_event(), by=unverified, **details(2)).status
        == RegistrationStatus.PENDING
    )


def test_signing_up_again_with_the_same_address_mails_the_link_again(mailbox):
    event = make_event()
    first = services.register(event, **details(1))
    again = services.register(event, **details(1, email="DELTAGER1@example.dk", name="Anden"))
    assert again == first and Registration.objects.count() == 1
    first_mail, second_mail = mailbox()
    assert first_mail.subject == second_mail.subject  # "Bekræft din tilmelding: ..."
    assert selectors.registration_for_token(mailed_token(second_mail)) == first
    assert selectors.registration_for_token(mailed_token(first_mail)) == first

    services.confirm_signup(first)
    services.register(event, **details(1))
    assert mailbox()[-1].subject.startswith("Du er tilmeldt")  # the registration's own link
    assert Registration.objects.get().name == "Deltager 1"


def test_unconfirmed_sign_ups_are_deleted_after_two_days_or_when_the_event_starts():
    event = make_event(days_ahead=10)
    soon = make_event(days_ahead=0.01)
    stale = services.register(event, **details(1))
    fresh = services.register(event, **details(2))
    confirmed = signed_up(event, 3)
    starting = services.register(soon, **details(4))
    Registration.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(
        updated_at=timezone.now() - dt.timedelta(days=3)
    )
    later = timezone.now() + dt.timedelta(hours=1)
    assert "events.jobs.delete_unconfirmed_event_signups" in registered_jobs()
    assert services.delete_unconfirmed(now=later) == 2
    assert set(Registration.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert starting.pk not in Registration.objects.values_list("pk", flat=True)


def test_a_sign_up_confirmed_after_the_deadline_still_gets_its_place():
    event = make_event()
    pending = services.register(event, **details(1))
    event.signup_deadline = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    assert services.confirm_signup(pending).status == RegistrationStatus.CONFIRMED


def test_sign_up_is_closed_after_the_deadline():
    event = make_event(signup_deadline=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(TransitionNotAllowed, match="lukket"):
        signed_up(event, 1)


def test_cancelling_moves_the_first_on_the_waiting_list_up_and_mails_them(mailbox):
    event = make_event(capacity=1)
    confirmed = signed_up(event, 1)
    first_waiting = signed_up(event, 2)
    second_waiting = signed_up(event, 3)
    mailbox().clear()

    services.cancel(confirmed)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert second_waiting.status == RegistrationStatus.WAITING
    assert services.waiting_number(second_waiting) == 1
    assert [(m.to, m.subject.split(":")[0]) for m in mailbox()] == [
        (["deltager1@example.dk"], "Du er afmeldt"),
        (["deltager2@example.dk"], "Du har fået en plads"),
    ]
    history = list(first_waiting.changes.values_list("from_status", "to_status"))
    assert history == [
        ("", RegistrationStatus.PENDING),
        (RegistrationStatus.PENDING, RegistrationStatus.WAITING),
        (RegistrationStatus.WAITING, RegistrationStatus.CONFIRMED),
    ]


def test_cancelling_twice_or_from_the_waiting_list_promotes_no_one():
    event = make_event(capacity=1)
    confirmed = signed_up(event, 1)
    waiting = signed_up(event, 2)
    later = signed_up(event, 3)
    services.cancel(waiting)
    later.refresh_from_db()
    assert later.status == RegistrationStatus.WAITING
    services.cancel(confirmed)
    services.cancel(confirmed)
    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses == {
        "deltager1@example.dk": RegistrationStatus.CANCELLED,
        "deltager2@example.dk": RegistrationStatus.CANCELLED,
        "deltager3@example.dk": RegistrationStatus.CONFIRMED,
    }
    assert confirmed.changes.count() == 3  # signed up, confirmed, cancelled once


def test_no_cancelling_once_the_event_has_started():
    event = make_event(capacity=1)
    confirmed = signed_up(event, 1)
    waiting = signed_up(event, 2)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))

    with pytest.raises(TransitionNotAllowed, match="begyndt"):
        services.cancel(confirmed)

    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses == {
        "deltager1@example.dk": RegistrationStatus.CONFIRMED,
        "deltager2@example.dk": RegistrationStatus.WAITING,
    }
    assert not confirmed.changes.filter(to_status=RegistrationStatus.CANCELLED).exists()
    assert waiting.changes.count() == 2  # signed up, put on the waiting list; never promoted


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_promote_two_different_people():
    event = make_event(capacity=2)
    leaving = [signed_up(event, n) for n in (1, 2)]
    waiting = [signed_up(event, n) for n in (3, 4, 5)]
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
    assert statuses == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    ]
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 2


def test_more_places_fill_from_the_waiting_list():
    event = make_event(capacity=1)
    for n in range(3):
        signed_up(event, n)
    event.capacity = 2
    event.save()
    promoted = services.fill_free_places(event)
    assert [r.email for r in promoted] == ["deltager1@example.dk"]


def test_reminders_go_out_once_the_day_before(mailbox):
    tomorrow = make_event(days_ahead=0.5, capacity=1)
    next_week = make_event(days_ahead=7)
    reminded = signed_up(tomorrow, 1)
    signed_up(tomorrow, 2)  # waiting list: no reminder
    signed_up(next_week, 3)
    late = signed_up(make_event(days_ahead=0.5), 4)  # signed up on the day
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
    came = signed_up(event, 1)
    signed_up(event, 2)
    assert services.mark_attendance(event.registrations.all(), attended=True, by=staff) == 1
    came.refresh_from_db()
    assert came.attended
    assert came.changes.last().changed_by == staff


def test_demo_loads_the_opening_and_can_run_twice():

    from events.models import Event

    events_demo.load()
    events_demo.load()
    opening = Event.objects.get(slug="aabning-af-vaekstcentret-2014")
    assert opening.starts_at.date().isoformat() == "2014-09-04"
    assert opening.description.count("• ") == 25
    workshop = Event.objects.get(slug="workshop-jobtraening-januar-2027")
    assert workshop.registrations.filter(status=RegistrationStatus.WAITING).count() == 3
    assert Registration.objects.filter(event=opening).count() == 60


def test_personal_data_is_erased_a_year_after_the_event():
    old = make_event(days_ahead=-400)
    recent = make_event(days_ahead=-30)
    for event, number in ((old, 1), (recent, 2)):
        Registration.objects.create(
            event=event,
            status=RegistrationStatus.CONFIRMED,
            attended=True,
            **details(number, needs="Vegan"),
        )
    assert services.erase_old_personal_data() == 1
    assert services.erase_old_personal_data() == 0
    erased = old.registrations.get()
    assert (erased.name, erased.needs, erased.attended) == ("Slettet", "", True)
    assert "deltager1" not in erased.email
    assert recent.registrations.get().name == "Deltager 2"


def _calendar_lines(mail, filename: str) -> list[str]:
    [content] = [content for name, content, _type in mail.attachments if name == filename]
    return content.split("\r\n")


def _value(lines: list[str], name: str) -> str:
    return next(line.split(":", 1)[1] for line in lines if line.startswith(name + ":"))


def test_cancelling_mails_a_calendar_cancellation_of_the_event_they_were_sent(mailbox):
    event = make_event()
    registration = signed_up(event, 1)
    added = _calendar_lines(mailbox()[-1], "arrangement.ics")

    services.cancel(registration)

    mail = mailbox()[-1]
    assert mail.to == ["deltager1@example.dk"] and mail.subject.startswith("Du er afmeldt")
    assert "fjerner arrangementet fra din kalender" in mail.body
    removed = _calendar_lines(mail, "afmelding.ics")
    assert _value(removed, "METHOD") == "CANCEL" and _value(added, "METHOD") == "PUBLISH"
    assert _value(removed, "UID") == _value(added, "UID")
    assert int(_value(removed, "SEQUENCE")) > int(_value(added, "SEQUENCE"))
    assert _value(removed, "STATUS") == "CANCELLED"

    # Signing up again puts it back: a newer version than the cancellation.
    services.confirm_signup(services.register(event, **details(1)))
    again = _calendar_lines(mailbox()[-1], "arrangement.ics")
    assert int(_value(again, "SEQUENCE")) > int(_value(removed, "SEQUENCE"))


def test_leaving_the_waiting_list_is_confirmed_without_a_calendar_file(mailbox):
    event = make_event(capacity=0)
    waiting = signed_up(event, 1)
    services.cancel(waiting)
    mail = mailbox()[-1]
    assert mail.subject.startswith("Du er afmeldt") and mail.attachments == []


def test_the_link_is_mailed_again_a_few_times_an_hour_at_most(mailbox):
    event = make_event()
    registration = signed_up(event, 1)
    mailbox().clear()
    for _attempt in range(services.LINK_MAILS_PER_HOUR + 2):
        services.send_link_again(event, "DELTAGER1@example.dk")
    services.send_link_again(event, "ukendt@example.dk")  # not signed up: nothing, no error
    outbox = mailbox()
    assert len(outbox) == services.LINK_MAILS_PER_HOUR
    assert selectors.registration_for_token(mailed_token(outbox[0])) == registration
