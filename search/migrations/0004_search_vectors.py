"""
Search through Django's SearchVector: a Spanish text search configuration that also drops
accents, and GIN indexes over the same vectors as `search.query.vectors()`, in place of the
hand-written indexes and `immutable_unaccent()` of 0002. Nothing happens on SQLite.
"""

import importlib

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "spanish_unaccent"
# (app, model, title, body fields) of each kind in search.query.SOURCES whose fields are all
# its own (an official's office name is in another table, and no index can cover it).
KINDS = (
    ("tramites", "procedure", "name", ("purpose", "who_may_ask", "result")),
    ("portal", "newsitem", "title", ("summary", "body")),
    ("portal", "event", "title", ("summary", "body", "location")),
    ("portal", "document", "title", ("number", "description")),
    ("portal", "page", "title", ("summary", "body")),
)

old = importlib.import_module("search.migrations.0002_search_indexes")
without_pending_list = importlib.import_module(
    "search.migrations.0003_search_indexes_without_pending_list"
)


def indexes(apps, kinds=KINDS):
    # Without GIN's pending list (fastupdate), new rows go straight into the index, so the
    # planner does not cost reading a long unsorted list after a burst of writes.
    for app, model, title, fields in kinds:
        model_class = apps.get_model(app, model)
        title_vector = SearchVector(title, weight="A", config=CONFIG)
        document = title_vector + SearchVector(*fields, weight="B", config=CONFIG)
        for name, vector in (
            (f"search_{model}_title", title_vector),
            (f"search_{model}_doc", document),
        ):
            yield model_class, GinIndex(vector, name=name, fastupdate=False)


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = spanish)")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem"
        )


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION {CONFIG}")


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in indexes(apps):
            schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_indexes_without_pending_list")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, without_pending_list.set_fastupdate("off")),
        migrations.RunPython(old.drop_indexes, old.create_indexes),
        migrations.RunPython(create_config, drop_config),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
