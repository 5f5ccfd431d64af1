"""Recurring jobs of the newsletter, run hourly by ``core.periodic``."""

from core.periodic import periodic
from newsletter import services


@periodic
def send_newsletter_digests() -> int:
    return services.send_due_digests()


@periodic
def delete_unconfirmed_subscriptions() -> int:
    return services.delete_unconfirmed()
