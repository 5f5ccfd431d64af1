"""Taxonomy shared across the site: themes and audiences.

Articles, events and network profiles are tagged with them, so the reader can follow one theme or
one audience across the whole portal.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    name = models.CharField(_("navn"), max_length=100)
    name_en = models.CharField(_("navn på engelsk"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Danish."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Theme(BilingualName):
    slug = models.SlugField(_("kort navn i adressen"), max_length=100, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")

    def get_absolute_url(self) -> str:
        return reverse("portal:theme", kwargs={"slug": self.slug})


class Audience(BilingualName):
    """Who content is for: entrepreneurs, enterprises, municipalities, job centres, ..."""

    slug = models.SlugField(_("kort navn i adressen"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
