"""Rate-limit counters in a table of their own, and a second cache table for whole pages.

The page cache (``CACHES["pages"]``) is culled when full; it gets its own table, so that its
culling can never delete the default cache's entries (allauth's login limits). Both tables are
unlogged (see ``core.cache.unlogged_cache_table``): a crash empties them, which resets
windows of at most an hour and cached pages.
"""

from django.db import migrations, models

from core.cache import unlogged_cache_table

PAGE_CACHE_FORWARD, _ = unlogged_cache_table("django_page_cache")


class Migration(migrations.Migration):
    dependencies = [
        ("vaekstcenter", "0002_mail_admin"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateLimitCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scope", models.CharField(max_length=64)),
                ("client", models.CharField(max_length=64)),
                ("window_start", models.DateTimeField()),
                ("expires_at", models.DateTimeField(db_index=True)),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scope", "client"), name="one_counter_per_client"
                    )
                ],
            },
        ),
        migrations.RunSQL(
            'ALTER TABLE "vaekstcenter_ratelimitcounter" SET UNLOGGED',
            'ALTER TABLE "vaekstcenter_ratelimitcounter" SET LOGGED',
        ),
        migrations.RunSQL(PAGE_CACHE_FORWARD, 'DROP TABLE IF EXISTS "django_page_cache"'),
    ]
