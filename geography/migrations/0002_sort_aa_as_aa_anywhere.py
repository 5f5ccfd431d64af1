from django.db import migrations

from core.collation import refresh_sort_key


class Migration(migrations.Migration):
    """Sort "aa" as å anywhere in a name (Faaborg-Midtfyn), not only at the start."""

    dependencies = [("geography", "0001_initial")]
    operations = [
        refresh_sort_key("geography", "Region"),
        refresh_sort_key("geography", "Municipality"),
    ]
