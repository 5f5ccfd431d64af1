"""Demo subscriptions (example.org addresses, which no one receives). Idempotent."""

from django.utils import timezone

from newsletter.models import Subscription, SubscriptionChange, SubscriptionStatus
from portal.models import Audience, Theme

DEMO_SUBSCRIBERS = [
    # address, language, news, events, theme slugs, confirmed
    ("nyheder@example.org", "da", True, True, [], True),
    ("kommunen@example.org", "da", False, True, [], True),
    ("reader@example.org", "en", True, False, [], True),
    ("temaer@example.org", "da", False, False, ["finansiering"], True),
    ("ubekraeftet@example.org", "da", True, False, [], False),
]


def load() -> str:
    now = timezone.now()
    created = 0
    for email, language, news, events, theme_slugs, confirmed in DEMO_SUBSCRIBERS:
        subscription, is_new = Subscription.objects.get_or_create(
            email=email,
            defaults={
                "language": language,
                "news": news,
                "events": events,
                "confirmed_at": now if confirmed else None,
                "covered_until": now if confirmed else None,
            },
        )
        if not is_new:
            continue
        created += 1
        subscription.themes.set(Theme.objects.filter(slug__in=theme_slugs))
        if email.startswith("kommunen"):
            subscription.audiences.set(Audience.objects.order_by("position")[:1])
        SubscriptionChange.record(
            subscription=subscription, to_status=SubscriptionStatus.PENDING, note="Demodata"
        )
        if confirmed:
            SubscriptionChange.record(
                subscription=subscription,
                from_status=SubscriptionStatus.PENDING,
                to_status=SubscriptionStatus.ACTIVE,
                note="Demodata",
            )
    return f"Newsletter: {created} demo subscriptions"
