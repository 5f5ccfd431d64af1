"""The main navigation and breadcrumbs, shared by every app."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

MAIN_NAV = [
    ("portal:knowledge", gettext_lazy("Viden")),
    ("registry:index", gettext_lazy("Registrering")),
    ("guidance:index", gettext_lazy("Rådgivning")),
    ("events:index", gettext_lazy("Arrangementer")),
    ("network:index", gettext_lazy("Netværk")),
    ("portal:about", gettext_lazy("Om Vækstcentret")),
]


def main_nav(path: str) -> list[dict]:
    urls = _main_nav_urls(get_language(), get_urlconf(), get_script_prefix())
    return [
        {"url": url, "label": label, "current": path.startswith(url)}
        for url, (_, label) in zip(urls, MAIN_NAV, strict=True)
    ]


def current_section(items: list[dict]) -> int:
    """Which item of the main navigation the page is in (-1: none), for keying cached parts."""
    return next((number for number, item in enumerate(items) if item["current"]), -1)


@lru_cache(maxsize=32)
def _main_nav_urls(language, urlconf, prefix) -> tuple[str, ...]:
    """The same on every page in a language: reversed once, not six times a page."""
    return tuple(reverse(url_name) for url_name, _ in MAIN_NAV)


def breadcrumbs(*trail: tuple[str, str | None]) -> list[dict]:
    """Breadcrumbs from the home page: (label, url) pairs after "Forside"; the last url is None."""
    items = [(_("Forside"), reverse("portal:home")), *trail]
    return [{"label": label, "url": url} for label, url in items]
