"""
GIN indexes over the full-text documents that `search.query` matches on PostgreSQL, so a
search reads the index instead of computing to_tsvector() for every row on every request.

PostgreSQL only indexes IMMUTABLE expressions and unaccent() is only STABLE (its dictionary
could change), so this adds the usual IMMUTABLE wrapper, `immutable_unaccent(text)`, and
`search.query` calls it. Each index expression is, character for character, the SQL of
`search.query.SearchDocument`; if they ever differ the planner stops using the index, and
tests/search/test_postgresql.py fails. Nothing happens on SQLite.
"""

from django.db import migrations

# (index, table, title column, body columns): the `title` and `fields` of
# search.query.SOURCES, the whole document and the title alone (the title index tells which
# matches to rank first when there are too many to rank them all).
INDEXES = (
    (
        "search_procedure_document",
        "tramites_procedure",
        "name",
        ("purpose", "who_may_ask", "result"),
    ),
    ("search_procedure_title", "tramites_procedure", "name", ()),
    ("search_newsitem_document", "portal_newsitem", "title", ("summary", "body")),
    ("search_newsitem_title", "portal_newsitem", "title", ()),
    ("search_event_document", "portal_event", "title", ("summary", "body", "location")),
    ("search_event_title", "portal_event", "title", ()),
    ("search_document_document", "portal_document", "title", ("number", "description")),
    ("search_document_title", "portal_document", "title", ()),
    ("search_page_document", "portal_page", "title", ("summary", "body")),
    ("search_page_title", "portal_page", "title", ()),
    # An official's document also has the office's name, from another table: this covers
    # only the official's own fields, and search.query uses it to narrow the rows first.
    ("search_official_own_fields", "portal_official", "name", ("position",)),
)


def document_sql(title, fields):
    """The SQL of search.query.SearchDocument(title, *fields)."""

    def vector(columns, weight):
        text = " || ' ' || ".join(
            f"COALESCE(immutable_unaccent(\"{column}\"), '')" for column in columns
        )
        return f"setweight(to_tsvector('spanish'::regconfig, {text}), '{weight}')"

    if not fields:
        return vector([title], "A")
    return f"({vector([title], 'A')} || {vector(fields, 'B')})"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        (schema,) = cursor.fetchone()
    # Created next to the tables (where the database user may create things) but naming the
    # extension's schema, so it works whatever the search_path of whoever writes a row.
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )
    for name, table, title, fields in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX "{name}" ON "{table}" USING gin (({document_sql(title, fields)}))'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _title, _fields in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS immutable_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_unaccent_extension"),
        ("portal", "0001_initial"),
        ("tramites", "0001_catalogue"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
