"""Staff work lists for the admin's front page: the first few rows of a list and how many it
holds in all, read in one query (a window count over the filtered rows, taken before the limit),
so the page costs the same number of queries however much work there is."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Window

DESK_ROWS = 8


@dataclass
class WorkList:
    rows: list
    total: int


def first_rows(queryset: QuerySet, limit: int = DESK_ROWS) -> WorkList:
    rows = list(queryset.annotate(rows_in_list=Window(Count("*")))[:limit])
    return WorkList(rows, rows[0].rows_in_list if rows else 0)
