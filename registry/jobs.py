"""Recurring registry jobs: yearly social accounts, their reminders and overdue escalation."""

from core.periodic import periodic
from registry import services


@periodic
def social_accounts() -> None:
    services.open_due_accounts()
    services.send_account_reminders()
    services.open_deregistration_cases()
