from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_application_draft_input_and_copy"),
    ]

    operations = [
        migrations.AddField(
            model_name="socialaccount",
            name="turnover",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="omsætning i regnskabsåret (kr.)"
            ),
        ),
    ]
