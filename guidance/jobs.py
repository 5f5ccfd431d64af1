"""Recurring jobs of the guidance service (run hourly by vaekstcenter.periodic)."""

from guidance.services import anonymise_expired, delete_unconfirmed
from vaekstcenter.periodic import periodic


@periodic
def anonymise_old_requests() -> int:
    """Anonymise requests closed longer ago than GUIDANCE_ANONYMISE_AFTER_MONTHS."""
    return anonymise_expired()


@periodic
def delete_unconfirmed_requests() -> int:
    """Never-confirmed requests are not kept once their confirmation link has expired."""
    return delete_unconfirmed()
