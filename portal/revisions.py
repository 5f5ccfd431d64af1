"""Compare two revision snapshots field by field, for the editors' diff view."""

import datetime as dt
import difflib
from dataclasses import dataclass

from django.utils import formats, timezone

from portal.models import Article, ArticleStatus, ArticleType, Audience, Language, Theme

FIELD_LABELS = {
    "title": Article._meta.get_field("title").verbose_name,
    "slug": Article._meta.get_field("slug").verbose_name,
    "summary": Article._meta.get_field("summary").verbose_name,
    "body": Article._meta.get_field("body").verbose_name,
    "type": Article._meta.get_field("type").verbose_name,
    "language": Article._meta.get_field("language").verbose_name,
    "author": Article._meta.get_field("author").verbose_name,
    "hero_image": Article._meta.get_field("hero_image").verbose_name,
    "hero_alt": Article._meta.get_field("hero_alt").verbose_name,
    "featured": Article._meta.get_field("featured").verbose_name,
    "themes": Article._meta.get_field("themes").verbose_name,
    "audiences": Article._meta.get_field("audiences").verbose_name,
    "related": Article._meta.get_field("related").verbose_name,
    "status": Article._meta.get_field("status").verbose_name,
    "publish_at": Article._meta.get_field("publish_at").verbose_name,
    "translation": Article._meta.get_field("translation").verbose_name,
}
RELATED_MODELS = {"themes": Theme, "audiences": Audience, "related": Article}


@dataclass
class DiffLine:
    kind: str  # "added", "removed" or "same"
    text: str


@dataclass
class FieldChange:
    label: str
    lines: list[DiffLine]


CHOICES = {"status": ArticleStatus, "type": ArticleType, "language": Language}


def field_labels(names: list[str]) -> str:
    return ", ".join(str(FIELD_LABELS.get(name, name)) for name in names)


def _as_lines(name: str, value) -> list[str]:
    if name in CHOICES and value in CHOICES[name].values:
        return [str(CHOICES[name](value).label)]
    if name == "publish_at" and value:
        moment = timezone.localtime(dt.datetime.fromisoformat(value))
        return [formats.date_format(moment, "DATETIME_FORMAT")]
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


def compare_revisions(older: dict, newer: dict) -> list[FieldChange]:
    changes = []
    for name, label in FIELD_LABELS.items():
        if older.get(name) == newer.get(name):
            continue
        lines = []
        for line in difflib.ndiff(
            _as_lines(name, older.get(name)), _as_lines(name, newer.get(name))
        ):
            marker, text = line[:2], line[2:]
            if marker == "+ ":
                lines.append(DiffLine("added", text))
            elif marker == "- ":
                lines.append(DiffLine("removed", text))
            elif marker == "  ":
                lines.append(DiffLine("same", text))
        changes.append(FieldChange(str(label), lines))
    return changes
