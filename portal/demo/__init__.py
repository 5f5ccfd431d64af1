"""The portal's demo themes and articles (Danish, with a few English translations).

Idempotent: themes are updated, articles that already exist (by language and slug) are left as
editors may have changed them.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal import services
from portal.demo.content import ARTICLES, CRITERION_GUIDE_KEYS, ENGLISH, START_PATHS, THEMES
from portal.demo.images import DEMO_IMAGES
from portal.models import Article, Audience, StartStep, Theme

RELATED_PER_ARTICLE = 3


@transaction.atomic
def load_themes() -> dict[str, Theme]:
    """The portal's themes, the one taxonomy every app tags with (idempotent)."""
    themes = {}
    for position, (slug, name, name_en, description) in enumerate(THEMES):
        themes[slug], _created = Theme.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "position": position,
            },
        )
    return themes


def _published_at(when) -> dt.datetime:
    if isinstance(when, dt.date):
        return timezone.make_aware(dt.datetime.combine(when, dt.time(9, 0)))
    return timezone.now() - dt.timedelta(days=when)


@transaction.atomic
def load() -> str:
    themes = load_themes()
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    created = []
    for (
        slug,
        kind,
        title,
        summary,
        body,
        theme_slugs,
        audience_slugs,
        when,
        featured,
    ) in ARTICLES:
        if Article.objects.filter(language="da", slug=slug).exists():
            continue
        article = _publish(
            Article(
                slug=slug,
                type=kind,
                title=title,
                summary=summary,
                body=body,
                featured=featured,
                author="Vækstcentret",
            ),
            relations={
                "themes": [themes[s] for s in theme_slugs],
                "audiences": [audiences[s] for s in audience_slugs],
            },
            when=when,
        )
        created.append(article)
    _relate(created)
    for slug, key in CRITERION_GUIDE_KEYS.items():
        Article.objects.filter(language="da", slug=slug, key="").update(key=key)
    for danish_slug, slug, title, summary, body in ENGLISH:
        danish = Article.objects.filter(language="da", slug=danish_slug).first()
        if danish is None or Article.objects.filter(language="en", slug=slug).exists():
            continue
        _publish(
            Article(
                slug=slug,
                language="en",
                type=danish.type,
                title=title,
                summary=summary,
                body=body,
                author="Vækstcentret",
                translation=danish,
                featured=danish.featured,
            ),
            relations={"themes": danish.themes.all(), "audiences": danish.audiences.all()},
            when=danish.publish_at.date(),
        )
        created.append(slug)
    _add_images()
    _curate_start_paths(audiences)
    return f"Portal demo: {len(created)} articles added."


def _curate_start_paths(audiences: dict) -> None:
    """Each audience's "start here" path, unless editors have chosen one already."""
    for slug, article_slugs in START_PATHS.items():
        audience = audiences.get(slug)
        if audience is None or audience.start_steps.exists():
            continue
        articles = {
            article.slug: article
            for article in Article.objects.filter(language="da", slug__in=article_slugs)
        }
        StartStep.objects.bulk_create(
            StartStep(audience=audience, article=articles[article_slug], position=position)
            for position, article_slug in enumerate(article_slugs)
            if article_slug in articles
        )


def _add_images() -> None:
    """A hero image for a few articles that have none (an editor's own image is kept)."""
    for slug, (draw, alt) in DEMO_IMAGES.items():
        article = Article.objects.filter(language="da", slug=slug, hero_image="").first()
        if article is None:
            continue
        article.hero_image = ContentFile(draw(), name="hero.png")
        article.hero_alt = alt
        services.save_article(article, by=None, change_summary="Demobillede", substantive=False)


def _publish(article: Article, *, relations: dict, when) -> Article:
    article = services.save_article(
        article, by=None, change_summary="Demoindhold", relations=relations
    )
    services.submit_for_review(article, by=None)
    published_at = _published_at(when)
    article = services.publish(article, by=None, publish_at=published_at)
    Article.objects.filter(pk=article.pk).update(last_substantive_change=published_at)
    return article


def _relate(articles: list[Article]) -> None:
    """Link each new article to a few others that share its first theme."""
    for article in articles:
        first_theme = article.themes.first()
        others = (
            Article.objects.filter(language="da", themes=first_theme)
            .exclude(pk=article.pk)
            .order_by("-publish_at")[:RELATED_PER_ARTICLE]
        )
        article.related.set(others)
