"""Page-number pagination with absolute ``next``/``previous`` links."""

import math

from ninja import Field, Schema

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# Far past any real list; bounds the OFFSET a request can ask the database for.
MAX_PAGE = 100_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page to show, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Results per page, at most {MAX_PAGE_SIZE}.",
    )


def paginate(request, rows, *, count: int, params: PageParams) -> dict:
    """One page of ``rows`` (a queryset or list; only this page is read). A page past the
    last is empty, its ``previous`` the last page."""
    start = (params.page - 1) * params.page_size
    results = list(rows[start : start + params.page_size]) if start < count else []
    last = max(1, math.ceil(count / params.page_size))
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": _link(request, params.page + 1) if params.page < last else None,
        "previous": _link(request, min(params.page - 1, last)) if params.page > 1 else None,
        "results": results,
    }


def _link(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
