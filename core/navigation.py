"""The main navigation and breadcrumbs, shared by every app."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAIN_NAV = [
    ("portal:knowledge", gettext_lazy("Viden")),
    ("registry:index", gettext_lazy("Registrering")),
    ("guidance:index", gettext_lazy("Rådgivning")),
    ("events:index", gettext_lazy("Arrangementer")),
    ("network:index", gettext_lazy("Netværk")),
    ("portal:about", gettext_lazy("Om Vækstcentret")),
]


def main_nav(path: str) -> list[dict]:
    items = []
    for url_name, label in MAIN_NAV:
        url = reverse(url_name)
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return items


def breadcrumbs(*trail: tuple[str, str | None]) -> list[dict]:
    """Breadcrumbs from the home page: (label, url) pairs after "Forside"; the last url is None."""
    items = [(_("Forside"), reverse("portal:home")), *trail]
    return [{"label": label, "url": url} for label, url in items]
