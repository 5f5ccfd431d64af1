from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from vaekstcenter.navigation import main_nav


def site(request) -> dict:
    """The centre's details, the main navigation and the language switch for every page."""
    return {
        "centre": settings.CENTRE,
        "main_nav": main_nav(request.path),
        "language_links": language_links(request),
    }


def language_links(request) -> list[dict]:
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": translate_url(request.get_full_path(), code),
        }
        for code, name in settings.LANGUAGES
    ]
