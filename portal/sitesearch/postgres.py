"""The site search on PostgreSQL full-text search: Danish stems, accents ignored, GIN indexes.

Ranking without reading every match
-----------------------------------
A common word ("virksomhed", "kommune") matches nearly every one of 100,000 articles. Ranking them
all with ``ts_rank`` would read every match's whole search vector (most of them in TOAST): close
to a second. Instead each kind's matches are split into a few *segments* of equal relevance, in
relevance order, and each segment is read in its own index order (newest first for articles)
only as far as the page needs:

    articles:  1 every word in the title (not news)     2 … in the summary (not news)
               3 every word in the title (news)         4 elsewhere (not news)
               5 … in the summary (news)                6 elsewhere (news)

The title and summary segments test the compact ``title_vector`` and ``summary_vector`` (small
enough to stay in the row; separate columns, so the planner can tell how many match each and
choose between walking the date index and collecting the matches from the GIN index); only the
last segments touch the full ``search_vector``, and only for the rows a page walks. So the fields
weigh A > B > C, a guide beats news that matches in the same or the next field (evergreen guides
rank above old news for how-to queries), and the date only orders matches of equal weight.
Every match is in exactly one segment, so every match can be reached by paging on. Each segment
is one ``LIMIT offset + page`` query; they run as one UNION ALL, and only the shown rows are joined
back for their highlights (``ts_headline`` reads every word it is given: the article snippet is
cut from the summary and the start of the body).

Two statements a search
-----------------------
Counts stop at ``COUNT_CAP``: a count reads every match, which at this volume is the whole cost.
The first statement counts every kind and matches the service pages; the second reads the shown
hits of the kinds that matched (the counts also tell the enterprise segments whether to walk the
register's order or to collect their few matches). Both are put together from this module's SQL
fragments, every value a bound parameter: composing the same SQL through the ORM cost three
times what the database spent answering it (about 15 ms of CPU a search).
"""

import datetime as dt
import re

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from stdnum.dk import cvr as stdnum_cvr

from network.models import ProfileKind, ProfileStatus
from portal.models import SEARCH_CONFIG, Article, ArticleStatus, ArticleType, SearchTerm
from portal.sitesearch import (
    COUNT_CAP,
    KINDS,
    PAGE_SIZE,
    PREVIEW_SIZE,
    Hit,
    KindResult,
    SearchBackend,
    SearchPage,
)
from portal.sitesearch.service_pages import SERVICE_PAGES, service_pages

WORDS = re.compile(r"[^\W_]+")
MAX_WORDS = 8
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"
BODY_PREFIX = 3000  # characters of an article's body its snippet is cut from
TYPO_THRESHOLD = 0.45
TYPO_MATCHES = 5
SUGGESTED_WORDS = 3  # at most this many vocabulary look-ups per search
LAST_PAGE = COUNT_CAP // PAGE_SIZE * 10  # no deeper: each page reads every match before it


def stem_query(text: str, weights: str = "") -> SearchQuery | None:
    """Every word as its Danish stem (accents ignored); ``weights`` keeps the match to those
    fields ("A": titles). No prefixes: a prefix of a common word ('virksom':*) expands to
    every form of it in the index, and reading those lists costs more than the whole page may.
    """
    raw = stem_raw(text, weights)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG) if raw else None


def stem_raw(text: str, weights: str = "") -> str:
    """``stem_query``'s text in to_tsquery syntax; only letters and digits get through."""
    mark = f":{weights}" if weights else ""
    return " & ".join(f"{word}{mark}" for word in WORDS.findall(text)[:MAX_WORDS])


def highlighted(text: str) -> str:
    """ts_headline output is escaped, then only our own markers become <mark>."""
    return mark_safe(  # noqa: S308 - the text is escaped first
        escape(text or "").replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


class PostgresSearch(SearchBackend):
    def search(self, query: str, kind: str = "", page_number: int = 1) -> SearchPage:
        page = SearchPage(query=query, kind=kind, page_number=page_number)
        words = stem_raw(query)
        if not words:
            page.results = [KindResult(k) for k in KINDS]
            return page
        kinds = [ArticleKind(), EnterpriseKind(), EventKind(), NetworkProfileKind()]
        windows = [self._window(kind, spec.slug, page_number) for spec in KINDS]
        offset, size = next((window for window in windows if window), (0, 0))
        params = query_params(query, words, offset, size)
        params.update(service_pages_params())
        # Every fragment is a constant of this module; every value is a bound parameter.
        columns = [searched.counts_sql() for searched in kinds] + [SERVICE_PAGES_SQL]
        *counts, found_pages = run(columns, params)
        shown = [
            (searched, counted)
            for searched, counted, window in zip(kinds, counts, windows, strict=False)
            if window and counted[0]
        ]
        pages = iter(run([searched.page_sql(counted) for searched, counted in shown], params))
        hits = {searched: next(pages) or () for searched, _counted in shown}
        for searched, (count, *_others), spec in zip(kinds, counts, KINDS, strict=False):
            result = KindResult(spec, count=min(count, COUNT_CAP), capped=count > COUNT_CAP)
            result.hits = [searched.hit(*values) for values in hits.get(searched, ())]
            page.results.append(result)
        found_pages = service_page_hits(found_pages or ())
        pages_result = KindResult(KINDS[-1], count=len(found_pages))
        if windows[-1]:
            pages_result.hits = found_pages[windows[-1][0] : sum(windows[-1])]
        page.results.append(pages_result)
        if page.total == 0:
            page.suggestion, page.typo_hits = typo_fallback(query)
        return page

    @staticmethod
    def _window(selected: str, slug: str, page_number: int) -> tuple[int, int] | None:
        """(offset, size) of the hits to show of this kind, or None for none."""
        if not selected:
            return 0, PREVIEW_SIZE
        if selected == slug:
            return (min(page_number, LAST_PAGE) - 1) * PAGE_SIZE, PAGE_SIZE
        return None


def run(columns: list[str], params: dict) -> list:
    """One row of the given scalar subqueries, in one statement (none for no columns)."""
    if not columns:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        return list(cursor.fetchone())


def query_params(text: str, words: str, offset: int, size: int) -> dict:
    """The values the SQL fragments below are bound to."""
    register_words = re.findall(r"\w+", text)  # as registry.selectors.search_enterprises
    cvr = stdnum_cvr.compact(text)
    return {
        "config": SEARCH_CONFIG,
        "words": words,
        "title_words": stem_raw(text, "A"),
        "heading_words": stem_raw(text, "AB"),
        "register_words": " & ".join(f"{word}:*" for word in register_words),
        "name_like": f"%{connection.ops.prep_for_like_query(text)}%",
        "cvr": cvr if cvr.isdigit() and len(cvr) == 8 else None,
        "language": (get_language() or "da")[:2],
        "now": timezone.now(),
        "published": ArticleStatus.PUBLISHED.value,
        "news": ArticleType.NEWS.value,
        "approved": ProfileStatus.APPROVED.value,
        "count_limit": COUNT_CAP + 1,
        "wanted": offset + size,
        "offset": offset,
        "size": size,
        "body_prefix": BODY_PREFIX,
        "title_options": f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, HighlightAll=true",
        "snippet_options": (
            f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, "
            "MaxWords=30, MinWords=12, MaxFragments=2"
        ),
    }


def tsquery(words: str = "words") -> str:
    return f"to_tsquery(%(config)s::regconfig, %({words})s)"


def headline(column: str, options: str = "snippet_options") -> str:
    return f"ts_headline(%(config)s::regconfig, {column}, {tsquery()}, %({options})s)"


class SqlKind:
    """A kind searched by one count and one page of hits, each a SQL fragment (a scalar
    subquery) of the one statement a search runs.

    The page is ``segments`` laid end to end: (condition, order) pairs, every match in exactly
    one, each read in its own order only as far as ``offset + size`` (one UNION ALL under a
    LIMIT, so PostgreSQL stops as soon as the first segments fill the page). Only the shown
    rows are joined back for their columns and highlights (``columns``, in ``hit``'s order).
    """

    table: str
    matches: str  # readable and matching, on the alias "x"
    order: tuple[str, ...]  # the columns every segment is read in ("-" first: descending)
    join = ""

    def segments(self, counts: list[int]) -> list[tuple[str, str]]:
        """(condition, order) pairs; ``counts`` (``counts_sql``'s) may choose the order:
        an expression instead of the indexed column collects the matches through the search
        index and sorts them, which pays when they are few."""
        raise NotImplementedError

    def columns(self) -> str:
        raise NotImplementedError

    def hit(self, *values) -> Hit:
        raise NotImplementedError

    def counts_sql(self) -> str:
        """The kind's matches counted (up to ``COUNT_CAP + 1``), and whatever else its
        segments need to know, as an array."""
        return f"ARRAY[{self.count_sql()}]"

    def count_sql(self, condition: str = "TRUE") -> str:
        return (
            f"(SELECT count(*) FROM (SELECT 1 FROM {self.table} x WHERE {self.matches} "  # noqa: S608
            f"AND {condition} LIMIT %(count_limit)s) AS counted)"
        )

    def page_sql(self, counts: list[int]) -> str:
        names = [column.lstrip("-") for column in self.order if column != "id"]
        ordered = ", ".join(f"{c.lstrip('-')}{' DESC' if c[0] == '-' else ''}" for c in self.order)
        parts = [
            f"(SELECT x.id, {', '.join(f'x.{n}' for n in names)}, {number} AS segment "  # noqa: S608
            f"FROM {self.table} x WHERE {self.matches} AND {condition} "
            f"ORDER BY {order or ordered} LIMIT %(wanted)s)"
            for number, (condition, order) in enumerate(self.segments(counts))
        ]
        shown_order = ", ".join(
            f"shown.{c.lstrip('-')}{' DESC' if c[0] == '-' else ''}" for c in self.order
        )
        return (
            f"(SELECT json_agg(json_build_array({self.columns()}) "  # noqa: S608
            f"ORDER BY shown.segment, {shown_order}) "
            f"FROM (SELECT * FROM ({' UNION ALL '.join(parts)} LIMIT %(wanted)s) AS matches "
            f"ORDER BY segment, {ordered} OFFSET %(offset)s LIMIT %(size)s) AS shown "
            f"JOIN {self.table} x ON x.id = shown.id {self.join})"
        )


def when(value) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class ArticleKind(SqlKind):
    """Readable articles in the current language (see the module's docstring for the ranking).
    The snippet comes from the summary and the start of the body: ts_headline reads every
    word of what it is given."""

    table = "portal_article"
    matches = (
        "x.language = %(language)s AND x.status = %(published)s AND x.publish_at <= %(now)s "
        f"AND x.search_vector @@ {tsquery()}"
    )
    order = ("-publish_at",)  # what article_listing_idx gives: a tiebreak would cost a sort

    def segments(self, counts: list[int]) -> list[tuple[str, str]]:
        title = f"x.title_vector @@ {tsquery()}"
        summary = f"x.summary_vector @@ {tsquery()} AND NOT {title}"
        body = f"NOT {title} AND NOT x.summary_vector @@ {tsquery()}"
        news, not_news = "x.type = %(news)s", "x.type <> %(news)s"
        # The planner cannot tell how many match the body and none of title and summary (it
        # takes the tests for independent): walking the date index for such matches could
        # read the whole archive for none. Collected through the GIN index and sorted instead
        # (an expression, not the indexed column), which costs what they number, and only
        # when the segments above leave room.
        collected = "x.publish_at + interval '0' DESC"
        return [
            (f"{title} AND {not_news}", ""),
            (f"{summary} AND {not_news}", ""),
            (f"{title} AND {news}", ""),
            (f"{body} AND {not_news}", collected),
            (f"{summary} AND {news}", ""),
            (f"{body} AND {news}", collected),
        ]

    def columns(self) -> str:
        snippet = headline("x.summary || ' ' || left(x.body_text, %(body_prefix)s)")
        title = headline("x.title", "title_options")
        return f"x.slug, x.language, x.type, x.publish_at, {title}, {snippet}"

    def hit(self, slug, language, kind, publish_at, title, snippet) -> Hit:
        with override(language):
            url = reverse("portal:article", kwargs={"slug": slug})
        return Hit(
            url=url,
            title=highlighted(title),
            snippet=highlighted(snippet),
            label=ArticleType(kind).label,
            date=when(publish_at),
        )


NAMED = "upper(x.name::text) LIKE upper(%(name_like)s)"  # an enterprise named by the text


class EnterpriseKind(SqlKind):
    """Enterprises in good standing (registry's ``Enterprise.objects.in_good_standing``: what
    the register lists), matched as the register matches them (registry.selectors.
    search_enterprises: every word's prefix in name or purpose, a fragment of the name, or the
    CVR number); name matches first, then the rest, each in the register's Danish order."""

    table = "registry_enterprise"
    matches = (
        "x.registered_on IS NOT NULL AND x.deregistered_on IS NULL AND x.cvr_ceased_on IS NULL "
        "AND NOT EXISTS (SELECT FROM registry_hearing h JOIN registry_application a "
        "ON a.id = h.application_id WHERE a.enterprise_id = x.id AND h.closed_at IS NULL) AND CASE "
        "WHEN %(cvr)s::text IS NOT NULL THEN x.cvr = %(cvr)s "
        "ELSE x.search_vector @@ to_tsquery(%(config)s::regconfig, %(register_words)s) "
        "OR upper(x.name::text) LIKE upper(%(name_like)s) END"
    )
    order = ("sort_key", "id")
    join = "JOIN geography_municipality m ON m.id = x.municipality_id"

    def segments(self, counts: list[int]) -> list[tuple[str, str]]:
        # Few enterprises are named by a word, often none: found through the trigram index and
        # sorted, not by walking the register's order in search of them (names that share a
        # word also share a letter of the order: walking there reads all before them). The
        # rest too when all matches are few (the count decides: a prefix's estimate is no
        # guide; counting the rest alone would scan the register when they are none).
        collected = "x.sort_key || '', x.id"
        return [(NAMED, collected), (f"NOT {NAMED}", "" if counts[0] > COUNT_CAP else collected)]

    def columns(self) -> str:
        return f"x.cvr, m.name, {headline('x.name', 'title_options')}, {headline('x.purpose')}"

    def hit(self, cvr, municipality, title, snippet) -> Hit:
        label = _("Registreret virksomhed")
        return Hit(
            url=reverse("registry:enterprise", kwargs={"cvr": cvr}),
            title=highlighted(title),
            snippet=highlighted(snippet),
            label=f"{label} · {municipality} · CVR {cvr}",
        )


class EventKind(SqlKind):
    """Published events; a match in the title or summary first, the newest first."""

    table = "events_event"
    matches = f"x.is_published AND x.search_vector @@ {tsquery()}"
    order = ("-starts_at",)

    def segments(self, counts: list[int]) -> list[tuple[str, str]]:
        heading = f"x.search_vector @@ {tsquery('heading_words')}"
        return [(heading, ""), (f"NOT {heading}", "")]

    def columns(self) -> str:
        return (
            f"x.slug, x.starts_at, {headline('x.title', 'title_options')}, "
            f"{headline('x.description')}"
        )

    def hit(self, slug, starts_at, title, snippet) -> Hit:
        return Hit(
            url=reverse("events:detail", kwargs={"slug": slug}),
            title=highlighted(title),
            snippet=highlighted(snippet),
            label=_("Arrangement"),
            date=when(starts_at),
        )


class NetworkProfileKind(SqlKind):
    """Public network profiles; a match in the name, offers or wishes first."""

    table = "network_profile"
    matches = f"x.status = %(approved)s AND NOT x.is_hidden AND x.search_document @@ {tsquery()}"
    order = ("sort_key", "id")

    def segments(self, counts: list[int]) -> list[tuple[str, str]]:
        best = f"x.search_document @@ {tsquery('title_words')}"
        return [(best, ""), (f"NOT {best}", "")]

    def columns(self) -> str:
        return f"x.id, x.kind, {headline('x.name', 'title_options')}, {headline('x.offers')}"

    def hit(self, pk, kind, title, snippet) -> Hit:
        return Hit(
            url=reverse("network:detail", kwargs={"pk": pk}),
            title=highlighted(title),
            snippet=highlighted(snippet),
            label=f"{_('Netværksprofil')} · {ProfileKind(kind).label}",
        )


# The service pages in the current language as a VALUES list (placeholders only: every title
# and description is a bound parameter), title matches first.
SERVICE_PAGES_SQL = (
    "(SELECT json_agg(json_build_array(page.number, "  # noqa: S608
    "ts_headline(%(config)s::regconfig, page.title, q, %(title_options)s), "
    "ts_headline(%(config)s::regconfig, page.description, q, %(snippet_options)s)) "
    "ORDER BY page.title_vector @@ q DESC, page.number) "
    "FROM (SELECT number, title, description, to_tsvector(%(config)s::regconfig, title) "
    "AS title_vector FROM (VALUES "
    + ", ".join(
        f"({number}, %(page_title_{number})s::text, %(page_text_{number})s::text)"
        for number in range(len(SERVICE_PAGES))
    )
    + ") AS listed(number, title, description)) AS page, "
    f"{tsquery()} AS q "
    "WHERE page.title_vector || to_tsvector(%(config)s::regconfig, page.description) @@ q)"
)


def service_pages_params() -> dict:
    params = {}
    for number, (_address, title, text) in enumerate(service_pages()):
        params[f"page_title_{number}"], params[f"page_text_{number}"] = title, text
    return params


def service_page_hits(found) -> list[Hit]:
    pages = service_pages()
    label = _("Side")
    return [
        Hit(url=pages[number][0], title=highlighted(title), snippet=highlighted(part), label=label)
        for number, title, part in found
    ]


def typo_fallback(text: str) -> tuple[str, list[Hit]]:
    """A corrected query from the vocabulary ("Mente du …?") and the articles it finds.

    Each word is looked up in the small ``SearchTerm`` vocabulary by trigram similarity. If no
    word comes close, titles that look like the query (trigram index on the title) are offered.
    """
    suggestion = _suggest(text)
    readable = Article.objects.published().in_language()
    if suggestion:
        matches = readable.filter(search_vector=stem_query(suggestion)).order_by("-publish_at")
    else:
        matches = (
            readable.filter(title__trigram_word_similar=text)
            .annotate(similarity=TrigramWordSimilarity(text, "title"))
            .filter(similarity__gte=TYPO_THRESHOLD)
            .order_by("-similarity", "-publish_at")
        )
    fields = ("id", "title", "slug", "type", "language", "publish_at")
    return suggestion, [
        Hit(
            url=article.get_absolute_url(),
            title=escape(article.title),
            snippet="",
            label=ArticleType(article.type).label,
            date=article.publish_at,
        )
        for article in matches.only(*fields)[:TYPO_MATCHES]
    ]


def _suggest(text: str) -> str:
    corrected = []
    for word in text.lower().split()[:SUGGESTED_WORDS]:
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
    return suggestion if suggestion != " ".join(text.lower().split()) else ""
