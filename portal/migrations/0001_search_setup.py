"""Extensions and the text search configuration that Danish full-text search builds on.

``danish_unaccent`` is PostgreSQL's ``danish`` Snowball configuration with unaccent in front, so
that "socialokonomisk" finds "socialøkonomisk" as well as stemming "virksomheder" to "virksomhed".
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE_CONFIG = """
CREATE TEXT SEARCH CONFIGURATION danish_unaccent (COPY = danish);
ALTER TEXT SEARCH CONFIGURATION danish_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, danish_stem;
"""
DROP_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS danish_unaccent;"


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunSQL(CREATE_CONFIG, DROP_CONFIG),
    ]
