"""Case links are kept only as SHA-256 digests (``core.secret_links``).

The clear token of every existing request is hashed into ``link_hashes``, so links already mailed
keep working, and then the clear column goes. Going back gives every row a new clear
token: the old ones are gone.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

from core.secret_links import digest


def hash_existing_tokens(apps, schema_editor):
    Request = apps.get_model("guidance", "Request")
    requests = list(Request.objects.only("pk", "access_token"))
    for request in requests:
        request.link_hashes = [digest(request.access_token)]
    Request.objects.bulk_update(requests, ["link_hashes"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0004_shared_change_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="request",
            name="link_hashes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=64), blank=True, default=list, editable=False
            ),
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="request",
            name="access_token",
        ),
        migrations.AddIndex(
            model_name="request",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["link_hashes"], name="guidance_req_links_idx"
            ),
        ),
    ]
