"""Municipalities' addresses: the name with Danish letters spelt out, as the site's other
addresses do ("tilgaengelighed", "soeg"): æ → ae, ø → oe, å → aa, then Django's slugify.

Stable: a municipality keeps its address as long as it keeps its name.
"""

from django.utils.text import slugify

DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def municipality_slug(name: str) -> str:
    return slugify(name.lower().translate(DANISH_LETTERS))
