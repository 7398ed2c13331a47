"""What only PostgreSQL's full-text search does (skipped on SQLite, run in CI)."""

import datetime
import importlib
import re
from contextlib import suppress

import pytest
from django.db import connection, transaction
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import NewsItem
from search import query
from search.query import AllWords, Matches, SearchDocument, search
from tests.portal.factories import (
    bulk_publishables,
    make_news,
    make_office,
    make_official,
    make_page,
)

pytestmark = pytest.mark.django_db


def titles(client, q):
    return [result.title for result in client.get("/buscar/", {"q": q}).context["page_obj"]]


def test_unaccent_extension_is_installed(on_postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SELECT unaccent('Trámite de construcción')")
        assert cursor.fetchone()[0] == "Tramite de construccion"


def test_spanish_stemming_finds_words_of_the_same_family(client, on_postgresql):
    make_news(title="Pago del impuesto predial")
    assert titles(client, "pagar impuestos") == ["Pago del impuesto predial"]


def test_stop_words_alone_find_nothing_without_error(client, on_postgresql):
    make_news(title="De la casa a la escuela")
    response = client.get("/buscar/", {"q": "de la"})
    assert response.status_code == 200


def test_more_occurrences_in_the_body_do_not_beat_the_title(client, on_postgresql):
    make_page(title="Servicios", body="<p>" + "Acueducto y alcantarillado. " * 20 + "</p>")
    make_page(title="Acueducto", body="<p>Horario de atención.</p>")
    assert titles(client, "acueducto")[0] == "Acueducto"


def explain(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params or None)
        return "\n".join(line for (line,) in cursor.fetchall())


def test_searching_news_reads_the_gin_index_even_after_a_burst_of_writes(on_postgresql):
    """
    Without the index a search computes the document of every published item, which took
    450 ms with 10,000 news items. The planner must choose the index with real statistics,
    for a word in every item too, and after many rows were written and removed (with GIN's
    pending list, migration 0003 turns it off, it then costed a read of them all).
    """
    with suppress(RuntimeError), transaction.atomic():
        bulk_publishables(NewsItem, 20_000)
        raise RuntimeError("rolled back: the rows stay in the index until VACUUM")
    bulk_publishables(NewsItem, 400)
    make_news(title="Licencia de construcción")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_newsitem")
    for word in ("licencia", "masivo"):
        with CaptureQueriesContext(connection) as captured:
            search(word)
        (news_query,) = [q["sql"] for q in captured if 'FROM "portal_newsitem"' in q["sql"]]
        assert "Bitmap Index Scan on search_newsitem_document" in explain(news_query)


def test_every_index_of_migration_0002_serves_a_document_that_search_matches_on(on_postgresql):
    """
    Each index expression must be exactly the SQL of search.query.SearchDocument over a
    kind's fields, or the planner silently goes back to computing every row's document.
    (Sequential scans, plain index scans and nested loops are off: on these nearly empty
    tables the planner could otherwise read a vacuumed one through a join's index, as it
    once did in CI. Left with bitmap scans, only an index on the document can apply.)
    """
    migration = importlib.import_module("search.migrations.0002_search_indexes")
    words = AllWords(Value("licencia"))
    used = set()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
    for source in query.SOURCES:
        model = source.queryset(timezone.now()).model
        own_fields = [name for name in source.fields if "__" not in name]
        for fields in {tuple(source.fields), tuple(own_fields), ()}:
            if any("__" in name for name in fields):
                continue  # another table's field: no index can cover it
            matching = model.objects.filter(Matches(SearchDocument(source.title, *fields), words))
            plan = explain(*matching.query.sql_with_params())
            used |= set(re.findall(r"Index Scan on (search_\w+)", plan))
    assert used == {name for name, *_ in migration.INDEXES}


def test_with_more_matches_than_are_ranked_title_matches_still_come_first(
    client, on_postgresql, monkeypatch
):
    monkeypatch.setattr(query, "RANKED", 2)
    make_news(
        title="Licencias de construcción",
        publish_at=timezone.now() - datetime.timedelta(days=400),
    )
    for n in range(3):
        make_news(title=f"Boletín {n}", body="<p>Trámites de licencia en la semana.</p>")
    assert titles(client, "licencia")[0] == "Licencias de construcción"


def test_officials_are_found_by_words_in_their_own_fields_and_their_office_together(
    client, on_postgresql
):
    hacienda = make_office(name="Secretaría de Hacienda")
    make_official(hacienda, name="Ana Pérez", position="Tesorera")
    make_official(hacienda, name="Luis Rojas", position="Auxiliar administrativo")
    make_official(name="Marta Pérez", position="Tesorera")
    assert titles(client, "tesorera hacienda") == ["Ana Pérez"]
    assert titles(client, "pérez hacienda") == ["Ana Pérez"]
    assert sorted(titles(client, "hacienda")) == ["Ana Pérez", "Luis Rojas"]


def test_each_kind_is_compiled_once_and_runs_with_the_words_and_time_of_each_search(
    on_postgresql,
):
    query._compiled.cache_clear()
    make_news(title="Licencia de construcción")
    make_news(title="Impuesto predial", publish_at=timezone.now() + datetime.timedelta(days=1))
    make_official(name="Marta Pérez", position="Tesorera")

    assert [result.title for result in search("licencia")[0]] == ["Licencia de construcción"]
    assert search("predial")[0] == []
    later = timezone.now() + datetime.timedelta(days=2)
    assert [result.title for result in search("predial", now=later)[0]] == ["Impuesto predial"]
    assert [result.title for result in search("tesorera")[0]] == ["Marta Pérez"]
    assert query._compiled.cache_info().misses == len(query.SOURCES)
