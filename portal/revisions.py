"""Revisions of editors' content (articles, pages): recording one after each save, and comparing
two snapshots field by field for the editors' diff view."""

import datetime as dt
import difflib
from dataclasses import dataclass

from django.utils import formats, timezone

from portal.models import (
    PAGE_EDITABLE_FIELDS,
    Article,
    ArticleStatus,
    ArticleType,
    Audience,
    ComplianceStatus,
    EvaluationMethod,
    Language,
    Page,
    Theme,
)


def _labels(model, names) -> dict:
    return {name: model._meta.get_field(name).verbose_name for name in names}


ARTICLE_LABELS = _labels(
    Article,
    [
        "title",
        "slug",
        "summary",
        "body",
        "type",
        "language",
        "author",
        "hero_image",
        "hero_alt",
        "featured",
        "themes",
        "audiences",
        "related",
        "status",
        "publish_at",
        "translation",
    ],
)
PAGE_LABELS = _labels(Page, PAGE_EDITABLE_FIELDS)
RELATED_MODELS = {"themes": Theme, "audiences": Audience, "related": Article}


@dataclass
class DiffLine:
    kind: str  # "added", "removed" or "same"
    text: str


@dataclass
class FieldChange:
    label: str
    lines: list[DiffLine]


CHOICES = {
    "status": ArticleStatus,
    "type": ArticleType,
    "language": Language,
    "compliance_status": ComplianceStatus,
    "evaluation_method": EvaluationMethod,
}


def as_written(value):
    """Text as the editor wrote it: a browser sends a textarea's line breaks as CRLF and the form
    strips the ends, so neither counts as a change."""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def record_revision(revisions, current: dict, *, by, change_summary: str):
    """Add the next revision to ``revisions`` (an object's related manager) with the snapshot
    ``current``, naming the fields that differ from the previous one (the first names the
    fields given a value: an empty field was not written)."""
    previous = revisions.order_by("-number").first()
    changed = [
        name
        for name, value in current.items()
        if (
            as_written(previous.snapshot.get(name)) != as_written(value)
            if previous
            else value not in (None, "", [])
        )
    ]
    return revisions.create(
        number=(previous.number + 1) if previous else 1,
        created_by=by if by is not None and by.is_authenticated else None,
        change_summary=change_summary[:250],
        changed_fields=changed,
        snapshot=current,
    )


def field_labels(names: list[str], labels: dict = ARTICLE_LABELS) -> str:
    return ", ".join(str(labels.get(name, name)) for name in names)


def _as_lines(name: str, value) -> list[str]:
    if name in CHOICES and value in CHOICES[name].values:
        return [str(CHOICES[name](value).label)]
    if name == "publish_at" and value:
        moment = timezone.localtime(dt.datetime.fromisoformat(value))
        return [formats.date_format(moment, "DATETIME_FORMAT")]
    if name == "evaluated_on" and value:
        return [formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT")]
    if name == "translation":
        title = Article.objects.filter(pk=value).values_list("title", flat=True).first()
        return [title] if title else []
    if name in RELATED_MODELS:
        names = (
            RELATED_MODELS[name]
            .objects.filter(pk__in=value or [])
            .values_list("title" if name == "related" else "name", flat=True)
        )
        return sorted(names)
    if value is None:
        return []
    return str(value).splitlines() or [""]


def compare_revisions(older: dict, newer: dict, labels: dict = ARTICLE_LABELS) -> list[FieldChange]:
    changes = []
    for name, label in labels.items():
        before, after = _as_lines(name, older.get(name)), _as_lines(name, newer.get(name))
        if before == after:
            continue  # equal, or differing only in line endings (older versions kept CRLF)
        lines = []
        for line in difflib.ndiff(before, after):
            marker, text = line[:2], line[2:]
            if marker == "+ ":
                lines.append(DiffLine("added", text))
            elif marker == "- ":
                lines.append(DiffLine("removed", text))
            elif marker == "  ":
                lines.append(DiffLine("same", text))
        changes.append(FieldChange(str(label), lines))
    return changes
