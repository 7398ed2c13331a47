"""
The search indexes of migration 0002 without GIN's pending list (fastupdate = off).

With fastupdate, new rows wait in an unsorted pending list until VACUUM merges them, and
the planner costs a read of that whole list into every index scan. After a burst of new or
deleted rows (an import, a cleanup) it then computed every row's document instead of
reading the index, until autovacuum came by: 450 ms a search with 10,000 news items.
Editors write a few rows a day, so adding them to the index straight away costs nothing.
"""

import importlib

from django.db import migrations

INDEXES = importlib.import_module("search.migrations.0002_search_indexes").INDEXES


def set_fastupdate(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, *_ in INDEXES:
            schema_editor.execute(f'ALTER INDEX "{name}" SET (fastupdate = {value})')
            if value == "off":
                # Merges what already waits, which the setting alone leaves until VACUUM.
                schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_indexes")]

    operations = [migrations.RunPython(set_fastupdate("off"), set_fastupdate("on"))]
