"""Recurring registry jobs: yearly social accounts, their reminders, hearings, and supervision."""

from core.periodic import periodic
from registry.services import social_accounts as accounts
from registry.services import supervision as supervision_service


@periodic
def social_accounts() -> None:
    accounts.open_due_accounts()
    accounts.send_account_reminders()
    accounts.start_deregistration_hearings()


@periodic
def supervision() -> None:
    """Tilsyn: signals from the social accounts and from the CVR register."""
    supervision_service.detect_signals()
    supervision_service.compare_with_cvr()
