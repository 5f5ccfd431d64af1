"""Reads for the newsletter: the row a link opens, what a digest holds, counts for staff."""

from django.db.models import Count, Q

from core import secret_links
from events.models import Event
from newsletter.models import Subscription
from portal.models import Article, Audience, Theme

# At most this many of each kind in one digest; the mail links to the lists for the rest.
DIGEST_ITEMS = 20


def subscription_for_token(token: str) -> Subscription | None:
    return (
        secret_links.matching(Subscription.objects.all(), token)
        .prefetch_related("themes", "audiences")
        .first()
    )


def _chosen(subscription: Subscription) -> Q | None:
    """Items tagged with one of the subscription's themes or audiences (None: it chose none)."""
    theme_ids = [theme.pk for theme in subscription.themes.all()]
    audience_ids = [audience.pk for audience in subscription.audiences.all()]
    if not theme_ids and not audience_ids:
        return None
    return Q(themes__in=theme_ids) | Q(audiences__in=audience_ids)


def digest_items(subscription: Subscription, *, since, until) -> tuple[list, list]:
    """The articles and events published after ``since`` up to ``until`` that the subscriber
    asked for: all new articles with ``news``, all new events with ``events``, and otherwise
    those tagged with a chosen theme or audience. Articles in the subscriber's language only."""
    chosen = _chosen(subscription)
    articles = Article.objects.published(now=until).filter(
        language=subscription.language, publish_at__gt=since
    )
    events = Event.objects.published().filter(
        cancelled_at__isnull=True,
        ends_at__gte=until,
        published_at__gt=since,
        published_at__lte=until,
    )
    if not subscription.news:
        articles = articles.filter(chosen).distinct() if chosen else articles.none()
    if not subscription.events:
        events = events.filter(chosen).distinct() if chosen else events.none()
    articles = articles.only("title", "slug", "summary", "language", "publish_at")
    return (
        list(articles.order_by("-publish_at")[:DIGEST_ITEMS]),
        list(events.order_by("starts_at")[:DIGEST_ITEMS]),
    )


def subscriber_counts() -> dict:
    """Active and waiting subscriptions, and active ones per topic (a fixed number of queries)."""
    active = Q(newsletter_subscriptions__confirmed_at__isnull=False)
    return {
        **Subscription.objects.aggregate(
            active=Count("pk", filter=Q(confirmed_at__isnull=False)),
            pending=Count("pk", filter=Q(confirmed_at__isnull=True)),
            news=Count("pk", filter=Q(confirmed_at__isnull=False, news=True)),
            events=Count("pk", filter=Q(confirmed_at__isnull=False, events=True)),
        ),
        "themes": Theme.objects.annotate(subscribers=Count("newsletter_subscriptions", active)),
        "audiences": Audience.objects.annotate(
            subscribers=Count("newsletter_subscriptions", active)
        ),
    }
