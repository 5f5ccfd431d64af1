"""State changes of articles: saving (with a revision), the editorial workflow and restoring.

Every function here records an ``ArticleRevision`` (who, when, which fields, why) and bumps the
page cache's content version, so readers never see a stale page.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.state_machine import StateMachine, Transition
from portal import facet_counts
from portal.content import plain_text, render_markdown
from portal.images import delete_renditions, make_renditions
from portal.models import (
    PAGE_EDITABLE_FIELDS,
    PAGE_MARKDOWN_PARTS,
    Article,
    ArticleRevision,
    ArticleStatus,
    Page,
    PageRevision,
    SearchTerm,
    Theme,
)
from portal.page_cache import bump_content_version
from portal.revisions import as_written, record_revision
from portal.vocabulary import words_in

# The workflow, keyed by the status an editor moves an article to.
WORKFLOW = StateMachine(
    {
        ArticleStatus.DRAFT: Transition(
            (ArticleStatus.REVIEW, ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED),
            ArticleStatus.DRAFT,
        ),
        ArticleStatus.REVIEW: Transition((ArticleStatus.DRAFT,), ArticleStatus.REVIEW),
        ArticleStatus.PUBLISHED: Transition((ArticleStatus.REVIEW,), ArticleStatus.PUBLISHED),
        ArticleStatus.ARCHIVED: Transition((ArticleStatus.PUBLISHED,), ArticleStatus.ARCHIVED),
    },
    refused_message=gettext_lazy(
        "En artikel med status “%(status)s” kan ikke få status “%(target)s”."
    ),
)
SUBSTANTIVE_FIELDS = ("title", "summary", "body")
SNAPSHOT_FIELDS = (
    "title",
    "slug",
    "summary",
    "body",
    "type",
    "language",
    "author",
    "hero_alt",
    "featured",
)
SNAPSHOT_RELATIONS = ("themes", "audiences", "related")


def snapshot(article: Article) -> dict:
    data = {name: getattr(article, name) for name in SNAPSHOT_FIELDS}
    for name in SNAPSHOT_RELATIONS:
        data[name] = sorted(getattr(article, name).values_list("pk", flat=True))
    data["hero_image"] = article.hero_image.name or ""  # the stored original, kept for restoring
    data["status"] = article.status
    data["publish_at"] = article.publish_at.isoformat() if article.publish_at else None
    data["translation"] = article.translation_id
    return data


def _record_revision(article: Article, *, by, change_summary: str) -> ArticleRevision:
    return record_revision(
        article.revisions, snapshot(article), by=by, change_summary=change_summary
    )


def remember_words(*texts: str) -> None:
    """Add the texts' words to the vocabulary for "Mente du …?"."""
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word) for word in sorted(words_in(*texts))], ignore_conflicts=True
    )


def _render(article: Article) -> None:
    article.body_html = render_markdown(article.body)
    article.body_text = plain_text(article.body_html)


@transaction.atomic
def save_article(
    article: Article,
    *,
    by,
    change_summary: str = "",
    relations: dict | None = None,
    substantive: bool = True,
) -> Article:
    """Create or update an article and keep a revision of the result.

    ``relations`` maps "themes", "audiences" and "related" to the objects to set.
    ``substantive=False`` (a typo fix) leaves "Sidst opdateret" alone.
    """
    creating = article.pk is None
    counted_before = facet_counts.counted_state(article.pk)
    previous_image, previous_renditions = "", []
    if not creating:
        stored = Article.objects.only(*SUBSTANTIVE_FIELDS, "hero_image", "hero_renditions").get(
            pk=article.pk
        )
        changed_text = any(
            getattr(stored, name) != getattr(article, name) for name in SUBSTANTIVE_FIELDS
        )
        previous_image, previous_renditions = stored.hero_image.name, stored.hero_renditions
    if creating or (substantive and changed_text):
        article.last_substantive_change = timezone.now()
    if article.status == ArticleStatus.PUBLISHED and article.publish_at is None:
        article.publish_at = timezone.now()  # clearing a scheduled time publishes at once
    _render(article)
    article.save()
    if (article.hero_image.name or "") != (previous_image or ""):
        _replace_renditions(article, previous_renditions)
    remember_words(article.title, article.summary)
    for name, objects in (relations or {}).items():
        getattr(article, name).set(objects)
    facet_counts.record_change(counted_before, facet_counts.counted_state(article.pk))
    if article.translation_id:
        Article.objects.filter(pk=article.translation_id).exclude(translation=article).update(
            translation=article
        )
    summary = change_summary or (_("Oprettet") if creating else _("Redigeret"))
    _record_revision(article, by=by, change_summary=summary)
    transaction.on_commit(bump_content_version)
    return article


def _replace_renditions(article: Article, previous: list[dict]) -> None:
    """A new or removed hero image: resize it now, once, and drop the old sizes after commit."""
    article.hero_renditions = (
        make_renditions(article.hero_image.name, prefix=str(article.pk))
        if article.hero_image
        else []
    )
    Article.objects.filter(pk=article.pk).update(hero_renditions=article.hero_renditions)
    article.__dict__.pop("hero", None)
    if previous:
        transaction.on_commit(lambda: delete_renditions(previous))


def allowed_transitions(article: Article) -> list[str]:
    return WORKFLOW.allowed(article)


@transaction.atomic
def change_status(article: Article, to: str, *, by, publish_at=None) -> Article:
    """Move an article along the workflow; anything not in ``WORKFLOW`` is refused
    (``TransitionNotAllowed``)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    WORKFLOW.check(article, to)
    previous = article.status
    counted_before = facet_counts.counted_state(article.pk)
    article.status = to
    if to == ArticleStatus.PUBLISHED:
        article.publish_at = publish_at or article.publish_at or timezone.now()
    article.save(update_fields=["status", "publish_at", "updated_at"])
    facet_counts.record_change(counted_before, facet_counts.counted_state(article.pk))
    summary = _("Status: %(from)s → %(to)s") % {
        "from": ArticleStatus(previous).label,
        "to": ArticleStatus(to).label,
    }
    if to == ArticleStatus.PUBLISHED and article.publish_at > timezone.now():
        summary += " " + _("(planlagt til %(when)s)") % {
            "when": timezone.localtime(article.publish_at).strftime("%d.%m.%Y %H:%M")
        }
    _record_revision(article, by=by, change_summary=summary)
    transaction.on_commit(bump_content_version)
    return article


def submit_for_review(article: Article, *, by) -> Article:
    return change_status(article, ArticleStatus.REVIEW, by=by)


def publish(article: Article, *, by, publish_at=None) -> Article:
    """Publish now, or at ``publish_at`` (or the article's own scheduled time) if later."""
    return change_status(article, ArticleStatus.PUBLISHED, by=by, publish_at=publish_at)


def unpublish(article: Article, *, by) -> Article:
    return change_status(article, ArticleStatus.DRAFT, by=by)


def archive(article: Article, *, by) -> Article:
    return change_status(article, ArticleStatus.ARCHIVED, by=by)


@transaction.atomic
def restore_revision(revision: ArticleRevision, *, by) -> Article:
    """Bring back an earlier version's content; the status stays, a new revision records it."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    data = revision.snapshot
    for name in SNAPSHOT_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    if "hero_image" in data:
        article.hero_image = data["hero_image"]  # a different image gets its renditions again
    relations = {
        name: getattr(article, name).model.objects.filter(pk__in=data.get(name, []))
        for name in SNAPSHOT_RELATIONS
    }
    return save_article(
        article,
        by=by,
        change_summary=_("Gendannet fra version %(number)s") % {"number": revision.number},
        relations=relations,
    )


@transaction.atomic
def merge_theme(duplicate: Theme, into: Theme) -> None:
    """One taxonomy: move every link to ``duplicate`` (articles, events, profiles ...) to ``into``.

    Works for any model that tags with themes, without knowing it. Links that ``into`` already
    has are dropped rather than doubled; then the duplicate is deleted.
    """
    for relation in Theme._meta.related_objects:
        if not relation.many_to_many:
            continue
        through = relation.through
        theme_column = relation.field.m2m_reverse_field_name()
        owner_column = relation.field.m2m_field_name()
        links = through.objects.filter(**{theme_column: duplicate})
        kept = through.objects.filter(**{theme_column: into}).values(f"{owner_column}_id")
        links.filter(**{f"{owner_column}_id__in": kept}).delete()
        links.update(**{theme_column: into})
    duplicate.delete()
    articles_changed_in_bulk()


def articles_changed_in_bulk() -> None:
    """Deleted articles or moved theme links: count the filters afresh and refresh the pages."""
    facet_counts.rebuild()
    pages_changed()


def pages_changed() -> None:
    """Deleted articles or changed themes (the admin logs who did it) leave cached pages at once."""
    transaction.on_commit(bump_content_version)


# --- Pages (about, privacy, accessibility statement) ----------------------------------------


def page_snapshot(page: Page) -> dict:
    data = {name: as_written(getattr(page, name)) for name in PAGE_EDITABLE_FIELDS}
    data["evaluated_on"] = page.evaluated_on.isoformat() if page.evaluated_on else None
    return data


def render_page(page: Page) -> None:
    """The sanitised HTML of each Markdown part, kept so a reader's request renders none."""
    page.parts_html = {name: render_markdown(getattr(page, name)) for name in PAGE_MARKDOWN_PARTS}


@transaction.atomic
def save_page(page: Page, *, by, change_summary: str = "", substantive: bool = True) -> Page:
    """Save an editor's change to a page, with a revision; readers see it at once.

    ``substantive=False`` (a typo fix) leaves "Sidst opdateret" alone.
    """
    stored = Page.objects.get(pk=page.pk)
    if substantive and page_snapshot(stored) != page_snapshot(page):
        page.last_substantive_change = timezone.now()
    render_page(page)
    page.updated_by = by if by is not None and by.is_authenticated else None
    page.save()
    record_revision(
        page.revisions,
        page_snapshot(page),
        by=by,
        change_summary=change_summary or _("Redigeret"),
    )
    transaction.on_commit(bump_content_version)
    return page


@transaction.atomic
def restore_page_revision(revision: PageRevision, *, by) -> Page:
    page = Page.objects.select_for_update().get(pk=revision.page_id)
    for name, value in revision.snapshot.items():
        if name == "evaluated_on":
            value = dt.date.fromisoformat(value) if value else None
        if name in PAGE_EDITABLE_FIELDS:
            setattr(page, name, value)
    return save_page(
        page,
        by=by,
        change_summary=_("Gendannet fra version %(number)s") % {"number": revision.number},
    )
