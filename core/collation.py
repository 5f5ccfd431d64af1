"""Danish alphabetical order on any PostgreSQL server.

Danish sorts ... x y z æ ø å, and "aa" as if spelt å (Aabenraa, Faaborg, Haarby). A Danish ICU
collation does that, but the embedded server has no ICU and a server without it sorts å before
æ. ``DanishSortKey`` maps a name to a key whose plain byte order (the "C" collation) is Danish
order: æ, ø, å become the three characters that follow z in ASCII. Store it in a generated,
indexed column and order by that column.

The expression is not part of a migration's state (the field deconstructs to
``DanishSortKey("name")``), so a change to it needs a migration that runs
``refresh_sort_key`` for every model with such a column.
"""

from django.db import migrations
from django.db.models import CharField, Func

_FROM = "æøåäöüéèêáàóòíúý"
_TO = "{|}{|yeeeaaooiuy"


class DanishSortKey(Func):
    function = "translate"
    template = f"translate(replace(lower(%(expressions)s), 'aa', 'å'), '{_FROM}', '{_TO}')"
    output_field = CharField(db_collation="C")


def danish_sort_key(text: str) -> str:
    """The same key in Python, for lists sorted in memory."""
    return text.lower().replace("aa", "å").translate(str.maketrans(_FROM, _TO))


def refresh_sort_key(app_label: str, model_name: str, field_name: str = "sort_key"):
    """A migration operation that recomputes a stored sort key column with today's expression.

    ``ALTER COLUMN … SET EXPRESSION`` (PostgreSQL 17 and later) rewrites the column and the
    indexes on it in place; running it again is harmless, so it also serves as its own reverse.
    """

    def refresh(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
        sql, params = field.generated_sql(schema_editor.connection)
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} "
            f"ALTER COLUMN {quote(field.column)} SET EXPRESSION AS ({sql})",
            params,
        )

    return migrations.RunPython(refresh, refresh)
