"""Registration links are kept only as SHA-256 digests (``core.secret_links``), and a
sign-up may wait for its address to be confirmed (``pending``). Going back gives every row a new
clear token: the old ones are gone."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

from core.secret_links import digest


def hash_existing_tokens(apps, schema_editor):
    """Cancellation links already mailed keep working: their tokens are hashed, then dropped."""
    Registration = apps.get_model("events", "Registration")
    registrations = list(Registration.objects.only("pk", "cancel_token"))
    for registration in registrations:
        registration.link_hashes = [digest(str(registration.cancel_token))]
    Registration.objects.bulk_update(registrations, ["link_hashes"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_shared_change_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="link_hashes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=64), blank=True, default=list, editable=False
            ),
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="registration",
            name="cancel_token",
        ),
        migrations.AlterField(
            model_name="registration",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Afventer bekræftelse af e-mail"),
                    ("confirmed", "Tilmeldt"),
                    ("waiting", "På venteliste"),
                    ("cancelled", "Afmeldt"),
                ],
                editable=False,
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="registrationchange",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("pending", "Afventer bekræftelse af e-mail"),
                    ("confirmed", "Tilmeldt"),
                    ("waiting", "På venteliste"),
                    ("cancelled", "Afmeldt"),
                ],
                max_length=20,
                verbose_name="fra",
            ),
        ),
        migrations.AlterField(
            model_name="registrationchange",
            name="to_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("pending", "Afventer bekræftelse af e-mail"),
                    ("confirmed", "Tilmeldt"),
                    ("waiting", "På venteliste"),
                    ("cancelled", "Afmeldt"),
                ],
                max_length=20,
                verbose_name="til",
            ),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["link_hashes"], name="registration_links_idx"
            ),
        ),
    ]
