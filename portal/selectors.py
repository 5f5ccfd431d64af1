"""Reads for the public pages: a fixed number of queries each, whatever the data size."""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.paginator import Paginator
from django.db.models import BooleanField, F, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.facet_counts import ANY_ID, ANY_TYPE, readable_counts
from portal.models import (
    SEARCH_CONFIG,
    Article,
    ArticleType,
    Audience,
    SearchTerm,
    Theme,
    news_cutoff,
)

PAGE_SIZE = 10
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"
TYPO_THRESHOLD = 0.45
TYPO_MATCHES = 5
SUGGESTED_WORDS = 3  # at most this many vocabulary look-ups per search
# A common word can match most of the archive, and deciding that an article matches or ranking it
# means reading its (TOASTed) search vector. At 100,000 generated articles, where a common word
# matches 80-99 % of them, ranking, counting or filter-counting all matches takes the better part
# of a second or more each (benchmarks/scenarios/portal.py, `make bench`). So the page ranks a
# bounded window of candidates: the newest matches in a
# title or summary (the heavily weighted fields, found through their own small index) plus the
# newest matches anywhere. When the window holds every match, the counts are exact; when it does
# not, the page says "more than N" and shows no filter counts rather than wrong ones.
SEARCH_CANDIDATES = 100  # from each of the two sources


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


UNSHOWN_FIELDS = ("body", "body_text", "search_vector", "headline_vector")


def article_detail(slug: str, *, readable_only: bool = True) -> Article | None:
    queryset = readable_articles() if readable_only else Article.objects.in_language()
    return (
        queryset.filter(slug=slug)
        .select_related("translation")
        # The page shows the rendered HTML: the source, plain text and vectors stay in TOAST.
        .defer(
            *UNSHOWN_FIELDS, *(f"translation__{name}" for name in (*UNSHOWN_FIELDS, "body_html"))
        )
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
    capped: bool = False  # more matches than the ranked window; counts are then lower bounds

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page else 0


def _highlighted(text: str) -> str:
    """ts_headline output is escaped, then only our own markers become <mark>."""
    return mark_safe(  # noqa: S308 - the text is escaped first
        escape(text).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def search(query_text: str, filters: Filters, page_number) -> SearchResult:
    query_text = " ".join(query_text.replace("\x00", " ").split())[:200]  # NUL: not text to us
    result = SearchResult(query=query_text)
    if not query_text:
        return result
    query = SearchQuery(query_text, search_type="websearch", config=SEARCH_CONFIG)
    candidates, every_match = _candidates(query)
    matching_ids, result.facets = _filter_candidates(candidates, filters)
    result.capped = not every_match
    headline = {"config": SEARCH_CONFIG, "start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP}
    matches = (
        Article.objects.filter(_id_in(matching_ids))
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
    paginator = Paginator(matches, PAGE_SIZE)
    paginator.count = len(matching_ids)  # known already: no COUNT query
    result.page = paginator.get_page(page_number)
    for article in result.page:
        article.title_highlighted = _highlighted(article.title_headline)
        article.snippet_highlighted = _highlighted(article.snippet)
    if result.total == 0:
        result.typo_matches, result.suggestion = _typo_fallback(query_text)
    return result


def _candidates(query: SearchQuery) -> tuple[list[tuple[int, str]], bool]:
    """The matches worth ranking: newest in a title or summary, then newest anywhere (2 queries).

    Each is a top-N by date, which the planner answers from the date index (a common word) or
    from the full-text index (a rare word), never by reading every match. Also says whether
    these are all the matches.
    """
    readable = readable_articles().order_by("-publish_at")
    in_headline = readable.filter(headline_vector=query).values_list("pk", "type")
    anywhere = readable.filter(search_vector=query).values_list("pk", "type")
    found = dict(in_headline[:SEARCH_CANDIDATES])
    newest = list(anywhere[:SEARCH_CANDIDATES])
    for pk, kind in newest:
        found.setdefault(pk, kind)
    return list(found.items()), len(newest) < SEARCH_CANDIDATES


def _id_in(ids: list[int], column: str = '"portal_article"."id"') -> RawSQL:
    """``column = ANY(array)``: one parameter instead of a thousand literals in an IN list."""
    return RawSQL(f"{column} = ANY(%s)", (ids,), output_field=BooleanField())  # noqa: S611


def _filter_candidates(candidates: list[tuple[int, str]], filters: Filters) -> tuple:
    """Apply the filters and count the facets in memory: the candidates are few and bounded."""
    ids = [pk for pk, _type in candidates]
    kinds = dict(candidates)
    themes_of: dict[int, set] = {pk: set() for pk in ids}
    audiences_of: dict[int, set] = {pk: set() for pk in ids}
    for model, column, target in (
        (Article.themes.through, "theme_id", themes_of),
        (Article.audiences.through, "audience_id", audiences_of),
    ):
        table = model._meta.db_table
        rows = model.objects.filter(_id_in(ids, f'"{table}"."article_id"'))
        for article_id, value in rows.values_list("article_id", column):
            target[article_id].add(value)
    theme_id = filters.theme and (
        Theme.objects.filter(slug=filters.theme).values_list("pk", flat=True).first()
    )
    audience_id = filters.audience and (
        Audience.objects.filter(slug=filters.audience).values_list("pk", flat=True).first()
    )

    def passes(pk: int, skip: str = "") -> bool:
        return (
            (not filters.theme or skip == "theme" or theme_id in themes_of[pk])
            and (not filters.audience or skip == "audience" or audience_id in audiences_of[pk])
            and (not filters.type or skip == "type" or kinds[pk] == filters.type)
        )

    counts = {"themes": Counter(), "audiences": Counter(), "types": Counter()}
    for pk in ids:
        if passes(pk, skip="theme"):
            counts["themes"].update(themes_of[pk])
        if passes(pk, skip="audience"):
            counts["audiences"].update(audiences_of[pk])
        if passes(pk, skip="type"):
            counts["types"][kinds[pk]] += 1
    matching = [pk for pk in ids if passes(pk)]
    return matching, _build_facets(filters, **counts)


def _typo_fallback(query_text: str) -> tuple[list, str]:
    """A corrected query from the vocabulary ("Mente du …?") and the articles it finds.

    Each word is looked up in the small ``SearchTerm`` vocabulary by trigram similarity. If no
    word comes close, titles that look like the query (trigram index on the title) are offered.
    """
    suggestion = _suggest(query_text)
    if suggestion:
        query = SearchQuery(suggestion, search_type="websearch", config=SEARCH_CONFIG)
        matches = readable_articles().filter(search_vector=query).order_by("-publish_at")
    else:
        matches = (
            readable_articles()
            .filter(title__trigram_word_similar=query_text)
            .annotate(similarity=TrigramWordSimilarity(query_text, "title"))
            .filter(similarity__gte=TYPO_THRESHOLD)
            .order_by("-similarity", "-publish_at")
        )
    fields = ("id", "title", "slug", "summary", "type", "language", "publish_at")
    return list(matches.only(*fields)[:TYPO_MATCHES]), suggestion


def _suggest(query_text: str) -> str:
    corrected = []
    for word in query_text.lower().split()[:SUGGESTED_WORDS]:
        if len(word) < 4:
            corrected.append(word)
            continue
        closest = (
            SearchTerm.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        corrected.append(closest or word)
    suggestion = " ".join(corrected)
    return suggestion if suggestion != " ".join(query_text.lower().split()) else ""
