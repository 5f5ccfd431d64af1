"""Reads of the reference data, kept in memory: it changes only with a deploy.

The regions and municipalities come from ``data/municipalities.csv`` (see ``reference``), are
read-only in the back office, and are reloaded only by ``load_reference_data``, which forgets
these copies. A public page that lists them costs no query.
"""

from functools import cache

from geography.models import Municipality, Region


@cache
def region_choices() -> tuple[tuple[int, str], ...]:
    """(code, name) of every region in Danish order."""
    return tuple(Region.objects.order_by("sort_key").values_list("code", "name"))


@cache
def municipality_choices() -> tuple[tuple[int, str], ...]:
    """(code, name) of every municipality in Danish order."""
    return tuple(Municipality.objects.order_by("sort_key").values_list("code", "name"))


def forget_reference_data() -> None:
    region_choices.cache_clear()
    municipality_choices.cache_clear()
