"""The kept filter counts always equal a count over the archive, whatever happened to it."""

import datetime as dt
import itertools

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from portal import facet_counts, services
from portal.models import Article, ArticleType, Audience, FacetCount
from portal.selectors import Filters, list_facets, readable_articles
from portal.tests.factories import article, theme

pytestmark = pytest.mark.django_db


def counted_over_the_archive(filters: Filters) -> tuple[dict, dict, dict, int]:
    """The obvious, slow way: what the kept counts must equal."""

    def counts(skip, group_by):
        rows = filters.apply(readable_articles(), skip=skip).order_by().values(group_by)
        return {row[group_by]: row["n"] for row in rows.annotate(n=Count("pk")) if row[group_by]}

    total = filters.apply(readable_articles()).count()
    return counts("theme", "themes"), counts("audience", "audiences"), counts("type", "type"), total


def assert_counts_hold():
    slugs = ["", "opstart", "penge", "findes-ikke"]
    audiences = ["", "kommune", "ivaerksaetter"]
    kinds = ["", ArticleType.GUIDE, ArticleType.NEWS]
    for theme_slug, audience, kind in itertools.product(slugs, audiences, kinds):
        filters = Filters(theme=theme_slug, audience=audience, type=kind)
        facets, total = list_facets(filters)
        themes, audience_counts, types, expected_total = counted_over_the_archive(filters)
        assert total == expected_total, filters
        shown = {value.value: value.count for value in facets.themes}
        assert {slug: n for slug, n in shown.items() if n} == {
            value.slug: themes[value.pk] for value in facets_themes() if themes.get(value.pk)
        }, filters
        by_slug = {a.slug: a.pk for a in Audience.objects.all()}
        assert {v.value: v.count for v in facets.audiences} == {
            slug: audience_counts.get(pk, 0) for slug, pk in by_slug.items()
        }, filters
        assert {v.value: v.count for v in facets.types} == {
            value: types.get(value, 0) for value in ArticleType.values
        }, filters


def facets_themes():
    from portal.models import Theme

    return Theme.objects.all()


def test_kept_counts_follow_every_change(editor_user, django_capture_on_commit_callbacks):
    start, money = theme("Opstart", "opstart"), theme("Penge", "penge")
    municipality = Audience.objects.get(slug="kommune")
    entrepreneur = Audience.objects.get(slug="ivaerksaetter")
    guide = article(themes=[start], audiences=[municipality, entrepreneur])
    news = article(type=ArticleType.NEWS, themes=[start, money], audiences=[municipality])
    article(themes=[money])  # no audience
    draft = article(themes=[money], audiences=[entrepreneur], published=False)
    article(language="en", themes=[start], audiences=[municipality])
    later = article(
        themes=[start], audiences=[entrepreneur], publish_at=timezone.now() + dt.timedelta(days=2)
    )
    assert_counts_hold()

    guide.type = ArticleType.NEWS  # retyped and retagged
    services.save_article(guide, by=editor_user, relations={"themes": [money], "audiences": []})
    services.unpublish(news, by=editor_user)
    services.submit_for_review(draft, by=editor_user)
    services.publish(draft, by=editor_user)
    assert_counts_hold()

    services.archive(draft, by=editor_user)
    services.restore_revision(guide.revisions.get(number=1), by=editor_user)
    Article.objects.filter(pk=later.pk).update(publish_at=timezone.now() - dt.timedelta(hours=1))
    assert_counts_hold()  # the scheduled article's time came: counted with no job

    later.delete()
    services.articles_changed_in_bulk()
    services.merge_theme(money, into=start)
    assert_counts_hold()


def test_rebuilding_gives_the_same_cells(editor_user):
    start = theme("Opstart", "opstart")
    article(themes=[start], audiences=list(Audience.objects.all()[:2]))
    article(themes=[start], type=ArticleType.FAQ)
    kept = set(
        FacetCount.objects.exclude(count=0).values_list("theme_id", "audience_id", "type", "count")
    )
    facet_counts.rebuild()
    rebuilt = set(FacetCount.objects.values_list("theme_id", "audience_id", "type", "count"))
    assert kept == rebuilt


def test_generated_articles_are_counted():
    call_command("generate_portal_articles", count=30, verbosity=0)
    assert_counts_hold()


@pytest.fixture
def editor_user(django_user_model):
    return django_user_model.objects.create_user("redaktoer@example.org")
