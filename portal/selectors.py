"""Reads for the public pages: a fixed number of queries each, whatever the data size."""

import json
from dataclasses import dataclass, field
from functools import cache

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from core.desk import WorkList, first_rows
from portal.facet_counts import ANY_ID, ANY_TYPE, readable_counts
from portal.models import Article, ArticleStatus, ArticleType, Audience, Page, Theme, news_cutoff

PAGE_SIZE = 10


@dataclass
class Filters:
    theme: str = ""
    audience: str = ""
    type: str = ""

    @classmethod
    def from_query(cls, params) -> "Filters":
        kind = params.get("type", "")
        return cls(
            theme=params.get("tema", "").replace("\x00", "")[:100],
            audience=params.get("maalgruppe", "").replace("\x00", "")[:60],
            type=kind if kind in ArticleType.values else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.theme or self.audience or self.type)

    def apply(self, queryset, *, skip: str = ""):
        if self.theme and skip != "theme":
            queryset = queryset.filter(themes__slug=self.theme)
        if self.audience and skip != "audience":
            queryset = queryset.filter(audiences__slug=self.audience)
        if self.type and skip != "type":
            queryset = queryset.filter(type=self.type)
        return queryset


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    themes: list[FacetValue] = field(default_factory=list)
    audiences: list[FacetValue] = field(default_factory=list)
    types: list[FacetValue] = field(default_factory=list)

    @property
    def selected_count(self) -> int:
        return sum(value.selected for _title, values in self.groups for value in values)

    @property
    def groups(self) -> list[tuple[str, list[FacetValue]]]:
        return [(_("Tema"), self.themes), (_("Målgruppe"), self.audiences), (_("Type"), self.types)]


def readable_articles(language: str | None = None):
    return Article.objects.published().in_language(language)


def _build_facets(
    filters: Filters,
    *,
    themes: dict,
    audiences: dict,
    types: dict,
    all_themes=None,
    all_audiences=None,
) -> Facets:
    """Facet values with their counts; ``themes`` and ``audiences`` are keyed by primary key."""
    theme_counts, audience_counts, type_counts = themes, audiences, types
    return Facets(
        themes=[
            FacetValue(t.slug, t.display_name, theme_counts.get(t.pk, 0), t.slug == filters.theme)
            for t in (Theme.objects.all() if all_themes is None else all_themes)
            if theme_counts.get(t.pk) or t.slug == filters.theme
        ],
        audiences=[
            FacetValue(
                a.slug, a.display_name, audience_counts.get(a.pk, 0), a.slug == filters.audience
            )
            for a in (Audience.objects.all() if all_audiences is None else all_audiences)
        ],
        types=[
            FacetValue(value, label, type_counts.get(value, 0), value == filters.type)
            for value, label in ArticleType.choices
        ],
    )


def knowledge_list(filters: Filters, page_number) -> tuple:
    """One page of readable articles with the filters applied, and the facet counts."""
    # One theme and one audience at a time: the joins cannot repeat an article, no DISTINCT.
    articles = filters.apply(readable_articles()).for_listing()
    facets, total = list_facets(filters)
    paginator = Paginator(articles, PAGE_SIZE)
    paginator.count = total  # from the counts: no COUNT over the archive
    return paginator.get_page(page_number), facets


def list_facets(filters: Filters) -> tuple[Facets, int]:
    """Counts per theme, audience and type, each given the other two filters, and the total.

    Looked up in the kept counts (``portal.facet_counts``), never counted over the archive:
    four small queries whatever the archive's size.
    """
    themes, audiences = list(Theme.objects.all()), list(Audience.objects.all())
    unknown = -1  # a filter by a slug that does not exist matches nothing

    def chosen(slug, choices):
        if not slug:
            return ANY_ID
        return next((choice.pk for choice in choices if choice.slug == slug), unknown)

    theme, audience = chosen(filters.theme, themes), chosen(filters.audience, audiences)
    kind = filters.type or ANY_TYPE
    cube = readable_counts((get_language() or "da")[:2])
    return _build_facets(
        filters,
        themes={t.pk: cube.get((t.pk, audience, kind), 0) for t in themes},
        audiences={a.pk: cube.get((theme, a.pk, kind), 0) for a in audiences},
        types={value: cube.get((theme, audience, value), 0) for value in ArticleType.values},
        all_themes=themes,
        all_audiences=audiences,
    ), cube.get((theme, audience, kind), 0)


def readable_listing(filters: Filters, language: str):
    """Readable articles in ``language`` with the filters applied, newest first, with their
    themes and audiences (the open API's list; a slug that does not exist matches nothing)."""
    audiences = Audience.objects.only("id", "name", "name_en", "slug")
    return (
        filters.apply(readable_articles(language))
        .for_listing()
        .prefetch_related(Prefetch("audiences", queryset=audiences))
    )


def readable_total(filters: Filters, language: str) -> int:
    """How many articles ``readable_listing`` holds, from the kept counts, as the list shows."""
    with override(language):
        return list_facets(filters)[1]


def home_content() -> dict:
    articles = readable_articles().for_listing()
    return {
        "featured_guides": list(articles.filter(type=ArticleType.GUIDE, featured=True)[:3]),
        "latest_news": list(
            articles.filter(type=ArticleType.NEWS, publish_at__gte=news_cutoff())[:4]
        ),
    }


def start_path(audience: Audience) -> list[Article]:
    """The audience's "start here" articles in the editors' order, in the reader's language: a
    step chosen in one language shows its translation, and a step with neither is left out."""
    positions = {}
    steps = audience.start_steps.values_list("article_id", "article__translation_id")
    for position, ids in enumerate(steps):
        for pk in ids:
            if pk:
                positions.setdefault(pk, position)
    found = (
        readable_articles()
        .for_listing()
        .filter(Q(pk__in=positions) | Q(translation_id__in=positions))
    )
    by_position = {}
    for article in found:
        position = positions.get(article.pk, positions.get(article.translation_id))
        by_position.setdefault(position, article)
    return [by_position[position] for position in sorted(by_position)]


def history_news():
    """News from before the cutoff, newest first: the centre's history, still reachable."""
    return list(
        readable_articles()
        .for_listing()
        .filter(type=ArticleType.NEWS, publish_at__lt=news_cutoff())
    )


# What the article page shows of the article and of its translation.
SHOWN_FIELDS = (
    "id", "title", "slug", "summary", "body_html", "type", "hero_image", "hero_alt",
    "hero_renditions", "author", "language", "status", "publish_at", "updated_at",
    "last_substantive_change", "translation_id",
)  # fmt: skip
SHOWN_OF_TRANSLATION = ("id", "language", "slug", "status", "publish_at")


@cache
def _article_page_sql(readable_only: bool) -> str:
    """The article, its translation, themes, audiences and readable related articles: one query.

    Written out rather than built with the ORM: building and compiling the same query with
    ``select_related``, ``only`` and three ``ArraySubquery`` annotations cost about 4 ms of CPU
    per uncached page, more than PostgreSQL spends answering it. Parameters: language, slug,
    now (the readable related articles'; the article's own too when ``readable_only``).
    """
    translation = ", ".join(f'tr."{n}" AS "translation__{n}"' for n in SHOWN_OF_TRANSLATION)
    tags = "json_build_object('id', t.id, 'name', t.name, 'name_en', t.name_en, 'slug', t.slug)"
    readable = "AND a.status = 'published' AND a.publish_at <= %(now)s" if readable_only else ""
    return f"""
SELECT {", ".join(f'a."{name}"' for name in SHOWN_FIELDS)}, {translation},
  (SELECT coalesce(json_agg({tags} ORDER BY t.position, t.name), '[]')::text
     FROM portal_theme t JOIN portal_article_themes m ON m.theme_id = t.id
    WHERE m.article_id = a.id) AS theme_rows,
  (SELECT coalesce(json_agg({tags} ORDER BY t.position, t.name), '[]')::text
     FROM portal_audience t JOIN portal_article_audiences m ON m.audience_id = t.id
    WHERE m.article_id = a.id) AS audience_rows,
  (SELECT coalesce(json_agg(json_build_object('id', r.id, 'title', r.title, 'slug', r.slug,
                                              'type', r.type, 'language', r.language)
                            ORDER BY r.publish_at DESC, r.id DESC), '[]')::text
     FROM portal_article r JOIN portal_article_related m ON m.to_article_id = r.id
    WHERE m.from_article_id = a.id AND r.status = 'published' AND r.publish_at <= %(now)s
      AND r.language = %(language)s) AS related_rows
FROM portal_article a LEFT JOIN portal_article tr ON tr.id = a.translation_id
WHERE a.language = %(language)s AND a.slug = %(slug)s {readable}
"""  # noqa: S608 - no input in the text: every value is a parameter


def article_detail(slug: str, *, readable_only: bool = True) -> Article | None:
    """The article with its translation, themes, audiences and readable related articles.

    The page shows the rendered HTML: the source, the plain text and the vectors stay in TOAST.
    """
    params = {
        "language": (get_language() or "da")[:2],
        "slug": slug,
        "now": timezone.now(),
    }
    found = list(Article.objects.raw(_article_page_sql(readable_only), params))
    if not found:
        return None
    [article] = found
    translation = {name: getattr(article, f"translation__{name}") for name in SHOWN_OF_TRANSLATION}
    article.translation = Article(**translation) if translation["id"] is not None else None
    article.shown_themes = [Theme(**row) for row in json.loads(article.theme_rows)]
    article.shown_audiences = [Audience(**row) for row in json.loads(article.audience_rows)]
    article.readable_related = [Article(**row) for row in json.loads(article.related_rows)]
    return article


def articles_awaiting_review() -> WorkList:
    """For the editors' desk: articles sent for review, the longest waiting first."""
    return first_rows(
        Article.objects.filter(status=ArticleStatus.REVIEW)
        .only("title", "language", "author", "updated_at")
        .order_by("updated_at", "pk")
    )


def editable_page(key: str) -> Page:
    """An editor-owned page in the reader's language, or in Danish when it has no translation
    (one query)."""
    language = (get_language() or "da")[:2]
    pages = {
        page.language: page for page in Page.objects.filter(key=key, language__in={language, "da"})
    }
    page = pages.get(language) or pages.get("da")
    if page is None:
        raise Page.DoesNotExist(key)
    return page


def article_urls_by_key(keys) -> dict[str, str]:
    """The address of the published Danish article with each stable key, or of its published
    translation for a reader in English (one query; a key without a published article is left
    out, so no link leads to a missing page)."""
    english = (get_language() or "da")[:2] == "en"
    found = (
        Article.objects.published()
        .filter(language="da", key__in=list(keys))
        .select_related("translation")
        .only(
            "key",
            "slug",
            "language",
            "status",
            "publish_at",
            "translation__slug",
            "translation__language",
            "translation__status",
            "translation__publish_at",
        )
    )
    urls = {}
    for article in found:
        shown = article.translation if english and article.translation else article
        urls[article.key] = (shown if shown.is_visible else article).get_absolute_url()
    return urls
