"""The shape every app's change history shares: who changed what, when, from which status to
which.

An app's history model subclasses ``StatusChangeRecord``, adds the foreign key to what changed
and declares its two status columns with ``status_field`` and its own status choices. The
services write rows through ``record``; staff read them with ``core.admin.RecordInline``.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def local_time_label(value: dt.datetime | None) -> str:
    """When a change happened as people here read it: local time, never the stored UTC, in the
    language's ``DATETIME_FORMAT`` ("27. nov. 2026 kl. 01.48"), so a history reads like every
    moment the admin writes by itself."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def status_field(verbose_name, choices, *, blank: bool = True) -> models.CharField:
    """A ``from_status``/``to_status`` column holding one of the app's status values."""
    return models.CharField(verbose_name, max_length=20, choices=choices, blank=blank)


class StatusChangeRecord(models.Model):
    changed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ændret af"),
    )
    note = models.CharField(_("hvad"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "pk"]
        verbose_name = _("ændring")
        verbose_name_plural = _("historik")

    def __str__(self) -> str:
        return self.note

    @classmethod
    def record(cls, *, by=None, from_status="", to_status="", note="", **fields):
        """Write one change. ``fields`` name what changed (``profile=profile``), and
        ``changed_at`` where the service needs the same time in another column too.

        ``by`` may be the request's anonymous user: the change is then recorded as made by nobody.
        """
        return cls._default_manager.create(
            changed_by=by if by is not None and by.is_authenticated else None,
            from_status=from_status,
            to_status=to_status,
            note=note,
            **fields,
        )
