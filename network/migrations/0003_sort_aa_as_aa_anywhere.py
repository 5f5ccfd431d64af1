from django.db import migrations

from core.collation import refresh_sort_key


class Migration(migrations.Migration):
    """Sort "aa" as å anywhere in a name, not only at the start."""

    dependencies = [("network", "0002_shared_change_history")]
    operations = [refresh_sort_key("network", "Profile")]
