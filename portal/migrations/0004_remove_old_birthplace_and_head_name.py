"""
The old birthplace text and office head name go once 0003 has copied them.

Apart from 0003 because PostgreSQL refuses to alter a table in the transaction that wrote rows
with deferred foreign-key checks still pending ("pending trigger events").
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_directory_item_1_5_contractors_office_tree"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="office",
            name="head_name",
        ),
        migrations.RemoveField(
            model_name="official",
            name="birthplace",
        ),
    ]
