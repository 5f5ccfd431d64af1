"""Danish alphabetical order on any PostgreSQL server.

Danish sorts ... x y z æ ø å, and place names spelt with a leading "Aa" (Aabenraa, Aalborg, Aarhus)
as if spelt with å. A Danish ICU collation does that, but the embedded server has no ICU and a
server without it sorts å before æ. ``DanishSortKey`` maps a name to a key whose plain byte order
(the "C" collation) is Danish order: æ, ø, å become the three characters that follow z in ASCII.
Store it in a generated, indexed column and order by that column.
"""

from django.db.models import CharField, Func

_FROM = "æøåäöüéèêáàóòíúý"
_TO = "{|}{|yeeeaaooiuy"


class DanishSortKey(Func):
    function = "translate"
    template = f"translate(regexp_replace(lower(%(expressions)s), '^aa', 'å'), '{_FROM}', '{_TO}')"
    output_field = CharField(db_collation="C")


def danish_sort_key(text: str) -> str:
    """The same key in Python, for lists sorted in memory."""
    text = text.lower()
    if text.startswith("aa"):
        text = "å" + text[2:]
    return text.translate(str.maketrans(_FROM, _TO))
