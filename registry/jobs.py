"""Recurring registry jobs: yearly social accounts, their reminders and overdue escalation."""

from core.periodic import periodic
from registry.services import social_accounts as accounts


@periodic
def social_accounts() -> None:
    accounts.open_due_accounts()
    accounts.send_account_reminders()
    accounts.open_deregistration_cases()
