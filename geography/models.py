"""Reference data: Denmark's five regions and 98 municipalities with their official codes."""

from django.db import models
from django.db.models import CharField, GeneratedField
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.collation import DanishSortKey


class Region(models.Model):
    code = models.PositiveSmallIntegerField(_("regionskode"), unique=True)
    name = models.CharField(_("navn"), max_length=40, unique=True)
    sort_key = GeneratedField(
        expression=DanishSortKey("name"),
        output_field=CharField(max_length=40, db_collation="C"),
        db_persist=True,
    )

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return f"Region {self.name}"


class Municipality(models.Model):
    code = models.PositiveSmallIntegerField(_("kommunekode"), unique=True)
    name = models.CharField(_("navn"), max_length=40, unique=True)
    # The municipality's page, /kommuner/<slug>/ (geography.slugs).
    slug = models.SlugField(_("kort navn i adressen"), max_length=60, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    sort_key = GeneratedField(
        expression=DanishSortKey("name"),
        output_field=CharField(max_length=40, db_collation="C"),
        db_persist=True,
    )

    class Meta:
        ordering = ["sort_key"]
        indexes = [models.Index(fields=["sort_key"], name="municipality_sort_idx")]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("geography:municipality", kwargs={"slug": self.slug})
