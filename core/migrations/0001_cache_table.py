"""The table of the default cache (``CACHES["default"]["LOCATION"]``), made for a cache.

See ``core.cache.unlogged_cache_table``.
"""

from django.db import migrations

from core.cache import unlogged_cache_table

FORWARD, BACKWARD = unlogged_cache_table("django_cache")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
