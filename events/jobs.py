"""Recurring jobs of the events app, run hourly by ``core.periodic``."""

from core.periodic import periodic
from events import services


@periodic
def send_event_reminders() -> int:
    return services.send_due_reminders()


@periodic
def erase_old_event_registrations() -> int:
    return services.erase_old_personal_data()


@periodic
def delete_unconfirmed_event_signups() -> int:
    return services.delete_unconfirmed()


@periodic
def delete_needs_after_events() -> int:
    return services.delete_needs_after_event()
