"""The cache table (``CACHES["default"]["LOCATION"]``), made for a cache.

Unlogged: its rows are never written to the WAL, so a write does not wait for a disk flush; after
a crash PostgreSQL empties the table, which a cache can afford (and it is not copied to
replicas). Its values are stored without PostgreSQL's own compression: stored pages are already
compressed by the page cache, and compressing them again cost more than the whole write.

Creates the table the way ``createcachetable`` does when it is missing, and converts one that
``createcachetable`` made earlier.
"""

from django.db import migrations

TABLE = "django_cache"

FORWARD = f"""
CREATE UNLOGGED TABLE IF NOT EXISTS "{TABLE}" (
    "cache_key" varchar(255) NOT NULL PRIMARY KEY,
    "value" text NOT NULL,
    "expires" timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS "{TABLE}_expires" ON "{TABLE}" ("expires");
ALTER TABLE "{TABLE}" SET UNLOGGED;
ALTER TABLE "{TABLE}" ALTER COLUMN "value" SET STORAGE EXTERNAL;
"""

BACKWARD = f"""
ALTER TABLE "{TABLE}" ALTER COLUMN "value" SET STORAGE EXTENDED;
ALTER TABLE "{TABLE}" SET LOGGED;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
