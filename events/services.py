"""Registrations: sign-up and its confirmation, cancellation, promotion from the waiting list,
reminders, erasure.

Every change of a registration for one event runs while that event's row is locked
(``select_for_update``), so two sign-ups cannot take the last place and two cancellations cannot
promote the same person twice.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import has_verified_email
from core import secret_links
from core.mail import page_language, send_templated_mail
from core.rate_limits import rate_limited_for
from core.state_machine import StateMachine, Transition, TransitionNotAllowed
from events import selectors
from events.calendar import cancellation_calendar, registration_calendar
from events.models import (
    Event,
    EventChange,
    EventState,
    Registration,
    RegistrationChange,
    RegistrationStatus,
)

REMINDER_LEAD = dt.timedelta(days=1)
KEEP_PERSONAL_DATA = dt.timedelta(days=365)  # after the event; the privacy text promises it
UNCONFIRMED_KEPT = dt.timedelta(days=2)  # a sign-up never confirmed is deleted after this
LINK_MAILS_PER_HOUR = 3  # the same registration's link mailed again, from any client


def _why_not_cancel(registration: Registration) -> str:
    """Once the event has started, who came is recorded as attendance instead."""
    if registration.event.starts_at <= timezone.now():
        return _("Arrangementet er begyndt, så tilmeldingen kan ikke afmeldes.")
    return ""


# A registration's life, keyed by the status it moves to.
REGISTRATION = StateMachine(
    {
        RegistrationStatus.CONFIRMED: Transition(
            (RegistrationStatus.PENDING, RegistrationStatus.WAITING), RegistrationStatus.CONFIRMED
        ),
        RegistrationStatus.WAITING: Transition(
            (RegistrationStatus.PENDING,), RegistrationStatus.WAITING
        ),
        RegistrationStatus.CANCELLED: Transition(
            (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING),
            RegistrationStatus.CANCELLED,
            guard=_why_not_cancel,
        ),
    },
    refused_message=gettext_lazy(
        "En tilmelding med status »%(status)s« kan ikke blive »%(target)s«."
    ),
)


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _has_free_place(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def registration_link(registration: Registration) -> str:
    """The path of a new secret link to the registrant's page; links sent earlier keep working."""
    return reverse("events:registration", kwargs={"token": secret_links.issue(registration)})


def _mail(
    registration: Registration,
    template: str,
    *,
    with_calendar=False,
    cancelling=False,
    extra: dict | None = None,
):
    """In the language of the page that caused it (the registration stores none)."""
    context = {
        **(extra or {}),
        "registration": registration,
        "event": registration.event,
        "registration_url": settings.SITE_URL + registration_link(registration),
        "unconfirmed_days": UNCONFIRMED_KEPT.days,
        "event_url": settings.SITE_URL + registration.event.get_absolute_url(),
        "waiting_number": waiting_number(registration),
        "calendar_attached": with_calendar or cancelling,
    }
    attachments = []
    if with_calendar or cancelling:
        version = selectors.calendar_version(registration)
    if with_calendar:
        content = registration_calendar(registration, version=version)
        attachments.append(("arrangement.ics", content, "text/calendar"))
    if cancelling:  # takes the event out of the calendar it was added to
        content = cancellation_calendar(registration, version=version)
        attachments.append(("afmelding.ics", content, "text/calendar"))
    # The queued mail is a row in the same database: it is sent only if this transaction commits.
    send_templated_mail(
        f"events/email/{template}",
        context,
        [registration.email],
        language=page_language(),
        attachments=attachments,
    )


def waiting_number(registration: Registration) -> int | None:
    """The registration's place in the current waiting-list queue (1 is next in line)."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    return registration.event.registrations.filter(
        status=RegistrationStatus.WAITING, position__lte=registration.position
    ).count()


@transaction.atomic
def register(event: Event, *, by=None, **details) -> Registration:
    """Sign someone up. A signed-in user whose address is verified is seated at once (or put on
    the waiting list); anyone else is mailed a link to confirm the address first and takes no
    place until then (``confirm_signup``).

    Signing up again with an address already signed up mails that registration's link again,
    and the caller answers exactly as for a new sign-up: the page must not tell who is coming.
    """
    event = _locked_event(event)
    if not event.signup_open():
        raise TransitionNotAllowed(_("Tilmeldingen til arrangementet er lukket."))
    user = by if by is not None and by.is_authenticated else None
    existing = (
        event.registrations.select_for_update()
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(email__iexact=details["email"])
        .first()
    )
    if existing is not None:
        _send_link_again(existing)
        return existing
    registration = Registration.objects.create(
        event=event, user=user, status=RegistrationStatus.PENDING, **details
    )
    RegistrationChange.record(
        registration=registration,
        by=user,
        to_status=RegistrationStatus.PENDING,
        note=_("Tilmeldt via hjemmesiden"),
    )
    if has_verified_email(user, registration.email):
        _seat(event, registration, by=user, note=_("E-mailadressen er bekræftet på brugerkontoen"))
    else:
        _mail(registration, "confirm")
    return registration


def send_link_again(event: Event, email: str) -> None:
    """Mail the link to the registration of ``email`` for ``event`` again, if there is one.

    The caller answers the same whether there was one or not, so no one learns who is coming.
    """
    existing = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(email__iexact=email)
        .first()
    )
    if existing is not None:
        _send_link_again(existing)


def _send_link_again(registration: Registration) -> None:
    """A few times an hour at most, so the form cannot be used to flood someone's mailbox."""
    subject = f"{registration.pk}:{registration.email.lower()}"
    if rate_limited_for("event-link", subject, limit=LINK_MAILS_PER_HOUR, period=3600):
        return
    if registration.status == RegistrationStatus.PENDING:
        registration.save(update_fields=["updated_at"])  # kept two days from the latest mail
        _mail(registration, "confirm")
    elif registration.status == RegistrationStatus.CONFIRMED:
        _mail(registration, "confirmed", with_calendar=True)
    else:
        _mail(registration, "waiting")


@transaction.atomic
def confirm_signup(registration: Registration, *, by=None) -> Registration:
    """The registrant has followed the mailed link: a place if one is left, else the waiting
    list. Confirming twice changes nothing."""
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.PENDING:
        _seat(event, registration, by=by, note=_("E-mailadressen er bekræftet"))
    return registration


def _seat(event: Event, registration: Registration, *, by, note: str) -> None:
    if _has_free_place(event):
        REGISTRATION.check(registration, RegistrationStatus.CONFIRMED)
        registration.status = RegistrationStatus.CONFIRMED
    else:
        REGISTRATION.check(registration, RegistrationStatus.WAITING)
        registration.status = RegistrationStatus.WAITING
        last = event.registrations.aggregate(last=Max("position"))["last"] or 0
        registration.position = last + 1
    registration.save(update_fields=["status", "position", "updated_at"])
    RegistrationChange.record(
        registration=registration,
        by=by,
        from_status=RegistrationStatus.PENDING,
        to_status=registration.status,
        note=note,
    )
    if registration.status == RegistrationStatus.CONFIRMED:
        _mail(registration, "confirmed", with_calendar=True)
    else:
        _mail(registration, "waiting")


def delete_unconfirmed(now=None) -> int:
    """Sign-ups whose address was not confirmed within two days of the last mail, or before
    the event started, are deleted with their history: the person never agreed to anything."""
    now = now or timezone.now()
    stale = Registration.objects.filter(status=RegistrationStatus.PENDING).filter(
        Q(updated_at__lt=now - UNCONFIRMED_KEPT) | Q(event__starts_at__lte=now)
    )
    _total, by_model = stale.delete()
    return by_model.get(Registration._meta.label, 0)


@transaction.atomic
def cancel(registration: Registration, *, by=None) -> Registration:
    """Cancel a registration; a freed place goes to the first on the waiting list.

    Not once the event has started: who came is then recorded as attendance instead.
    """
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    was = _end(registration, by=by, note=_("Afmeldt"))
    if was != RegistrationStatus.PENDING:
        cancelling = was == RegistrationStatus.CONFIRMED
        _mail(registration, "cancelled", cancelling=cancelling)
    if was == RegistrationStatus.CONFIRMED:
        fill_free_places(event)
    return registration


def _end(registration: Registration, *, by, note: str) -> str:
    """Cancel a locked registration and record it; returns the status it had."""
    REGISTRATION.check(registration, RegistrationStatus.CANCELLED)
    was = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    RegistrationChange.record(
        registration=registration,
        by=by,
        from_status=was,
        to_status=RegistrationStatus.CANCELLED,
        note=note,
    )
    return was


@transaction.atomic
def fill_free_places(event: Event) -> list[Registration]:
    """Move people up from the waiting list while places are free (after a cancellation or when
    staff add places)."""
    event = _locked_event(event)
    if event.starts_at <= timezone.now():
        return []
    promoted = []
    while _has_free_place(event):
        first = (
            event.registrations.select_for_update()
            .filter(status=RegistrationStatus.WAITING)
            .order_by("position")
            .first()
        )
        if first is None:
            break
        REGISTRATION.check(first, RegistrationStatus.CONFIRMED)
        first.status = RegistrationStatus.CONFIRMED
        first.save(update_fields=["status", "updated_at"])
        RegistrationChange.record(
            registration=first,
            from_status=RegistrationStatus.WAITING,
            to_status=RegistrationStatus.CONFIRMED,
            note=_("Rykket op fra ventelisten"),
        )
        _mail(first, "promoted", with_calendar=True)
        promoted.append(first)
    return promoted


@transaction.atomic
def mark_attendance(registrations, *, attended: bool, by) -> int:
    changed = 0
    locked = registrations.select_for_update(of=("self",)).filter(
        status=RegistrationStatus.CONFIRMED
    )
    for registration in locked:
        if registration.attended == attended:
            continue
        registration.attended = attended
        registration.save(update_fields=["attended", "updated_at"])
        note = _("Markeret som deltaget") if attended else _("Markeret som ikke deltaget")
        RegistrationChange.record(
            registration=registration,
            by=by,
            from_status=registration.status,
            to_status=registration.status,
            note=note,
        )
        changed += 1
    return changed


def send_due_reminders(now=None) -> int:
    """Remind confirmed participants of events that start within a day. Each is reminded once:
    rows are locked and marked in the same transaction as the mail is queued."""
    now = now or timezone.now()
    with transaction.atomic():
        due = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event")
            .filter(
                status=RegistrationStatus.CONFIRMED,
                reminder_sent_at__isnull=True,
                event__is_published=True,
                event__starts_at__gt=now,
                event__starts_at__lte=now + REMINDER_LEAD,
                # Who signs up on the day itself has just had the confirmation.
                created_at__lt=F("event__starts_at") - REMINDER_LEAD,
            )
        )
        sent = 0
        for registration in due:
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            _mail(registration, "reminder", with_calendar=True)
            sent += 1
    return sent


@transaction.atomic
def erase_old_personal_data(now=None) -> int:
    """Anonymise registrations a year after their event; counts and attendance stay for
    statistics. The change history keeps no personal data, so it stays too."""
    now = now or timezone.now()
    old = Registration.objects.select_for_update(skip_locked=True).filter(
        erased_at__isnull=True, event__ends_at__lt=now - KEEP_PERSONAL_DATA
    )
    erased = 0
    for registration in old:
        anonymise(registration, now)
        erased += 1
    return erased


def anonymise(registration: Registration, now=None) -> None:
    """Remove the person from a registration; its status and attendance stay for statistics."""
    registration.name = _("Slettet")
    registration.email = f"slettet-{registration.pk}@invalid.invalid"
    registration.organisation = ""
    registration.needs = ""
    registration.user = None
    registration.link_hashes = []
    registration.erased_at = now or timezone.now()
    registration.save()


# --- Staff move or cancel an event ---------------------------------------------------------------

# Those told when an event moves or is cancelled: who has a place and who waits for one.
TOLD_OF_CHANGES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
MOVING_FIELDS = ("starts_at", "ends_at", "place", "online_url")


def _why_not_change(event: Event) -> str:
    if event.is_cancelled:
        return _("Arrangementet er allerede aflyst.")
    if event.starts_at <= timezone.now():
        return _("Arrangementet er begyndt.")
    return ""


@transaction.atomic
def cancel_event(event: Event, *, by) -> Event:
    """Cancel the event: every participant and everyone on the waiting list is told by mail
    (participants with a calendar file that takes it out of their calendar), and their
    registrations end."""
    event = _locked_event(event)
    reason = _why_not_change(event)
    if reason:
        raise TransitionNotAllowed(reason)
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at", "updated_at"])
    EventChange.record(
        event=event,
        by=by,
        from_status=EventState.PLANNED,
        to_status=EventState.CANCELLED,
        note=_("Arrangementet er aflyst"),
    )
    registrations = event.registrations.select_for_update().exclude(
        status=RegistrationStatus.CANCELLED
    )
    for registration in registrations:
        was = _end(registration, by=by, note=_("Arrangementet er aflyst"))
        if was in TOLD_OF_CHANGES:
            _mail(
                registration,
                "event_cancelled",
                cancelling=was == RegistrationStatus.CONFIRMED,
                extra={"was_waiting": was == RegistrationStatus.WAITING},
            )
    return event


def moved(event: Event, before: dict) -> bool:
    """Whether the time or place differ from ``before`` (the values of ``MOVING_FIELDS``)."""
    return any(getattr(event, name) != before[name] for name in MOVING_FIELDS)


@transaction.atomic
def announce_move(event: Event, *, before: dict, by) -> int:
    """Staff have changed the event's time or place (``before`` holds the values it had): the
    change is recorded and every participant and everyone on the waiting list is told, the
    participants with a new calendar file. Returns the number of people told."""
    event = _locked_event(event)
    if not moved(event, before) or event.is_cancelled:
        return 0
    changed = [
        str(Event._meta.get_field(name).verbose_name)
        for name in MOVING_FIELDS
        if getattr(event, name) != before[name]
    ]
    EventChange.record(
        event=event,
        by=by,
        from_status=EventState.PLANNED,
        to_status=EventState.PLANNED,
        note=_("Flyttet (ændret: %(fields)s)") % {"fields": ", ".join(changed)},
    )
    if not event.is_published or event.ends_at <= timezone.now():
        return 0
    # A new meeting link alone concerns only those who have it.
    told_statuses = TOLD_OF_CHANGES
    if all(getattr(event, name) == before[name] for name in MOVING_FIELDS[:3]):
        told_statuses = (RegistrationStatus.CONFIRMED,)
    told = 0
    for registration in event.registrations.filter(status__in=told_statuses):
        _mail(
            registration,
            "event_moved",
            with_calendar=registration.status == RegistrationStatus.CONFIRMED,
            extra={"before": before},
        )
        told += 1
    return told


def delete_needs_after_event(now=None) -> int:
    """Dietary and access needs are kept only for planning the event: deleted once it is over
    (the sign-up form promises it)."""
    now = now or timezone.now()
    return (
        Registration.objects.filter(event__ends_at__lt=now)
        .exclude(needs="")
        .update(needs="", updated_at=now)
    )
