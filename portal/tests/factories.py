"""Articles for tests, created through the services as editors create them."""

import itertools

from django.utils import timezone

from portal import services
from portal.models import Article, ArticleStatus, ArticleType, Theme

_numbers = itertools.count(1)


def theme(name: str = "Opstart", slug: str | None = None) -> Theme:
    number = next(_numbers)
    return Theme.objects.get_or_create(
        slug=slug or f"tema-{number}", defaults={"name": name, "name_en": name}
    )[0]


def article(
    title: str | None = None,
    *,
    summary: str = "En kort manchet om socialøkonomiske virksomheder.",
    body: str = "## Baggrund\n\nEn tekst om at drive en **socialøkonomisk virksomhed**.",
    type: str = ArticleType.GUIDE,
    themes=(),
    audiences=(),
    language: str = "da",
    published: bool = True,
    publish_at=None,
    by=None,
    **fields,
) -> Article:
    number = next(_numbers)
    created = services.save_article(
        Article(
            title=title or f"Artikel nummer {number}",
            slug=fields.pop("slug", f"artikel-{number}"),
            summary=summary,
            body=body,
            type=type,
            language=language,
            **fields,
        ),
        by=by,
        relations={"themes": list(themes), "audiences": list(audiences)},
    )
    if published:
        created.status = ArticleStatus.REVIEW
        created.save(update_fields=["status"])
        created = services.publish(created, by=by, publish_at=publish_at or timezone.now())
    return created
