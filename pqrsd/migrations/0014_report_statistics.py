"""
PostgreSQL statistics on how many distinct groups the report's columns form (a few hundred, not
one per ten requests as the planner guesses from each column alone). With them, the statistics
and the public report count their groups in parallel over the covering index of 0012. Django has
no operation for CREATE STATISTICS; nothing happens on SQLite.
"""

from django.db import migrations

NAME = "pqrsd_request_report_groups"
# pqrsd.models.REPORT_GROUPS when this migration was written.
COLUMNS = "office_id, addressee_entity_id, request_type, status, channel, denial_ground"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS {NAME} (ndistinct) ON {COLUMNS} FROM pqrsd_request"
        )
        schema_editor.execute("ANALYZE pqrsd_request")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("pqrsd", "0013_newest_change_indexes")]

    operations = [migrations.RunPython(create, drop)]
