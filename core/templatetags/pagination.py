"""The ``{% pagination page %}`` tag, a built-in of every template (see TEMPLATES in settings).

Every paged list renders the same DKFDS pagination. Its links keep the rest of the query and
change only ``side`` (Django's ``{% querystring %}``); the ``?side=`` parameter is the one name
for the page number everywhere.
"""

from django import template

register = template.Library()


@register.inclusion_tag("partials/pagination.html", takes_context=True)
def pagination(context, page) -> dict:
    """First, previous, the numbers around the current page (with gaps elided), next, last."""
    paginator = page.paginator
    return {
        "request": context.get("request"),
        "page": page,
        "numbers": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "ellipsis": paginator.ELLIPSIS,
    }
