from django.db import migrations

from core.collation import refresh_sort_key


class Migration(migrations.Migration):
    """Sort "aa" as å anywhere in a name, not only at the start."""

    dependencies = [("registry", "0005_register_sort_index_with_id")]
    operations = [refresh_sort_key("registry", "Enterprise")]
