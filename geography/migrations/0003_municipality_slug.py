from django.db import migrations, models

from geography.slugs import municipality_slug


def give_slugs(apps, schema_editor):
    Municipality = apps.get_model("geography", "Municipality")
    for municipality in Municipality.objects.all():
        municipality.slug = municipality_slug(municipality.name)
        municipality.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("geography", "0002_sort_aa_as_aa_anywhere")]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="slug",
            field=models.SlugField(
                db_index=False, default="", max_length=60, verbose_name="kort navn i adressen"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="municipality",
            name="slug",
            field=models.SlugField(max_length=60, unique=True, verbose_name="kort navn i adressen"),
        ),
    ]
