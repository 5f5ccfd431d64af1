"""Subscriptions to the weekly digest of news, events, themes and audiences (double opt-in).

A subscription is inactive (``confirmed_at`` empty) until its address is confirmed by the mailed
secret link; one never confirmed is deleted once its link has expired. Unsubscribing deletes
the row: nothing is kept about an address that no longer wants mail. The change history keeps
no address, so it outlives the row.
"""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import secret_links
from core.history import StatusChangeRecord, status_field
from portal.models import Language

# How long the confirmation link works; an unconfirmed subscription is deleted after it.
CONFIRMATION_VALID = dt.timedelta(days=3)


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Afventer bekræftelse")
    ACTIVE = "active", _("Aktiv")
    ENDED = "ended", _("Afmeldt")


class Subscription(models.Model):
    email = models.EmailField(_("e-mailadresse"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
        verbose_name=_("bruger"),
    )
    language = models.CharField(
        _("sprog"), max_length=10, choices=Language, default=settings.LANGUAGE_CODE
    )
    news = models.BooleanField(_("nyheder og artikler"), default=False)
    events = models.BooleanField(_("arrangementer"), default=False)
    themes = models.ManyToManyField(
        "portal.Theme",
        blank=True,
        related_name="newsletter_subscriptions",
        verbose_name=_("temaer"),
    )
    audiences = models.ManyToManyField(
        "portal.Audience",
        blank=True,
        related_name="newsletter_subscriptions",
        verbose_name=_("målgrupper"),
    )
    requested_at = models.DateTimeField(_("bekræftelse sendt"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)
    # Everything published up to this moment has been in a digest (or came before the
    # subscription); the next digest holds what is newer.
    covered_until = models.DateTimeField(_("seneste oversigt"), null=True, blank=True)
    link_hashes = secret_links.hashes_field()
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscription_once_per_address"),
        ]
        indexes = [
            GinIndex(fields=["link_hashes"], name="subscription_links_idx"),
            models.Index(
                fields=["covered_until"],
                name="subscription_digest_due_idx",
                condition=Q(confirmed_at__isnull=False),
            ),
            models.Index(
                fields=["requested_at"],
                name="subscription_unconfirmed_idx",
                condition=Q(confirmed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def status(self) -> str:
        return SubscriptionStatus.ACTIVE if self.confirmed_at else SubscriptionStatus.PENDING

    def get_status_display(self) -> str:
        return SubscriptionStatus(self.status).label

    def link_expired(self, now=None) -> bool:
        """A confirmed subscription's links work until it ends; the confirmation link for a
        while (the unconfirmed subscription is deleted after that)."""
        return (
            self.confirmed_at is None
            and self.requested_at <= (now or timezone.now()) - CONFIRMATION_VALID
        )


class SubscriptionChange(StatusChangeRecord):
    """One change of a subscription. Kept, without the address, after the subscription ends."""

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("abonnement"),
    )
    from_status = status_field(_("fra"), SubscriptionStatus)
    to_status = status_field(_("til"), SubscriptionStatus)
