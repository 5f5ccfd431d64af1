"""Recurring registry jobs: yearly social accounts, their reminders and overdue escalation."""

from registry import services
from vaekstcenter.periodic import periodic


@periodic
def social_accounts() -> None:
    services.open_due_accounts()
    services.send_account_reminders()
    services.open_deregistration_cases()
