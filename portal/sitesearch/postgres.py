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
is one ``LIMIT offset + page`` query; they run as one UNION ALL.

Counts stop at ``COUNT_CAP``: a count reads every match, which at this volume is the whole cost.
"""

import datetime as dt
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from events.models import Event
from network.models import Profile, ProfileKind
from portal.models import SEARCH_CONFIG, Article, ArticleType, SearchTerm
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
from portal.sitesearch.service_pages import service_pages
from registry.models import Enterprise
from registry.selectors import search_enterprises

ZERO = Value(dt.timedelta(0))
WORDS = re.compile(r"[^\W_]+")
MAX_WORDS = 8
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"
HEADLINE = {"config": SEARCH_CONFIG, "start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP}
SNIPPET = {"max_words": 30, "min_words": 12, "max_fragments": 2, **HEADLINE}
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
        anywhere = stem_query(query)
        if anywhere is None:
            page.results = [KindResult(k) for k in KINDS]
            return page
        kinds = [
            ArticleKind(query),
            EnterpriseKind(query),
            EventKind(query),
            NetworkProfileKind(query),
        ]
        counts = capped_counts([k.matches() for k in kinds])  # one query
        found_pages = matching_service_pages(query)  # one query
        for searched, count, spec in zip(kinds, counts, KINDS, strict=False):
            result = KindResult(spec, count=min(count, COUNT_CAP), capped=count > COUNT_CAP)
            shown = self._window(kind, spec.slug, page_number)
            if shown and count:
                result.hits = searched.hits(searched.ranked_ids(*shown))  # two queries
            page.results.append(result)
        pages_spec = KINDS[-1]
        pages_result = KindResult(pages_spec, count=len(found_pages))
        window = self._window(kind, pages_spec.slug, page_number)
        if window:
            pages_result.hits = found_pages[window[0] : window[0] + window[1]]
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


def capped_counts(querysets: list) -> list[int]:
    """Each queryset's number of rows, counted to ``COUNT_CAP + 1`` at most, in one query."""
    columns, params = [], []
    for queryset in querysets:
        try:
            sql, own = queryset.order_by().values("pk")[: COUNT_CAP + 1].query.sql_with_params()
        except EmptyResultSet:
            columns.append("0")
            continue
        # Django built the inner SQL with bound parameters; nothing typed is inlined.
        columns.append(f"(SELECT count(*) FROM ({sql}) AS matches)")  # noqa: S608
        params.extend(own)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        return list(cursor.fetchone())


def read_segments(segments: list, order: tuple[str, ...], offset: int, size: int) -> list:
    """The ids at ``offset`` … ``offset + size`` of the segments laid end to end, each segment
    in ``order`` (unless it is ordered already, by the same values): one UNION ALL of
    ``LIMIT offset + size`` queries."""
    wanted = offset + size
    parts = [
        (segment if segment.query.order_by else segment.order_by(*order))
        .annotate(segment=Value(number))
        .values_list("pk", *(field.lstrip("-") for field in order), "segment")[:wanted]
        for number, segment in enumerate(segments)
    ]
    # No ORDER BY around the UNION ALL: PostgreSQL runs the segments one after the other and
    # stops as soon as it has ``wanted`` rows, so a page the first segments fill never runs the
    # others.
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = list(combined.order_by()[:wanted])  # order_by(): not even the model's default
    # UNION ALL promises no order: sort by segment, then by each segment's own order.
    for position, field in reversed(list(enumerate(order, start=1))):
        rows.sort(key=lambda row, p=position: row[p], reverse=field.startswith("-"))
    rows.sort(key=lambda row: row[-1])
    return [row[0] for row in rows[offset:wanted]]


def in_order(rows, ids: list[int]) -> list:
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


class ArticleKind:
    """Readable articles in the current language (see the module's docstring for the ranking)."""

    order = ("-publish_at",)  # what article_listing_idx gives: a tiebreak would cost a sort

    def __init__(self, text: str):
        self.anywhere = stem_query(text)
        self.readable = Article.objects.published().in_language()

    def matches(self):
        return self.readable.filter(search_vector=self.anywhere)

    def ranked_ids(self, offset: int, size: int) -> list[int]:
        title = Q(title_vector=self.anywhere)
        summary = Q(summary_vector=self.anywhere) & ~title
        body = Q(search_vector=self.anywhere) & ~Q(title_vector=self.anywhere)
        body &= ~Q(summary_vector=self.anywhere)
        news = Q(type=ArticleType.NEWS)
        readable = self.readable
        # The planner cannot tell how many match the body and none of title and summary (it
        # takes the tests for independent): walking the date index for such matches could
        # read the whole archive for none. Collected through the GIN index and sorted instead,
        # which costs what they number, and only when the segments above leave room.
        collected = readable.order_by(
            ExpressionWrapper(F("publish_at") + ZERO, output_field=DateTimeField()).desc()
        )
        segments = [
            readable.filter(title & ~news),
            readable.filter(summary & ~news),
            readable.filter(title & news),
            collected.filter(body & ~news),
            readable.filter(summary & news),
            collected.filter(body & news),
        ]
        return read_segments(segments, self.order, offset, size)

    def hits(self, ids: list[int]) -> list[Hit]:
        rows = (
            Article.objects.filter(pk__in=ids)
            .only("id", "title", "slug", "language", "type", "publish_at")
            .annotate(
                title_headline=SearchHeadline(
                    "title", self.anywhere, highlight_all=True, **HEADLINE
                ),
                snippet=SearchHeadline("body_text", self.anywhere, **SNIPPET),
            )
        )
        return [
            Hit(
                url=article.get_absolute_url(),
                title=highlighted(article.title_headline),
                snippet=highlighted(article.snippet),
                label=ArticleType(article.type).label,
                date=article.publish_at,
            )
            for article in in_order(rows, ids)
        ]


class BestFirstKind:
    """A kind whose ``best`` matches (say, in the name) come before the rest, each in ``order``."""

    order: tuple[str, ...]
    best: Q

    def matches(self):
        raise NotImplementedError

    def ranked_ids(self, offset: int, size: int) -> list[int]:
        matches = self.matches()
        segments = [matches.filter(self.best), matches.exclude(self.best)]
        return read_segments(segments, self.order, offset, size)


class EnterpriseKind(BestFirstKind):
    """Registered enterprises, matched as the register matches them (name, purpose, CVR);
    name matches first, then the rest, each in the register's Danish order."""

    order = ("sort_key", "pk")

    def __init__(self, text: str):
        self.text = text
        self.anywhere = stem_query(text)
        # The name's trigram index finds these; a weighted word test (name:A) would have
        # to read every enterprise with the word anywhere.
        self.best = Q(name__icontains=text)

    def matches(self):
        return search_enterprises(Enterprise.objects.registered(), self.text)

    def ranked_ids(self, offset: int, size: int) -> list[int]:
        matches = self.matches()
        # Few enterprises are named by a word, often none: found through the indexes and
        # sorted, not by walking the register's order until the end in search of them.
        named = matches.filter(self.best).order_by(Concat("sort_key", Value("")), "pk")
        segments = [named, matches.exclude(self.best)]
        return read_segments(segments, self.order, offset, size)

    def hits(self, ids: list[int]) -> list[Hit]:
        rows = (
            Enterprise.objects.filter(pk__in=ids)
            .select_related("municipality")
            .only("id", "cvr", "name", "registered_on", "municipality__name")
            .annotate(
                name_headline=SearchHeadline("name", self.anywhere, highlight_all=True, **HEADLINE),
                snippet=SearchHeadline("purpose", self.anywhere, **SNIPPET),
            )
        )
        label = _("Registreret virksomhed")
        return [
            Hit(
                url=enterprise.get_absolute_url(),
                title=highlighted(enterprise.name_headline),
                snippet=highlighted(enterprise.snippet),
                label=f"{label} · {enterprise.municipality.name} · CVR {enterprise.cvr}",
            )
            for enterprise in in_order(rows, ids)
        ]


class EventKind(BestFirstKind):
    """Published events; a match in the title or summary first, the newest first."""

    order = ("-starts_at",)

    def __init__(self, text: str):
        self.anywhere = stem_query(text)
        self.best = Q(search_vector=stem_query(text, "AB"))

    def matches(self):
        return Event.objects.published().filter(search_vector=self.anywhere)

    def hits(self, ids: list[int]) -> list[Hit]:
        rows = (
            Event.objects.filter(pk__in=ids)
            .only("id", "slug", "title", "starts_at")
            .annotate(
                title_headline=SearchHeadline(
                    "title", self.anywhere, highlight_all=True, **HEADLINE
                ),
                snippet=SearchHeadline("description", self.anywhere, **SNIPPET),
            )
        )
        return [
            Hit(
                url=event.get_absolute_url(),
                title=highlighted(event.title_headline),
                snippet=highlighted(event.snippet),
                label=_("Arrangement"),
                date=event.starts_at,
            )
            for event in in_order(rows, ids)
        ]


class NetworkProfileKind(BestFirstKind):
    """Public network profiles; a match in the name, offers or wishes first."""

    order = ("sort_key", "pk")

    def __init__(self, text: str):
        self.anywhere = stem_query(text)
        self.best = Q(search_document=stem_query(text, "A"))

    def matches(self):
        return Profile.objects.public().filter(search_document=self.anywhere)

    def hits(self, ids: list[int]) -> list[Hit]:
        rows = (
            Profile.objects.filter(pk__in=ids)
            .only("id", "name", "kind")
            .annotate(
                name_headline=SearchHeadline("name", self.anywhere, highlight_all=True, **HEADLINE),
                snippet=SearchHeadline("offers", self.anywhere, **SNIPPET),
            )
        )
        return [
            Hit(
                url=profile.get_absolute_url(),
                title=highlighted(profile.name_headline),
                snippet=highlighted(profile.snippet),
                label=f"{_('Netværksprofil')} · {ProfileKind(profile.kind).label}",
            )
            for profile in in_order(rows, ids)
        ]


def matching_service_pages(text: str) -> list[Hit]:
    """The service pages that match, title matches first, with highlights: one query over a
    VALUES list of the pages in the current language."""
    pages = service_pages()
    rows = ", ".join(["(%s::int, %s::text, %s::text)"] * len(pages))
    # Only placeholders are put together here; every value is a bound parameter.
    sql = (
        "SELECT page.number, ts_headline(%s::regconfig, page.title, q, %s), "  # noqa: S608
        "ts_headline(%s::regconfig, page.description, q, %s) "
        f"FROM (VALUES {rows}) AS page(number, title, description), "
        "to_tsquery(%s::regconfig, %s) AS q, "
        "to_tsvector(%s::regconfig, page.title) AS title_vector "
        "WHERE title_vector || to_tsvector(%s::regconfig, page.description) @@ q "
        "ORDER BY title_vector @@ q DESC, page.number"
    )
    options = f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}"
    params = [SEARCH_CONFIG, options + ", HighlightAll=true", SEARCH_CONFIG, options]
    params += [value for number, page in enumerate(pages) for value in (number, *page[1:])]
    params += [SEARCH_CONFIG, stem_raw(text), SEARCH_CONFIG, SEARCH_CONFIG]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
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
