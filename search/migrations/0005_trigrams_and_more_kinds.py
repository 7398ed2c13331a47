"""
PostgreSQL's pg_trgm extension, for the spelling suggestions of `search.query.suggest()`
("predail" -> "predial"), and GIN indexes over the search vectors of the kinds added to the
search: the transparency menus, surveys and draft regulations (the same vectors as
`search.query.vectors()`; the three entities need none). Nothing happens on SQLite:
TrigramExtension, like UnaccentExtension in 0001, does nothing on another database.
"""

import importlib

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

vectors = importlib.import_module("search.migrations.0004_search_vectors")

KINDS = (
    ("transparency", "menuitem", "label", ("description",)),
    ("participation", "survey", "title", ("description",)),
    ("participation", "draftregulation", "title", ("summary",)),
)


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in vectors.indexes(apps, KINDS):
            schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in vectors.indexes(apps, KINDS):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_search_vectors"),
        ("transparency", "0001_initial"),
        ("participation", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
