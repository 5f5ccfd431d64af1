"""The newsletter's part of a user's data, for the account's GDPR export and erasure."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.selectors import verified_addresses
from newsletter import services
from newsletter.models import Subscription


def _subscriptions_of(user):
    """Subscribed while signed in, or under one of the user's verified addresses."""
    return (
        Subscription.objects.annotate(email_lower=Lower("email"))
        .filter(Q(user=user) | Q(email_lower__in=verified_addresses(user)))
        .prefetch_related("themes", "audiences")
    )


def personal_data(user) -> list[dict]:
    return [
        {
            "email": subscription.email,
            "status": subscription.get_status_display(),
            "sprog": subscription.language,
            "nyheder": subscription.news,
            "arrangementer": subscription.events,
            "temaer": [theme.name for theme in subscription.themes.all()],
            "maalgrupper": [audience.name for audience in subscription.audiences.all()],
            "tilmeldt": subscription.created_at.isoformat(),
            "bekraeftet": subscription.confirmed_at.isoformat()
            if subscription.confirmed_at
            else None,
        }
        for subscription in _subscriptions_of(user).order_by("created_at")
    ]


def erase(user) -> None:
    for subscription in _subscriptions_of(user):
        services.unsubscribe(subscription, note=_("Slettet sammen med brugerkontoen"))
