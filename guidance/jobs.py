"""Recurring jobs of the guidance service (run hourly by core.periodic)."""

from core.periodic import periodic
from guidance.services import (
    anonymise_expired,
    close_unreplied,
    delete_stale_uploads,
    delete_unconfirmed,
)


@periodic
def anonymise_old_enquiries() -> int:
    """Anonymise enquiries closed longer ago than GUIDANCE_ANONYMISE_AFTER_MONTHS."""
    return anonymise_expired()


@periodic
def delete_unconfirmed_enquiries() -> int:
    """Never-confirmed enquiries are not kept once their confirmation link has expired."""
    return delete_unconfirmed()


@periodic
def delete_stale_held_uploads() -> int:
    """Files held for a form that was never sent are removed after a day."""
    return delete_stale_uploads()


@periodic
def close_unreplied_enquiries() -> int:
    """Answered enquiries close by themselves when the requester has not replied within
    GUIDANCE_AUTO_CLOSE_WORKING_DAYS working days."""
    return close_unreplied()
