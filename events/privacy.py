"""The events' part of a user's data, for the account's GDPR export and erasure."""

from django.db.models import Q
from django.db.models.functions import Lower

from accounts.selectors import verified_addresses
from events import services
from events.models import Registration


def _registrations_of(user):
    """Sign-ups made while signed in, and those under one of the user's verified addresses."""
    return (
        Registration.objects.annotate(email_lower=Lower("email"))
        .filter(Q(user=user) | Q(email_lower__in=verified_addresses(user)), erased_at__isnull=True)
        .select_related("event", "municipality")
    )


def personal_data(user) -> list[dict]:
    return [
        {
            "arrangement": registration.event.title,
            "dato": registration.event.starts_at.isoformat(),
            "navn": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "kommune": registration.municipality.name if registration.municipality else None,
            "behov": registration.needs,
            "status": registration.get_status_display(),
            "tilmeldt": registration.created_at.isoformat(),
        }
        for registration in _registrations_of(user).order_by("created_at")
    ]


def erase(user) -> None:
    for registration in _registrations_of(user):
        services.anonymise(registration)
