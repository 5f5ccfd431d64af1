"""The network directory: partners who opt in with a profile of what they offer and look for.

A profile is shown publicly only once staff have approved it and while its owner has not hidden
it. Status changes go through ``network.services`` and are recorded in ``ProfileChange``.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import CharField, GeneratedField
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.collation import DanishSortKey
from core.history import StatusChangeRecord, status_field

SEARCH_CONFIG = "danish_unaccent"


def _vector(*fields, weights=None):
    parts = [
        SearchVector(field, config=SEARCH_CONFIG, weight=weight)
        for field, weight in zip(fields, weights or ["A"] * len(fields), strict=True)
    ]
    vector = parts[0]
    for part in parts[1:]:
        vector = vector + part
    return vector


class ProfileQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Profile.Status.APPROVED, is_hidden=False)


class Profile(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Socialøkonomisk virksomhed")
        MUNICIPALITY = "municipality", _("Kommune")
        BUSINESS = "business", _("Virksomhed")
        OTHER = "other", _("Anden organisation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer godkendelse")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_profiles",
        verbose_name=_("ejer"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    name = models.CharField(_("navn"), max_length=200)
    about = models.TextField(_("hvem vi er"))
    offers = models.TextField(_("det tilbyder vi"))
    seeks = models.TextField(_("det søger vi"))
    region = models.ForeignKey(
        "geography.Region",
        on_delete=models.PROTECT,
        related_name="network_profiles",
        verbose_name=_("region"),
    )
    themes = models.ManyToManyField(
        "portal.Theme", blank=True, related_name="network_profiles", verbose_name=_("temaer")
    )
    website = models.URLField(_("hjemmeside"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, editable=False
    )
    is_hidden = models.BooleanField(_("skjult af ejeren"), default=False, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)
    sort_key = GeneratedField(
        expression=DanishSortKey("name"),
        output_field=CharField(max_length=200, db_collation="C"),
        db_persist=True,
    )
    search_document = GeneratedField(
        expression=_vector("name", "about", "offers", "seeks", weights=["A", "B", "A", "A"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    offers_document = GeneratedField(
        expression=SearchVector("offers", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    seeks_document = GeneratedField(
        expression=SearchVector("seeks", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("netværksprofil")
        verbose_name_plural = _("netværksprofiler")
        indexes = [
            models.Index(fields=["status", "is_hidden", "sort_key"], name="profile_public_idx"),
            models.Index(fields=["kind"], name="profile_kind_idx"),
            GinIndex(fields=["search_document"], name="profile_search_idx"),
            GinIndex(fields=["offers_document"], name="profile_offers_idx"),
            GinIndex(fields=["seeks_document"], name="profile_seeks_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED and not self.is_hidden


class ProfileChange(StatusChangeRecord):
    """One recorded change of a profile: review decisions, edits, hiding."""

    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="changes", verbose_name=_("profil")
    )
    from_status = status_field(_("fra"), Profile.Status)
    to_status = status_field(_("til"), Profile.Status)
