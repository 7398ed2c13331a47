"""
The search vectors stored in the rows (PostgreSQL): written on every save, for an office's
officials when the office is renamed, after migrate for rows without them, and by
`update_search_vectors` for rows loaded in bulk. What is stored is exactly `query.vectors()`.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from portal.models import NewsItem
from search import query
from search.vectors import stored_sources
from tests.portal.factories import (
    bulk_publishables,
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


def test_what_is_stored_is_the_vectors_of_the_search(on_postgresql):
    make_news(title="Licencia de construcción", body="<p>Requisitos y pasos.</p>")
    make_page(title="Acueducto", summary="Servicio público", body="<p>Horarios</p>")
    make_procedure(name="Impuesto predial")
    make_official(name="Ana Pérez", position="Tesorera")
    make_item("4.1", label="Presupuesto general", description="Ejecución presupuestal")
    for source in stored_sources():
        title, document = query.vectors(source)
        rows = source.model._base_manager.annotate(expected_title=title, expected=document)
        for row in rows.values("search_title", "expected_title", "search_document", "expected"):
            assert row["search_title"] == row["expected_title"]
            assert row["search_document"] == row["expected"]


def test_an_edited_title_is_found_and_the_old_one_no_longer(client, on_postgresql):
    news = make_news(title="Jornada de vacunación")
    assert titles(client, "vacunación") == ["Jornada de vacunación"]
    news.title = "Jornada de reciclaje"
    news.save()
    assert titles(client, "vacunación") == []
    assert titles(client, "reciclaje") == ["Jornada de reciclaje"]


def test_a_save_of_other_fields_keeps_the_vectors(client, on_postgresql):
    news = make_news(title="Feria agropecuaria")
    news.status = news.status  # e.g. an admin action publishing it
    news.save(update_fields=["status"])
    assert titles(client, "feria") == ["Feria agropecuaria"]


def test_renaming_an_office_finds_its_officials_by_the_new_name(client, on_postgresql):
    office = make_office(name="Secretaría de Hacienda")
    make_official(office=office, name="Ana Pérez", position="Tesorera")
    assert "Ana Pérez" in titles(client, "hacienda")
    office.name = "Secretaría de Planeación"
    office.save()
    assert "Ana Pérez" in titles(client, "planeación")
    assert "Ana Pérez" not in titles(client, "hacienda")


def test_rows_loaded_in_bulk_are_found_after_update_search_vectors(client, on_postgresql):
    bulk_publishables(NewsItem, 3)  # "Noticia masivo N", one INSERT: no save, no signal
    assert titles(client, "masivo") == []
    call_command("update_search_vectors", "--missing")
    assert len(titles(client, "masivo")) == 3


def test_migrate_stores_the_vectors_rows_are_missing(client, on_postgresql):
    make_news(title="Festival de la chontaduro")
    NewsItem.objects.update(search_title=None, search_document=None)
    assert titles(client, "festival") == []
    call_command("migrate", verbosity=0)
    assert titles(client, "festival") == ["Festival de la chontaduro"]


def test_nothing_is_stored_on_sqlite(client):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite")
    make_news(title="Festival del río")
    assert NewsItem.objects.values_list("search_document", flat=True).get() is None
    assert titles(client, "festival") == ["Festival del río"]
