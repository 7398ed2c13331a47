"""The search page. These tests run on SQLite locally and on PostgreSQL in CI."""

import datetime

import pytest
from django.utils import timezone

from portal.models import Document, Status
from tests.portal.factories import (
    make_document,
    make_entity,
    make_event,
    make_news,
    make_office,
    make_official,
    make_page,
)
from tests.tramites.factories import make_procedure

pytestmark = pytest.mark.django_db

# The municipality and the alert banners of base.html, and one query per kind of content:
# procedures, news, events, documents, pages, officials, offices, entities, transparency
# items, surveys and draft regulations.
QUERIES = 13


def get(client, q, **params):
    return client.get("/buscar/", {"q": q, **params})


def titles(response):
    return [result.title for result in response.context["page_obj"]]


def test_empty_query_shows_a_helpful_page(client, django_assert_num_queries):
    client.get("/buscar/")  # the first request creates the municipality's row
    with django_assert_num_queries(2):
        response = client.get("/buscar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "Escriba una o varias palabras" in html
    assert "Escriba una o varias palabras" in get(client, "   ").content.decode()


def test_finds_every_kind_with_its_label(client):
    make_news(title="Vacunación de mascotas en el parque")
    make_event(title="Jornada de vacunación rural")
    make_document(title="Informe de vacunación 2026", kind=Document.Kind.INFORME)
    make_page(title="Programa de vacunación")
    make_procedure(name="Certificado de vacunación escolar")
    make_official(name="Laura Gómez", position="Coordinadora de vacunación")

    response = get(client, "vacunacion")

    assert response.status_code == 200
    kinds = {result.label for result in response.context["page_obj"]}
    assert kinds == {
        "Noticia",
        "Evento",
        "Documento",
        "Página",
        "Trámite o servicio",
        "Servidor público",
    }
    html = response.content.decode()
    assert "6 resultados para «vacunacion»" in html
    assert "Certificado de vacunación escolar" in html
    assert "/directorio/?entidad=alcaldia" in html


@pytest.mark.parametrize("q", ["tramite", "TRÁMITE", "trámites", "Tramites"])
def test_accents_case_and_plurals_do_not_matter(client, q):
    make_page(title="Guía del trámite predial")
    # The catalogue's section first, as for any section's name.
    assert titles(get(client, q)) == ["Trámites y servicios", "Guía del trámite predial"]


def test_plural_finds_singular(client):
    make_procedure(name="Licencia de construcción")
    assert titles(get(client, "licencias")) == ["Licencia de construcción"]
    assert titles(get(client, "construccion")) == ["Licencia de construcción"]


def test_all_words_must_match(client):
    make_news(title="Licencia de construcción", body="<p>Requisitos.</p>")
    make_news(title="Licencia ambiental", body="<p>Requisitos.</p>")
    assert titles(get(client, "licencia construcción")) == ["Licencia de construcción"]


def test_title_match_ranks_above_body_match(client):
    make_news(
        title="Obras de la semana",
        body="<p>Avanza la reparación del acueducto del barrio.</p>",
        publish_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    make_news(
        title="Acueducto del barrio Centro",
        body="<p>Informe de obras.</p>",
        publish_at=timezone.now() - datetime.timedelta(days=30),
    )
    make_page(title="Servicios públicos", body="<p>El acueducto funciona de 6 a 18.</p>")
    found = titles(get(client, "acueducto"))
    assert found[0] == "Acueducto del barrio Centro"
    assert set(found[1:]) == {"Obras de la semana", "Servicios públicos"}


def test_drafts_scheduled_and_inactive_are_never_found(client):
    future = timezone.now() + datetime.timedelta(days=2)
    make_news(title="Secreto borrador", status=Status.DRAFT)
    make_news(title="Secreto programado", publish_at=future)
    make_event(title="Secreto evento", status=Status.DRAFT)
    make_document(title="Secreto documento", status=Status.DRAFT)
    make_page(title="Secreto página", publish_at=future)
    make_procedure(name="Secreto trámite", status=Status.DRAFT)
    make_official(name="Secreto servidor", is_active=False)
    make_news(title="Secreto publicado")
    assert titles(get(client, "secreto")) == ["Secreto publicado"]


def test_snippet_marks_the_words_found(client):
    make_news(
        title="Comunicado",
        summary="Resumen",
        body="<p>La <strong>Secretaría</strong> de Hacienda amplía el plazo del impuesto predial.</p>",
    )
    html = get(client, "predial").content.decode()
    assert "<mark>predial</mark>" in html
    assert "<strong>Secretaría" not in html


def test_snippet_keeps_paragraphs_apart_and_titles_intact(client):
    make_news(title="Tarifas 2026 < 2025", body="<p>Vence el plazo.</p><p>Pague el predial.</p>")
    html = get(client, "predial").content.decode()
    assert "plazo. Pague el <mark>predial</mark>" in html
    assert "Tarifas 2026 &lt; 2025" in html


def test_results_are_paginated(client):
    for i in range(23):
        make_news(title=f"Mercado campesino {i}")
    first = get(client, "mercado")
    assert first.context["paginator"].count == 23
    assert len(titles(first)) == 10
    assert "página 1 de 3" in first.content.decode()
    assert len(titles(get(client, "mercado", page=3))) == 3
    for bad in ("0", "99", "abc", "-1", "😀", "1" * 50):
        assert get(client, "mercado", page=bad).status_code == 200


def test_query_count_does_not_grow_with_the_data(client, django_assert_num_queries):
    office = make_office()

    def build(n):
        for i in range(n):
            make_news(title=f"Feria {i}")
            make_event(title=f"Feria {i}")
            make_document(title=f"Feria {i}")
            make_page(title=f"Feria {i}")
            make_procedure(name=f"Feria {i}", office=office)
            make_official(office, name=f"Feria {i}")

    build(1)
    client.get("/buscar/")
    with django_assert_num_queries(QUERIES):
        assert get(client, "feria").status_code == 200
    build(12)
    with django_assert_num_queries(QUERIES):
        response = get(client, "feria")
    assert response.context["paginator"].count == 78


def test_an_official_found_by_office_shows_it_without_more_queries(
    client, django_assert_num_queries
):
    hacienda = make_office(name="Secretaría de Hacienda")
    make_official(hacienda, name="Ana Pérez", position="Tesorera")
    client.get("/buscar/")
    with django_assert_num_queries(QUERIES):
        response = get(client, "hacienda")
    html = response.content.decode()
    # The office first (the word is in its name), then the official who works there.
    assert titles(response) == ["Secretaría de Hacienda", "Ana Pérez"]
    assert "Tesorera, Secretaría de Hacienda" in html
    assert "Secretaría de <mark>Hacienda</mark>" in html
    assert f"/directorio/?entidad={hacienda.entity.slug}" in html


def test_more_than_fifty_of_a_kind_is_capped_and_said(client):
    entity = make_entity()
    office = make_office(entity)
    for i in range(52):
        make_official(office, name=f"Pedro Pérez {i}")
    response = get(client, "perez")
    assert response.context["paginator"].count == 50
    assert "Hay más resultados de tipo servidor público" in response.content.decode()


def test_no_results_suggests_what_to_do(client):
    make_news(title="Algo")
    html = get(client, "xilofono").content.decode()
    assert "No encontramos resultados para «xilofono»" in html
    assert "Revise la ortografía" in html


@pytest.mark.parametrize(
    "q",
    [
        "x" * 10_000,
        "%_\\",
        "%",
        "_",
        "'\"",
        '"licencia',
        "licencia' OR 1=1; DROP TABLE portal_newsitem; --",
        "😀🎉",
        "de la",
        "!!! ??? ---",
        "&amp; <b>",
        "a & b | c ! d :* e",
        "\u202e\u200b",
    ],
)
def test_odd_queries_never_fail(client, q):
    make_news(title="Licencia de funcionamiento")
    response = get(client, q)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "<b>" not in html.split("<main")[1]


def test_huge_query_is_refused_and_kept_short(client):
    response = get(client, "licencia " * 1000)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Escriba como máximo 200 caracteres (su búsqueda tiene" in html
    assert 'value="licencia licencia' in html
    assert "licencia " * 30 not in html


@pytest.mark.parametrize("q", ["licen\x00cia", "\x00", "hola\x1b[31m"])
def test_control_characters_are_refused_gracefully(client, q):
    response = get(client, q)
    html = response.content.decode()
    assert response.status_code == 200
    assert "caracteres que no se pueden buscar" in html
    assert "\x00" not in html


def test_query_is_escaped(client):
    html = get(client, '<script>alert("x")</script>').content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_rate_limit_says_so_in_spanish(client, settings):
    make_news(title="Licencia")
    for _ in range(60):
        assert get(client, "licencia").status_code == 200
    response = get(client, "licencia")
    assert response.status_code == 429
    assert "Ha hecho muchas búsquedas en poco tiempo" in response.content.decode()
    assert 'value="licencia"' in response.content.decode()
