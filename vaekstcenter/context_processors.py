from functools import partial

from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from core.navigation import current_section, main_nav


def site(request) -> dict:
    """The centre's details, the main navigation and the language switch for every page.

    The language switch is worked out only if the page shows it (an article has its own).
    """
    nav = main_nav(request.path)
    return {
        "centre": settings.CENTRE,
        "main_nav": nav,
        "main_section": current_section(nav),
        "language_links": SimpleLazyObject(partial(language_links, request)),
    }


def language_links(request) -> list[dict]:
    """The page in each language, the current one first (DKFDS marks the first as chosen)."""
    current = get_language()
    links = [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": local_translation(request, code),
        }
        for code, name in settings.LANGUAGES
    ]
    return sorted(links, key=lambda link: not link["current"])


def local_translation(request, language: str) -> str:
    """This page in ``language``, always as a path on this site.

    A request path that starts with "//" (or "/\\") would otherwise come back as a link to
    another host: ``//evil.example/viden/`` gave ``//evil.example/en/viden/``.
    Such a path is read as the local path it was sent to; a link that still points away from this
    site falls back to the language's front page.
    """
    path = "/" + request.get_full_path().lstrip("/\\")
    url = translate_url(path, language)
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return url
    return translate_url("/", language)
