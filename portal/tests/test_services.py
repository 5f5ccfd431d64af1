import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from accounts.services import ensure_verified_user
from core.state_machine import TransitionNotAllowed
from portal import services
from portal.content import render_markdown
from portal.models import Article, ArticleRevision, ArticleStatus, SearchTerm
from portal.page_cache import VERSION_KEY, content_version
from portal.tests.factories import article, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return ensure_verified_user("editor@example.org", "x-pass-123456", first_name="Eva")


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "# Overskrift\n\nTekst med [link](https://virk.dk) og <script>alert(1)</script>"
        '<img src=x onerror="alert(2)"> [farlig](javascript:alert(3))'
    )
    assert "<h2>Overskrift</h2>" in html
    assert 'href="https://virk.dk"' in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html


def test_saving_keeps_a_revision_with_who_and_what(editor):
    created = article("Første titel", by=editor, published=False)
    created.title = "Anden titel"
    services.save_article(created, by=editor, change_summary="Ny titel")

    first, second = ArticleRevision.objects.filter(article=created).order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert second.created_by == editor
    assert second.change_summary == "Ny titel"
    assert second.changed_fields == ["title"]
    assert first.snapshot["title"] == "Første titel"
    assert created.body_text.startswith("Baggrund En tekst")
    assert SearchTerm.objects.filter(word__in=["anden", "titel"]).count() == 2  # "Mente du"


def test_workflow_guards_illegal_transitions(editor):
    draft = article(by=editor, published=False)
    with pytest.raises(TransitionNotAllowed, match="“Kladde” kan ikke få status “Udgivet”"):
        services.publish(draft, by=editor)  # a draft must be reviewed first
    with pytest.raises(TransitionNotAllowed):
        services.archive(draft, by=editor)
    with pytest.raises(TransitionNotAllowed):
        services.change_status(draft, "no-such-status", by=editor)

    services.submit_for_review(draft, by=editor)
    published = services.publish(draft, by=editor)
    assert published.status == ArticleStatus.PUBLISHED
    assert published.publish_at <= timezone.now()
    assert services.archive(published, by=editor).status == ArticleStatus.ARCHIVED
    summaries = list(draft.revisions.order_by("number").values_list("change_summary", flat=True))
    assert summaries[1:] == [
        "Status: Kladde → Klar til gennemsyn",
        "Status: Klar til gennemsyn → Udgivet",
        "Status: Udgivet → Arkiveret",
    ]


def test_a_published_article_must_have_a_time_in_the_database():
    with pytest.raises(IntegrityError):
        Article.objects.create(title="x", slug="x", summary="x", body="x", status="published")


def test_scheduled_articles_appear_when_their_time_comes_without_a_job(editor):
    later = timezone.now() + dt.timedelta(hours=2)
    scheduled = article("Planlagt nyhed", by=editor, publish_at=later)
    assert scheduled.is_scheduled
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()
    assert (
        Article.objects.published(now=later + dt.timedelta(seconds=1))
        .filter(pk=scheduled.pk)
        .exists()
    )


def test_substantive_changes_move_last_updated_and_minor_ones_do_not(editor):
    created = article(by=editor, published=False)
    before = created.last_substantive_change
    created.body = "Rettet en stavefejl"
    services.save_article(created, by=editor, substantive=False)
    assert created.last_substantive_change == before
    created.body = "Ny vigtig regel"
    services.save_article(created, by=editor)
    assert created.last_substantive_change > before


def test_restoring_a_revision_brings_back_content_and_relations(editor):
    first_theme, second_theme = theme("Opstart"), theme("Finansiering")
    created = article("Original", themes=[first_theme], by=editor, published=False)
    created.title = "Ændret"
    services.save_article(created, by=editor, relations={"themes": [second_theme]})

    services.restore_revision(created.revisions.get(number=1), by=editor)

    created.refresh_from_db()
    assert created.title == "Original"
    assert list(created.themes.all()) == [first_theme]
    latest = created.revisions.first()
    assert latest.number == 3 and latest.change_summary == "Gendannet fra version 1"


def test_every_change_moves_the_content_version(editor, django_capture_on_commit_callbacks):
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        created = article(by=editor, published=False)
    assert content_version() != version
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_review(created, by=editor)
    assert content_version() != version


def test_content_version_moves_when_a_scheduled_time_passes(
    editor, django_capture_on_commit_callbacks
):
    soon = timezone.now() + dt.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        article(by=editor, publish_at=soon)
    version = content_version()
    assert content_version() == version
    from core.page_cache import page_cache

    state = page_cache.get(VERSION_KEY)
    assert state["next_publication"] == soon
    state["next_publication"] = timezone.now() - dt.timedelta(seconds=1)  # the time has come
    page_cache.set(VERSION_KEY, state, None)
    assert content_version() != version


def test_translations_are_linked_both_ways(editor):
    danish = article("Dansk", by=editor)
    english = article("English", language="en", translation=danish, by=editor)
    danish.refresh_from_db()
    assert danish.translation == english


def test_revision_comparison_speaks_the_editors_language():
    from portal.revisions import compare_revisions

    changes = compare_revisions(
        {"status": "draft", "title": "A", "publish_at": None},
        {"status": "published", "title": "A", "publish_at": "2015-01-02T08:00:00+00:00"},
    )
    assert [change.label for change in changes] == ["status", "udgives"]
    assert [(line.kind, line.text) for line in changes[0].lines] == [
        ("removed", "Kladde"),
        ("added", "Udgivet"),
    ]
    assert "2015" in changes[1].lines[0].text and "kl. 09.00" in changes[1].lines[0].text
