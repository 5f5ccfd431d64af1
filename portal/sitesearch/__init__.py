"""One search box for the whole site: articles, the register, events, the network and the
service pages, behind one small interface.

The views ask ``backend()`` for a ``SearchPage`` and know nothing about how it was found. The
backend is a class named by the ``SITE_SEARCH_BACKEND`` setting; PostgreSQL full-text search
(``portal.sitesearch.postgres``) is the default. A deployment that outgrows it can write a class
with the same ``search`` method against OpenSearch or Meilisearch (see docs/deploy.md).
"""

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 10
PREVIEW_SIZE = 3  # hits per kind when every kind is shown
# Counting stops here: a common word matches most of the archive, and counting every match
# would read every match. Above it the page says "more than" and pages on as far as they go.
COUNT_CAP = 100


@dataclass(frozen=True)
class Kind:
    slug: str  # in the address: ?type=<slug>
    label: str
    plural: str


KINDS = [
    Kind("artikler", _("Artikel"), _("Artikler")),
    Kind("virksomheder", _("Registreret virksomhed"), _("Registrerede virksomheder")),
    Kind("arrangementer", _("Arrangement"), _("Arrangementer")),
    Kind("netvaerk", _("Netværksprofil"), _("Netværksprofiler")),
    Kind("sider", _("Side"), _("Sider om vores tilbud")),
]
KIND_SLUGS = [kind.slug for kind in KINDS]


@dataclass
class Hit:
    """One found thing, as the result list shows it; ``title`` and ``snippet`` are safe HTML
    with the query's words in <mark>."""

    url: str
    title: str
    snippet: str
    label: str  # what it is: "Vejledning", "Registreret virksomhed", …
    date: object = None  # shown when set (a date or datetime)


@dataclass
class KindResult:
    kind: Kind
    count: int = 0
    capped: bool = False  # more than COUNT_CAP matches: ``count`` is COUNT_CAP
    hits: list[Hit] = field(default_factory=list)


@dataclass
class SearchPage:
    query: str
    kind: str = ""  # one of KIND_SLUGS, or "" for every kind
    page_number: int = 1
    results: list[KindResult] = field(default_factory=list)  # in KINDS order
    suggestion: str = ""  # "Mente du …?"
    typo_hits: list[Hit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(result.count for result in self.results)

    @property
    def capped(self) -> bool:
        return any(result.capped for result in self.results)

    @property
    def selected(self) -> KindResult | None:
        return next((r for r in self.results if r.kind.slug == self.kind), None)


class SearchBackend:
    """What a search engine must answer: one page of hits for ``query``.

    With ``kind`` empty, the first ``PREVIEW_SIZE`` hits of every kind; with a kind, page
    ``page_number`` (``PAGE_SIZE`` hits) of that kind. Counts for every kind either way, and a
    suggestion when nothing matched. Hits are in the current language (``get_language``).
    """

    def search(self, query: str, kind: str = "", page_number: int = 1) -> SearchPage:
        raise NotImplementedError


@cache
def _backend_class(path: str) -> type[SearchBackend]:
    return import_string(path)


def backend() -> SearchBackend:
    return _backend_class(settings.SITE_SEARCH_BACKEND)()


def clean_query(text: str) -> str:
    """At most 200 characters of single-spaced text; NUL is not text to us."""
    return " ".join(text.replace("\x00", " ").split())[:200]
