"""The site search (/soeg/) at volume: 100,000 articles and 50,000 registered enterprises.

``seed(count)`` uses the portal and registry scenarios' seeders (``count`` articles and half as
many enterprises). ``paths()`` times one query of each kind. Every request of an "uncached" row
is a new page for the page cache (the query gets a different number of trailing spaces, which
the search ignores), so those rows show the search's own cost. Target from issue 16: p95 at most
50 ms uncached.

    python benchmarks/run.py --scenario search --count 100000 --requests 300 --threads 4
"""

from urllib.parse import quote_plus

from benchmarks.scenarios import portal, registry


def seed(count: int) -> None:
    portal.seed(count)
    registry.seed(count // 2)


QUERIES = [
    ("rare word", "vedtægter", ""),
    ("common word", "virksomhed", ""),
    ("common word 2", "kommune", ""),
    ("how-to", "starte virksomhed", ""),
    ("two words", "sociale klausuler", ""),
    ("phrase", '"det sociale regnskab"', ""),
    ("place name", "esbjerg", ""),
    ("enterprise name", "solsikke", ""),
    ("articles page 3", "virksomhed", "&type=artikler&side=3"),
    ("enterprises page 2", "genbrug", "&type=virksomheder&side=2"),
    ("typo", "socialøkonomsk", ""),
    ("nothing found", "zzzqqq", ""),
    ("empty query", "", ""),
]


def _uncached(words: str, rest: str):
    query = quote_plus(words)
    return lambda number: f"/soeg/?q={query}{'+' * (number % 500 + 1)}{rest}"


def paths() -> list[tuple[str, object]]:
    result = [("search cached (common word)", "/soeg/?q=virksomhed")]
    result += [(f"search {label}", _uncached(words, rest)) for label, words, rest in QUERIES]
    return result
