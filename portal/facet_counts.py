"""The lists' filter counts, kept as a small cube instead of counted over the archive.

A cell (language, theme, audience, type) holds how many *published* articles have that theme,
audience and type, where theme 0, audience 0 or type "" means "any". Every article state change
adds its cells with -1 and +1 in the same transaction (at most (themes + 1) x (audiences + 1) x 2
rows). Scheduled articles count from the moment they are published; readers must not see them
before their time, so the few scheduled ones are subtracted when counts are read. Bulk changes
(generated articles, deleted articles or themes) rebuild the cube in one query.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from portal.models import Article, ArticleStatus, FacetCount

ANY_ID, ANY_TYPE = 0, ""


@dataclass(frozen=True)
class Counted:
    language: str
    themes: frozenset
    audiences: frozenset
    type: str

    def cells(self) -> list[tuple]:
        return [
            (self.language, theme, audience, kind)
            for theme in (*self.themes, ANY_ID)
            for audience in (*self.audiences, ANY_ID)
            for kind in (self.type, ANY_TYPE)
        ]


def counted_state(article_pk: int | None) -> Counted | None:
    """What an article contributes to the counts now: nothing unless it is published."""
    if article_pk is None:
        return None
    row = (
        Article.objects.filter(pk=article_pk, status=ArticleStatus.PUBLISHED)
        .values_list("language", "type")
        .first()
    )
    if row is None:
        return None
    themes = Article.themes.through.objects.filter(article_id=article_pk)
    audiences = Article.audiences.through.objects.filter(article_id=article_pk)
    return Counted(
        language=row[0],
        themes=frozenset(themes.values_list("theme_id", flat=True)),
        audiences=frozenset(audiences.values_list("audience_id", flat=True)),
        type=row[1],
    )


def record_change(before: Counted | None, after: Counted | None) -> None:
    """Move the counts from an article's previous state to its new one."""
    if before == after:
        return
    delta: dict[tuple, int] = {}
    for state, sign in ((before, -1), (after, 1)):
        for cell in state.cells() if state else []:
            delta[cell] = delta.get(cell, 0) + sign
    rows = [(*cell, change) for cell, change in delta.items() if change]
    if not rows:
        return
    table = FacetCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (language, theme_id, audience_id, type, count) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (language, theme_id, audience_id, type) "
            f"DO UPDATE SET count = {table}.count + EXCLUDED.count",
            rows,
        )


@transaction.atomic
def rebuild() -> None:
    """Count every cell afresh after bulk changes (a full scan; benchmarks/scenarios/portal.py)."""
    table = FacetCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # no delta lands in between
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} (language, theme_id, audience_id, type, count) "  # noqa: S608
            "SELECT a.language,"
            " CASE WHEN GROUPING(t.theme_id) = 1 THEN 0 ELSE t.theme_id END,"
            " CASE WHEN GROUPING(u.audience_id) = 1 THEN 0 ELSE u.audience_id END,"
            " CASE WHEN GROUPING(a.type) = 1 THEN '' ELSE a.type END,"
            " COUNT(DISTINCT a.id) "
            "FROM portal_article a "
            "LEFT JOIN portal_article_themes t ON t.article_id = a.id "
            "LEFT JOIN portal_article_audiences u ON u.article_id = a.id "
            "WHERE a.status = %s "
            "GROUP BY a.language, CUBE(t.theme_id, u.audience_id, a.type) "
            "HAVING (GROUPING(t.theme_id) = 1 OR t.theme_id IS NOT NULL) "
            "AND (GROUPING(u.audience_id) = 1 OR u.audience_id IS NOT NULL)",
            [ArticleStatus.PUBLISHED],
        )


def readable_counts(language: str) -> dict[tuple, int]:
    """The cube of readable articles in one language: (theme, audience, type) -> count.

    Two queries: the cells, and the few published articles whose time has not come yet.
    """
    cube = {
        (theme, audience, kind): count
        for theme, audience, kind, count in FacetCount.objects.filter(
            language=language
        ).values_list("theme_id", "audience_id", "type", "count")
    }
    scheduled = Article.objects.filter(
        status=ArticleStatus.PUBLISHED, publish_at__gt=timezone.now(), language=language
    ).prefetch_related("themes", "audiences")
    for article in scheduled.only("id", "language", "type"):
        state = Counted(
            language=language,
            themes=frozenset(theme.pk for theme in article.themes.all()),
            audiences=frozenset(audience.pk for audience in article.audiences.all()),
            type=article.type,
        )
        for _language, *cell in state.cells():
            cube[tuple(cell)] = cube.get(tuple(cell), 0) - 1
    return cube
