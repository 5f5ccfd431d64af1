"""Reads for the public pages: a fixed number of queries each, whatever the data size."""

import difflib
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.models import SEARCH_CONFIG, Article, ArticleType, Audience, Theme

PAGE_SIZE = 10
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"
TYPO_THRESHOLD = 0.45


@dataclass
class Filters:
    theme: str = ""
    audience: str = ""
    type: str = ""

    @classmethod
    def from_query(cls, params) -> "Filters":
        kind = params.get("type", "")
        return cls(
            theme=params.get("tema", "")[:100],
            audience=params.get("maalgruppe", "")[:60],
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
    def groups(self) -> list[tuple[str, list[FacetValue]]]:
        return [(_("Tema"), self.themes), (_("Målgruppe"), self.audiences), (_("Type"), self.types)]


def readable_articles(language: str | None = None):
    return Article.objects.published().in_language(language)


def _counts(base, filters: Filters, facet: str, group_by: str) -> dict:
    rows = filters.apply(base, skip=facet).order_by().values(group_by).annotate(count=Count("pk"))
    return {row[group_by]: row["count"] for row in rows}


def facets_for(base, filters: Filters) -> Facets:
    """Counts per theme, audience and type, each given the other two filters (4 + 1 queries)."""
    theme_counts = _counts(base, filters, "theme", "themes")
    audience_counts = _counts(base, filters, "audience", "audiences")
    type_counts = _counts(base, filters, "type", "type")
    audiences = list(Audience.objects.all())
    return Facets(
        themes=[
            FacetValue(t.slug, t.display_name, theme_counts.get(t.pk, 0), t.slug == filters.theme)
            for t in Theme.objects.all()
            if theme_counts.get(t.pk) or t.slug == filters.theme
        ],
        audiences=[
            FacetValue(
                a.slug, a.display_name, audience_counts.get(a.pk, 0), a.slug == filters.audience
            )
            for a in audiences
        ],
        types=[
            FacetValue(value, label, type_counts.get(value, 0), value == filters.type)
            for value, label in ArticleType.choices
        ],
    )


def knowledge_list(filters: Filters, page_number) -> tuple:
    """One page of readable articles with the filters applied, and the facet counts."""
    base = readable_articles()
    # One theme and one audience at a time: the joins cannot repeat an article, no DISTINCT.
    articles = filters.apply(base).for_listing()
    page = Paginator(articles, PAGE_SIZE).get_page(page_number)
    return page, facets_for(base, filters)


def home_content() -> dict:
    articles = readable_articles().for_listing()
    return {
        "featured_guides": list(articles.filter(type=ArticleType.GUIDE, featured=True)[:3]),
        "latest_news": list(articles.filter(type=ArticleType.NEWS)[:4]),
    }


def article_detail(slug: str, *, readable_only: bool = True) -> Article | None:
    queryset = readable_articles() if readable_only else Article.objects.in_language()
    return (
        queryset.filter(slug=slug)
        .select_related("translation")
        .prefetch_related(
            "themes",
            "audiences",
            Prefetch(
                "related",
                queryset=readable_articles().only(
                    "id", "title", "slug", "summary", "type", "language"
                ),
                to_attr="readable_related",
            ),
        )
        .first()
    )


# --- Search --------------------------------------------------------------------------------


@dataclass
class SearchResult:
    query: str
    page: object = None
    facets: Facets | None = None
    suggestion: str = ""
    typo_matches: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page else 0


def _highlighted(text: str) -> str:
    """ts_headline output is escaped, then only our own markers become <mark>."""
    return mark_safe(  # noqa: S308 - the text is escaped first
        escape(text).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def search(query_text: str, filters: Filters, page_number) -> SearchResult:
    query_text = " ".join(query_text.split())[:200]
    result = SearchResult(query=query_text)
    if not query_text:
        return result
    query = SearchQuery(query_text, search_type="websearch", config=SEARCH_CONFIG)
    base = readable_articles().filter(search_vector=query)
    headline = {
        "config": SEARCH_CONFIG,
        "start_sel": HIGHLIGHT_START,
        "stop_sel": HIGHLIGHT_STOP,
    }
    matches = (
        filters.apply(base)
        .for_listing()
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            title_headline=SearchHeadline("title", query, highlight_all=True, **headline),
            snippet=SearchHeadline(
                "body_text", query, max_words=30, min_words=12, max_fragments=2, **headline
            ),
        )
        .order_by("-rank", "-publish_at", "-pk")
    )
    result.page = Paginator(matches, PAGE_SIZE).get_page(page_number)
    for article in result.page:
        article.title_highlighted = _highlighted(article.title_headline)
        article.snippet_highlighted = _highlighted(article.snippet)
    result.facets = facets_for(base, filters)
    if result.total == 0:
        result.typo_matches, result.suggestion = _typo_fallback(query_text)
    return result


def _typo_fallback(query_text: str) -> tuple[list, str]:
    """Titles that look like the query (trigram index), and a corrected query built from them."""
    matches = list(
        readable_articles()
        .filter(title__trigram_word_similar=query_text)
        .annotate(similarity=TrigramWordSimilarity(query_text, "title"))
        .filter(similarity__gte=TYPO_THRESHOLD)
        .only("id", "title", "slug", "summary", "type", "language", "publish_at")
        .order_by("-similarity", "-publish_at")[:5]
    )
    return matches, _suggest(query_text, [a.title for a in matches])


def _suggest(query_text: str, titles: list[str]) -> str:
    vocabulary = {word.lower() for title in titles for word in re.findall(r"\w+", title)}
    corrected = []
    for word in query_text.split():
        close = difflib.get_close_matches(word.lower(), vocabulary, n=1, cutoff=0.75)
        corrected.append(close[0] if close else word)
    suggestion = " ".join(corrected)
    return suggestion if suggestion.lower() != query_text.lower() else ""
