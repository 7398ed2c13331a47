"""
The search vectors stored in the rows (portal.models.Searchable): a GIN index over each stored
document replaces those over the computed vectors of 0004 and 0005, and the officials, whose
office name is in another table, get one too. The vectors are written after migrate
(search/vectors.py). Nothing happens on SQLite.
"""

import importlib

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

computed = importlib.import_module("search.migrations.0004_search_vectors")
more_kinds = importlib.import_module("search.migrations.0005_trigrams_and_more_kinds")

STORED = (
    ("tramites", "procedure"),
    ("portal", "newsitem"),
    ("portal", "event"),
    ("portal", "document"),
    ("portal", "page"),
    ("portal", "official"),
    ("transparency", "menuitem"),
    ("participation", "survey"),
    ("participation", "draftregulation"),
)


def stored_indexes(apps):
    # Only the whole document: the search finds rows by it, and tells title matches among them.
    for app, model in STORED:
        index = GinIndex(
            fields=["search_document"], name=f"{model}_search_document", fastupdate=False
        )
        yield apps.get_model(app, model), index


def computed_indexes(apps):
    yield from computed.indexes(apps)
    yield from computed.indexes(apps, more_kinds.KINDS)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in computed_indexes(apps):
            schema_editor.remove_index(model, index)
        for model, index in stored_indexes(apps):
            schema_editor.add_index(model, index)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in stored_indexes(apps):
            schema_editor.remove_index(model, index)
        for model, index in computed_indexes(apps):
            schema_editor.add_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_trigrams_and_more_kinds"),
        ("portal", "0007_search_vectors"),
        ("tramites", "0003_search_vectors"),
        ("transparency", "0004_search_vectors"),
        ("participation", "0003_search_vectors"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
