"""CaseEvent takes the kernel's history shape (StatusChangeRecord): at, actor and message become
changed_at, changed_by and note (renamed, every row kept), visible_to_applicant becomes its
inverse staff_only; and a case keeps the language it was started in, for its mail."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def staff_only_from_visibility(apps, schema_editor):
    """Entries hidden from the applicant become the case handlers' own."""
    CaseEvent = apps.get_model("registry", "CaseEvent")
    CaseEvent.objects.filter(visible_to_applicant=False).update(staff_only=True)


def visibility_from_staff_only(apps, schema_editor):
    CaseEvent = apps.get_model("registry", "CaseEvent")
    CaseEvent.objects.filter(staff_only=True).update(visible_to_applicant=False)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_representation_withdrawn"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="caseevent",
            options={
                "ordering": ["changed_at", "pk"],
                "verbose_name": "hændelse",
                "verbose_name_plural": "sagshistorik",
            },
        ),
        migrations.RemoveIndex(
            model_name="caseevent",
            name="caseevent_application_idx",
        ),
        migrations.RenameField(
            model_name="caseevent",
            old_name="at",
            new_name="changed_at",
        ),
        migrations.RenameField(
            model_name="caseevent",
            old_name="message",
            new_name="note",
        ),
        migrations.AddField(
            model_name="application",
            name="language",
            field=models.CharField(
                default="da", editable=False, max_length=8, verbose_name="sprog"
            ),
        ),
        migrations.RenameField(
            model_name="caseevent",
            old_name="actor",
            new_name="changed_by",
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="changed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ændret af",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="staff_only",
            field=models.BooleanField(default=False, verbose_name="kun for sagsbehandlere"),
        ),
        migrations.RunPython(staff_only_from_visibility, visibility_from_staff_only),
        migrations.AlterField(
            model_name="caseevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Ansøgning oprettet"),
                    ("submit", "Ansøgning indsendt"),
                    ("take", "Sagen er taget under behandling"),
                    ("request_information", "Anmodning om flere oplysninger"),
                    ("answer", "Ansøgerens svar"),
                    ("register", "Virksomheden er registreret"),
                    ("reject", "Ansøgningen er afslået"),
                    ("withdraw", "Ansøgningen er trukket tilbage"),
                    ("deregister", "Virksomheden er afregistreret"),
                    ("deregister_voluntarily", "Virksomheden er afregistreret efter eget ønske"),
                    ("change", "Ændring af virksomhedens oplysninger"),
                    ("accounts_submitted", "Socialt regnskab indsendt"),
                    ("accounts_reviewed", "Socialt regnskab gennemgået"),
                    ("deregistration_opened", "Sag om afregistrering åbnet"),
                    ("invite", "Invitation sendt"),
                    ("invitation_revoked", "Invitation tilbagekaldt"),
                    ("representative_added", "Ny repræsentant for virksomheden"),
                    ("representative_removed", "Repræsentant fjernet"),
                    ("reapply", "Ny ansøgning efter afslag"),
                    ("claim", "Anmodning om at handle for virksomheden"),
                    ("claim_approved", "Retten til at handle for virksomheden er godkendt"),
                    ("claim_rejected", "Retten til at handle for virksomheden er afvist"),
                    ("assess", "Kriterium vurderet"),
                ],
                max_length=30,
                verbose_name="handling",
            ),
        ),
        migrations.AddIndex(
            model_name="caseevent",
            index=models.Index(
                fields=["application", "changed_at"], name="caseevent_application_idx"
            ),
        ),
        migrations.RemoveField(
            model_name="caseevent",
            name="visible_to_applicant",
        ),
    ]
