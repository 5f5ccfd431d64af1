"""guidance.Request is called Enquiry: it no longer shares a name with the HTTP request.

The rows stay where they are: the table and the foreign-key columns are renamed in place
(``guidance_request`` to ``guidance_enquiry``, ``request_id`` to ``enquiry_id``), the content
type follows the model (Django renames it), and the model's permissions keep their ids and the
groups holding them, with codenames that follow the name (``change_request`` to
``change_enquiry``; their names come from the unchanged verbose name). Going back renames everything back.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ACTIONS = ("add", "change", "delete", "view")


def rename_permissions(apps, old: str, new: str) -> None:
    permissions = apps.get_model("auth", "Permission")
    for action in ACTIONS:
        permissions.objects.filter(
            content_type__app_label="guidance", codename=f"{action}_{old}"
        ).update(codename=f"{action}_{new}")


def forward(apps, schema_editor) -> None:
    rename_permissions(apps, "request", "enquiry")


def backward(apps, schema_editor) -> None:
    rename_permissions(apps, "enquiry", "request")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("guidance", "0006_pending_upload_client"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Request", "Enquiry"),
        migrations.RenameField("message", "request", "enquiry"),
        migrations.RenameField("referral", "request", "enquiry"),
        migrations.RenameField("statuschange", "request", "enquiry"),
        migrations.RenameField("satisfaction", "request", "enquiry"),
        # The indexes on the renamed columns are the same indexes in the database.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex("message", "guidance_msg_thread_idx"),
                migrations.RemoveIndex("statuschange", "guidance_change_idx"),
                migrations.AddIndex(
                    "message",
                    models.Index(fields=["enquiry", "created_at"], name="guidance_msg_thread_idx"),
                ),
                migrations.AddIndex(
                    "statuschange",
                    models.Index(fields=["enquiry", "changed_at"], name="guidance_change_idx"),
                ),
            ]
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="adviser",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_guidance_enquiries",
                to=settings.AUTH_USER_MODEL,
                verbose_name="rådgiver",
            ),
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="guidance_enquiries",
                to="geography.municipality",
                verbose_name="kommune",
            ),
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="guidance_enquiries",
                to=settings.AUTH_USER_MODEL,
                verbose_name="bruger",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
