"""Reads for the public pages: a fixed number of queries each, whatever the data size."""

import json
import weakref
from dataclasses import dataclass, field
from functools import cache

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q
from django.urls import reverse
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


@dataclass(frozen=True)
class Tag:
    """A theme or an audience as an article page links to it, with the names as the models
    have them (``name`` in Danish, ``name_en``, ``display_name`` in the page's language), so
    whoever reads a Tag reads a Theme or an Audience the same way."""

    name: str
    name_en: str
    display_name: str
    url: str
    slug: str

    def __str__(self) -> str:
        return self.display_name


@dataclass(frozen=True)
class TagNames:
    """Every theme and audience by id, in the editors' order (position, then name)."""

    themes: dict[int, Tag]
    audiences: dict[int, Tag]

    def of(self, table: dict[int, Tag], ids) -> list[Tag]:
        chosen = set(ids)
        return [tag for pk, tag in table.items() if pk in chosen]


# This process's tag names: (content version, language) -> TagNames, of the version in force
# only. A theme or audience edit starts a new content version (services.pages_changed), so a
# renamed or reordered one is read afresh by the first page after it.
_tag_names: dict[tuple[str, str], TagNames] = {}


def tag_names(content_version: str | None) -> TagNames:
    """The names and links of every theme and audience in the current language.

    Read once per content version and language (one query), and kept by this process; read
    every time when the version is not known (a page that is not cached, such as a preview).
    """
    language = (get_language() or "da")[:2]
    key = (content_version, language)
    found = _tag_names.get(key) if content_version else None
    if found is None:
        found = _read_tag_names()
        if content_version:
            for old in [k for k in _tag_names if k[0] != content_version]:
                del _tag_names[old]
            _tag_names[key] = found
    return found


def _read_tag_names() -> TagNames:
    knowledge = reverse("portal:knowledge")
    themes, audiences = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT true, id, name, name_en, slug, position FROM portal_theme UNION ALL "
            "SELECT false, id, name, name_en, slug, position FROM portal_audience "
            "ORDER BY 1, 6, 3"
        )
        for is_theme, pk, name, name_en, slug, _position in cursor.fetchall():
            shown = Theme(name=name, name_en=name_en).display_name
            if is_theme:
                url = reverse("portal:theme", kwargs={"slug": slug})
                themes[pk] = Tag(name, name_en, shown, url, slug)
            else:
                url = f"{knowledge}?maalgruppe={slug}"
                audiences[pk] = Tag(name, name_en, shown, url, slug)
    return TagNames(themes, audiences)


@cache
def _article_page_sql(readable_only: bool) -> str:
    """The article, its translation, its theme and audience ids and readable related articles:
    one query.

    Written out rather than built with the ORM: building and compiling the same query with
    ``select_related``, ``only`` and three ``ArraySubquery`` annotations cost about 4 ms of CPU
    per uncached page, more than PostgreSQL spends answering it. Parameters: language, slug,
    now (the readable related articles'; the article's own too when ``readable_only``).
    """
    translation = ", ".join(f'tr."{n}"' for n in SHOWN_OF_TRANSLATION)
    readable = "AND a.status = 'published' AND a.publish_at <= %(now)s" if readable_only else ""
    return f"""
SELECT {", ".join(f'a."{name}"' for name in _shown_in_model_order())}, {translation},
  ARRAY(SELECT m.theme_id FROM portal_article_themes m WHERE m.article_id = a.id),
  ARRAY(SELECT m.audience_id FROM portal_article_audiences m WHERE m.article_id = a.id),
  (SELECT coalesce(json_agg(json_build_object('id', r.id, 'title', r.title, 'slug', r.slug,
                                              'type', r.type, 'language', r.language)
                            ORDER BY r.publish_at DESC, r.id DESC), '[]')::text
     FROM portal_article r JOIN portal_article_related m ON m.to_article_id = r.id
    WHERE m.from_article_id = a.id AND r.status = 'published' AND r.publish_at <= %(now)s
      AND r.language = %(language)s) AS related_rows
FROM portal_article a LEFT JOIN portal_article tr ON tr.id = a.translation_id
WHERE a.language = %(language)s AND a.slug = %(slug)s {readable}
"""  # noqa: S608 - no input in the text: every value is a parameter


# The article query, prepared once on each database connection (they outlive requests in the
# pool): PostgreSQL planned it on every uncached article, and planning cost it three times
# what answering did (0.35 against 0.1 ms). PREPARE lasts as long as the connection, whatever
# its transactions do; a new connection (after a restart, say) is a new key here.
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
PARAMETERS = ("language", "slug", "now")


def _prepared_article_page(readable_only: bool) -> str:
    """``EXECUTE`` of the article query, prepared on this connection first if need be."""
    name = f"portal_article_page_{'readable' if readable_only else 'any'}"
    connection.ensure_connection()
    prepared = _prepared_on.setdefault(connection.connection, set())
    if name not in prepared:
        text = _article_page_sql(readable_only)
        for number, parameter in enumerate(PARAMETERS, start=1):
            text = text.replace(f"%({parameter})s", f"${number}")
        with connection.cursor() as cursor:
            cursor.execute(f"PREPARE {name}(text, text, timestamptz) AS {text}")
        prepared.add(name)
    return f"EXECUTE {name}({', '.join(f'%({p})s' for p in PARAMETERS)})"


@cache
def _shown_in_model_order() -> tuple[str, ...]:
    """SHOWN_FIELDS in the model's field order, as ``Model.from_db`` takes them."""
    return tuple(f.attname for f in Article._meta.concrete_fields if f.attname in SHOWN_FIELDS)


def article_detail(
    slug: str, *, readable_only: bool = True, content_version: str | None = None
) -> Article | None:
    """The article with its translation, themes, audiences and readable related articles.

    The page shows the rendered HTML: the source, the plain text and the vectors stay in TOAST.
    Themes and audiences come as ids, named from ``tag_names`` (``content_version``: the
    version the page is cached under, if any).
    """
    params = {
        "language": (get_language() or "da")[:2],
        "slug": slug,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(_prepared_article_page(readable_only), params)
        row = cursor.fetchone()
    if row is None:
        return None
    shown = _shown_in_model_order()
    values = list(row[: len(shown)])
    renditions = shown.index("hero_renditions")
    values[renditions] = Article._meta.get_field("hero_renditions").from_db_value(
        values[renditions], None, connection
    )
    article = Article.from_db(connection.alias, shown, values)
    translation, theme_ids, audience_ids, related = _split(row[len(shown) :])
    article.translation = (
        Article(**dict(zip(SHOWN_OF_TRANSLATION, translation, strict=True)))
        if translation[0] is not None
        else None
    )
    names = tag_names(content_version)
    article.shown_themes = names.of(names.themes, theme_ids)
    article.shown_audiences = names.of(names.audiences, audience_ids)
    article.readable_related = [Article(**fields) for fields in json.loads(related)]
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


def _split(rest: tuple) -> tuple:
    count = len(SHOWN_OF_TRANSLATION)
    return (rest[:count], *rest[count:])
