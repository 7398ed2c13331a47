"""What only PostgreSQL's full-text search does (skipped on SQLite, run in CI)."""

import datetime
import re
from contextlib import suppress

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import NewsItem
from search import query
from search.query import search
from tests.portal.factories import (
    bulk_publishables,
    make_entity,
    make_news,
    make_office,
    make_official,
    make_page,
)
from tests.tramites.factories import make_procedure
from tests.transparency.factories import make_item

pytestmark = pytest.mark.django_db


def titles(client, q):
    return [result.title for result in client.get("/buscar/", {"q": q}).context["page_obj"]]


def test_the_spanish_configuration_drops_accents_and_stems(on_postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('spanish_unaccent', 'Trámites de construcción')")
        assert cursor.fetchone()[0] == "'construccion':3 'tramit':1"


def test_spanish_stemming_finds_words_of_the_same_family(client, on_postgresql):
    make_news(title="Pago del impuesto predial")
    assert titles(client, "pagar impuestos") == ["Pago del impuesto predial"]


def test_stop_words_alone_find_nothing_without_error(client, on_postgresql):
    make_news(title="De la casa a la escuela")
    response = client.get("/buscar/", {"q": "de la"})
    assert response.status_code == 200
    assert "No encontramos resultados" in response.content.decode()


def test_web_search_syntax_excludes_and_quotes(client, on_postgresql):
    make_news(title="Licencia de construcción")
    make_news(title="Licencia ambiental")
    assert titles(client, "licencia -ambiental") == ["Licencia de construcción"]
    assert titles(client, '"licencia ambiental"') == ["Licencia ambiental"]


def test_more_occurrences_in_the_body_do_not_beat_the_title(client, on_postgresql):
    make_page(title="Servicios", body="<p>" + "Acueducto y alcantarillado. " * 20 + "</p>")
    make_page(title="Acueducto", body="<p>Horario de atención.</p>")
    assert titles(client, "acueducto")[0] == "Acueducto"


def explain(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params or None)
        return "\n".join(line for (line,) in cursor.fetchall())


def test_each_stored_kind_is_searched_through_the_index_of_its_vectors(on_postgresql):
    """
    Each kind that stores its vectors has a GIN index on its document (0006), and the
    search's own query reads it. (Left with bitmap scans only, the planner can use nothing but an index.)
    The entities and offices, a few rows each, compute theirs and have none.
    """
    with connection.cursor() as cursor:
        for plan_type in ("seqscan", "indexscan", "indexonlyscan", "nestloop"):
            cursor.execute(f"SET LOCAL enable_{plan_type} = off")
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_search_%'")
        indexes = {name for (name,) in cursor.fetchall()}
    used = set()
    for source in query.SOURCES:
        matches = query._postgresql_matches(source, source.model.objects.all(), "licencia")
        plan = explain(*matches.query.sql_with_params())
        used |= set(re.findall(r"Bitmap Index Scan on (\w+_search_\w+)", plan))
    stored = [source.model._meta.model_name for source in query.SOURCES if source.stored]
    assert len(stored) == 9
    assert indexes == {f"{name}_search_document" for name in stored}
    assert used == indexes


def test_searching_news_reads_the_index_or_the_newest_rows_after_a_burst_of_writes(
    on_postgresql,
):
    """
    With real statistics, and after many rows were written and removed (GIN's pending list
    is off, or the planner would cost reading them all), a news search reads the index for a
    rare word, and for a word in every row only the newest rows: it never computes the
    vector of every row.
    """
    with suppress(RuntimeError), transaction.atomic():
        bulk_publishables(NewsItem, 20_000)
        call_command("update_search_vectors")
        raise RuntimeError("rolled back: the rows stay in the index until VACUUM")
    bulk_publishables(NewsItem, 400)
    call_command("update_search_vectors", "--missing")
    make_news(title="Licencia de construcción")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_newsitem")
    plans = {}
    for word in ("licencia", "masivo"):
        with CaptureQueriesContext(connection) as captured:
            search(word)
        (news,) = [q["sql"] for q in captured if 'FROM "portal_newsitem"' in q["sql"]]
        plans[word] = explain(news)
    assert "Bitmap Index Scan on newsitem_search_document" in plans["licencia"]
    for plan in plans.values():
        assert not re.search(r"Seq Scan on portal_newsitem.*\n *Filter: .*search_document", plan)


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


def test_a_dated_kind_ranks_its_newest_title_matches_and_newest_matches_once_each(
    client, on_postgresql, monkeypatch
):
    monkeypatch.setattr(query, "RANKED", 2)
    days_ago = [timezone.now() - datetime.timedelta(days=days) for days in range(10)]
    for n, day in zip((1, 2, 3), days_ago[3:6], strict=True):
        make_news(title=f"Licencia {n}", publish_at=day)
    make_news(title="Boletín", body="<p>Trámites de licencia.</p>", publish_at=days_ago[1])
    # The two newest with the word in the title, then the newest match, which is in the body;
    # the oldest title match is not ranked, and the newest title match comes once.
    assert titles(client, "licencia") == ["Licencia 1", "Licencia 2", "Boletín"]


def test_officials_are_found_by_words_in_their_own_fields_and_their_office_together(
    client, on_postgresql
):
    hacienda = make_office(name="Secretaría de Hacienda")
    make_official(hacienda, name="Ana Pérez", position="Tesorera")
    make_official(hacienda, name="Luis Rojas", position="Auxiliar administrativo")
    make_official(name="Marta Pérez", position="Tesorera")
    assert titles(client, "tesorera hacienda") == ["Ana Pérez"]
    assert titles(client, "pérez hacienda") == ["Ana Pérez"]
    assert sorted(titles(client, "hacienda")) == [
        "Ana Pérez",
        "Luis Rojas",
        "Secretaría de Hacienda",
    ]


def test_the_time_of_each_search_decides_what_is_published(on_postgresql):
    make_news(title="Impuesto predial", publish_at=timezone.now() + datetime.timedelta(days=1))
    assert search("predial")[0] == []
    later = timezone.now() + datetime.timedelta(days=2)
    assert [result.title for result in search("predial", now=later)[0]] == ["Impuesto predial"]


# Misspellings: pg_trgm (migration search/0005) suggests what was meant.


def search_page(client, q, **params):
    response = client.get("/buscar/", {"q": q, **params})
    assert response.status_code == 200
    return response


def test_the_trigram_extension_is_installed(on_postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)


def test_a_misspelled_word_finds_what_was_meant_and_says_so(client, on_postgresql):
    make_news(title="Descuento en el impuesto predial hasta marzo")
    make_procedure(name="Paz y salvo del impuesto predial")
    response = search_page(client, "predail")
    assert response.context["suggestion"] == "predial"
    assert sorted(titles(client, "predail")) == [
        "Descuento en el impuesto predial hasta marzo",
        "Paz y salvo del impuesto predial",
    ]
    html = response.content.decode()
    assert "No encontramos resultados para «predail». ¿Quiso decir" in html
    assert '<a href="/buscar/?q=predial" class="suggestion">predial</a>?' in html
    assert "2 resultados para «predial»" in html


def test_a_misspelling_without_its_accent_finds_the_accented_word(client, on_postgresql):
    make_entity(name="Alcaldía Municipal de Puerto Guzmán")
    make_news(title="La alcaldía entrega lanchas")
    response = search_page(client, "alcadia")
    assert response.context["suggestion"] == "alcaldía"
    found = titles(client, "alcadia")
    assert "Alcaldía Municipal de Puerto Guzmán" in found
    assert "La alcaldía entrega lanchas" in found
    assert "¿Quiso decir" in response.content.decode()


def test_only_the_misspelled_word_of_several_is_corrected(client, on_postgresql):
    make_news(title="Pago del impuesto predial")
    response = search_page(client, "pago predail")
    assert response.context["suggestion"] == "pago predial"
    assert titles(client, "pago predail") == ["Pago del impuesto predial"]


@pytest.mark.parametrize("q", ["xilofono", "zzzz qqqq", "predial", "😀", "de la"])
def test_no_suggestion_for_what_is_found_or_like_nothing(client, on_postgresql, q):
    make_news(title="Impuesto predial")
    response = search_page(client, q)
    assert response.context.get("suggestion") is None
    assert "Quiso decir" not in response.content.decode()


def test_suggestions_come_only_from_what_is_published(client, on_postgresql):
    make_news(title="Impuesto predial", status="borrador")
    response = search_page(client, "predail")
    assert response.context["suggestion"] is None
    assert "No encontramos resultados para «predail»" in response.content.decode()


def test_a_suggestion_in_the_transparency_search_stays_in_it(client, on_postgresql):
    make_item("1.2", label="Estructura orgánica - Organigrama")
    make_news(title="Nuevo organigrama de la alcaldía")
    response = search_page(client, "organigrma", seccion="transparencia")
    assert response.context["suggestion"] == "organigrama"
    assert titles(client, "organigrma") != []
    assert [r.label for r in response.context["page_obj"]] == ["Transparencia"]
    assert "/buscar/?q=organigrama&amp;seccion=transparencia" in response.content.decode()


def test_the_query_count_of_a_suggested_search_does_not_grow(
    client, on_postgresql, django_assert_num_queries
):
    make_news(title="Impuesto predial")
    client.get("/buscar/")
    # base.html's 2; then, for each of the 11 kinds: the search, the suggestion, the search
    # for the suggestion.
    with django_assert_num_queries(35):
        search_page(client, "predail")
    bulk_publishables(NewsItem, 60)
    for n in range(20):
        make_news(title=f"Predial {n}")
    with django_assert_num_queries(35):
        search_page(client, "predail")
