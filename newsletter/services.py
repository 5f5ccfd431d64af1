"""Subscribing (double opt-in), confirming, unsubscribing and the weekly digest.

Every mail carries a new secret link to the subscriber's page and, in its ``List-Unsubscribe``
header (RFC 8058), the one-click address that ends the subscription.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.selectors import has_verified_email
from core import secret_links
from core.mail import send_templated_mail
from core.rate_limits import rate_limited_for
from newsletter import selectors
from newsletter.models import (
    CONFIRMATION_VALID,
    Subscription,
    SubscriptionChange,
    SubscriptionStatus,
)

DIGEST_EVERY = dt.timedelta(days=7)
# Every mail adds a link; the newest this many keep working (a year of weekly digests and more).
LINKS_KEPT = 60
LINK_MAILS_PER_HOUR = 3  # mails to one address from the form, whoever fills it in


def _mail(subscription: Subscription, template: str, context: dict | None = None) -> None:
    """Callers hold the subscription's row lock."""
    token = secret_links.issue(subscription)
    if len(subscription.link_hashes) > LINKS_KEPT:
        subscription.link_hashes = subscription.link_hashes[-LINKS_KEPT:]
        Subscription.objects.filter(pk=subscription.pk).update(link_hashes=subscription.link_hashes)
    with translation.override(subscription.language):
        page_url = reverse("newsletter:subscription", kwargs={"token": token})
        unsubscribe_url = settings.SITE_URL + reverse(
            "newsletter:unsubscribe", kwargs={"token": token}
        )
    send_templated_mail(
        f"newsletter/email/{template}",
        {
            **(context or {}),
            "subscription": subscription,
            "subscription_url": settings.SITE_URL + page_url,
            "unsubscribe_url": unsubscribe_url,
            "confirmation_days": CONFIRMATION_VALID.days,
        },
        [subscription.email],
        language=subscription.language,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def subscribe(
    *, email: str, language: str, news=False, events=False, themes=(), audiences=(), by=None
) -> None:
    """Ask to subscribe ``email``: a new subscription waits for the address to be confirmed.

    The caller answers the same whatever happened, so the form tells no one whether an address
    subscribes. An address already waiting gets its confirmation again with the new choices; a
    subscribed one gets a link to its page (its choices are changed only from there).
    """
    if rate_limited_for("newsletter-link", email.lower(), limit=LINK_MAILS_PER_HOUR, period=3600):
        return
    # Tied to the account only when the address is proven the user's: the account's data
    # export must not hold an address someone else typed in.
    user = by if has_verified_email(by, email) else None
    try:
        with transaction.atomic():
            existing = Subscription.objects.select_for_update().filter(email__iexact=email).first()
            if existing is not None and existing.confirmed_at is not None:
                _mail(existing, "already_subscribed")
                return
            subscription = existing or Subscription(email=email)
            subscription.user = subscription.user or user
            subscription.language = language
            subscription.news, subscription.events = news, events
            subscription.requested_at = timezone.now()
            subscription.save()
            subscription.themes.set(themes)
            subscription.audiences.set(audiences)
            if existing is None:
                SubscriptionChange.record(
                    subscription=subscription,
                    by=by,
                    to_status=SubscriptionStatus.PENDING,
                    note=_("Tilmeldt via hjemmesiden"),
                )
            _mail(subscription, "confirm")
    except IntegrityError:
        return  # the same address subscribed at the same moment: that one's mail is on its way


@transaction.atomic
def change_choices(subscription: Subscription, *, news, events, themes, audiences, by=None):
    """The subscriber chose again on their page."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.news, subscription.events = news, events
    subscription.save(update_fields=["news", "events"])
    subscription.themes.set(themes)
    subscription.audiences.set(audiences)
    SubscriptionChange.record(
        subscription=subscription,
        by=by,
        from_status=subscription.status,
        to_status=subscription.status,
        note=_("Valgene er ændret"),
    )
    return subscription


@transaction.atomic
def confirm(subscription: Subscription, *, by=None) -> Subscription:
    """The address is confirmed: the subscription is active, and its first digest holds what
    is published from now on. Confirming twice changes nothing."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.confirmed_at is None:
        now = timezone.now()
        subscription.confirmed_at = subscription.covered_until = now
        subscription.save(update_fields=["confirmed_at", "covered_until"])
        SubscriptionChange.record(
            subscription=subscription,
            by=by,
            from_status=SubscriptionStatus.PENDING,
            to_status=SubscriptionStatus.ACTIVE,
            note=_("E-mailadressen er bekræftet"),
        )
    return subscription


def _end(subscriptions, *, by, note: str) -> int:
    """Record the end of each subscription (without its address), then delete them."""
    ended = list(subscriptions)
    for subscription in ended:
        SubscriptionChange.record(
            subscription=subscription,
            by=by,
            from_status=subscription.status,
            to_status=SubscriptionStatus.ENDED,
            note=note,
        )
    Subscription.objects.filter(pk__in=[s.pk for s in ended]).delete()
    return len(ended)


@transaction.atomic
def unsubscribe(subscription: Subscription, *, by=None, note: str | None = None) -> None:
    """End the subscription at once: the row and the address in it are deleted."""
    locked = Subscription.objects.select_for_update().filter(pk=subscription.pk)
    _end(locked, by=by, note=note or _("Afmeldt via linket i en e-mail"))


@transaction.atomic
def delete_unconfirmed(now=None) -> int:
    """Subscriptions whose confirmation link expired unused: the person never agreed."""
    now = now or timezone.now()
    stale = Subscription.objects.select_for_update(skip_locked=True).filter(
        confirmed_at__isnull=True, requested_at__lte=now - CONFIRMATION_VALID
    )
    return _end(stale, by=None, note=_("Ikke bekræftet, før linket udløb"))


def send_due_digests(now=None) -> int:
    """Send the weekly digest to each subscriber whose last one is a week old: what was
    published since then and matches their choices, in their language. Nothing new, no mail.

    Each subscriber's mail is queued in the same transaction that moves their ``covered_until``
    on, so a second run sends nothing twice (and a failed one sends nothing at all).
    """
    now = now or timezone.now()
    due = Subscription.objects.filter(
        confirmed_at__isnull=False, covered_until__lte=now - DIGEST_EVERY
    )
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            subscription = (
                due.select_for_update(skip_locked=True)
                .filter(pk=pk)
                .prefetch_related("themes", "audiences")
                .first()
            )
            if subscription is None:
                continue  # another run has it, or it has just been sent
            articles, events = selectors.digest_items(
                subscription, since=subscription.covered_until, until=now
            )
            subscription.covered_until = now
            subscription.save(update_fields=["covered_until"])
            if articles or events:
                _mail(subscription, "digest", {"articles": articles, "events": events})
                sent += 1
    return sent
