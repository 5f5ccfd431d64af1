"""Registry benchmark scenario: the public register at volume.

``seed(count)`` bulk-creates fictional registered enterprises; ``paths()`` lists the pages to time
(the register list, a search, a filtered list, an enterprise page and the CSV export).
Target from the issue: register search p95 under 50 ms at 50,000 enterprises.
"""

from django.urls import reverse


def seed(count: int = 50_000) -> None:
    from registry.demo.enterprises import generate

    generate(count)


def paths() -> list[tuple[str, str]]:
    from registry.models import Enterprise

    enterprise = Enterprise.objects.registered().order_by("id").first()
    register = reverse("registry:register")
    result = [
        ("register list", register),
        ("register search (full text)", f"{register}?q=genbrug"),
        ("register search (name fragment)", f"{register}?q=Solsikke"),
        ("register filtered", f"{register}?region=1082&field=employment"),
        ("register page 50", f"{register}?side=50"),
        ("register search, a new name each time", _new_name_search(register)),
        ("register search, a new word each time", _new_word_search(register)),
        ("register list uncached", f"{register}?side={{n}}"),
        ("register CSV (filtered)", reverse("registry:register_csv") + "?municipality=101"),
    ]
    if enterprise:
        result.append(("enterprise page", enterprise.get_absolute_url()))
    return result


def _new_name_search(register: str):
    """Every request a name fragment not asked for before: no page in the cache."""
    from registry.demo.enterprises import FIRST, SECOND

    names = [f"{first} {second}" for first in FIRST for second in SECOND]
    return lambda number: f"{register}?q={names[number % len(names)]}&n={number}"


def _new_word_search(register: str):
    """Every request a purpose word, each one a fresh page (the counts may come from cache)."""
    from registry.demo.enterprises import SECOND

    return lambda number: f"{register}?q={SECOND[number % len(SECOND)].lower()}&n={number}"
