"""The knowledge portal: home, lists, an article and search, cached and uncached.

A path containing ``{n}`` gets the request's number there, so every request misses the page
cache: those rows show the uncached cost.
"""

from django.core.management import call_command

from portal import demo as portal_demo
from portal.models import Article


def seed(count: int) -> None:
    portal_demo.load()
    existing = Article.objects.filter(slug__startswith="genereret-").count()
    if count > existing:
        call_command("generate_portal_articles", count=count - existing, verbosity=1)


ARTICLE = "/viden/hvad-er-en-socialoekonomisk-virksomhed/"


def paths() -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("list", "/viden/"),
        ("list filtered", "/viden/?tema=finansiering&type=guide&side=3"),
        ("article", ARTICLE),
        ("search", "/soeg/?q=virksomheder"),
        ("search typo", "/soeg/?q=socialøkonomsk"),
        ("home uncached", "/?n={n}"),
        ("list uncached", "/viden/?side={n}"),
        ("article uncached", ARTICLE + "?n={n}"),
        ("search uncached", "/soeg/?q=sociale+klausuler&n={n}"),
        ("search typo uncached", "/soeg/?q=socialøkonomsk&n={n}"),
    ]
