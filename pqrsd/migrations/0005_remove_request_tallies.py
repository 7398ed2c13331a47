"""
The reports count the requests themselves (pqrsd.stats): the triggers of migration 0003 and the
tallies they kept go. Going back recreates both and counts the requests again (migration 0004).
"""

from importlib import import_module

from django.db import migrations

tallies = import_module("pqrsd.migrations.0003_request_tallies")
first_count = import_module("pqrsd.migrations.0004_count_filed_requests")


def restore_triggers(apps, schema_editor):
    tallies.run({"postgresql": tallies.POSTGRESQL, "sqlite": tallies.SQLITE})(apps, schema_editor)
    first_count.count_requests(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("pqrsd", "0004_count_filed_requests"),
    ]

    operations = [
        migrations.RunPython(
            tallies.run(
                {"postgresql": tallies.POSTGRESQL_REVERSE, "sqlite": tallies.SQLITE_REVERSE}
            ),
            restore_triggers,
        ),
        migrations.DeleteModel(name="MonthlyTally"),
        migrations.DeleteModel(name="RunningTermTally"),
    ]
