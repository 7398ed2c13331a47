"""
The directory's and the document library's text filters ignore accents and case, on SQLite
here and on PostgreSQL in CI (the `unaccent` lookup of portal.forms.accent_free_match).
"""

import pytest

from portal.models import Document, Municipality
from tests.portal.factories import make_document, make_official

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipality():
    return Municipality.current()


def names(client, q):
    response = client.get("/directorio/", {"q": q})
    assert response.status_code == 200
    return sorted(official.name for official in response.context["page_obj"].object_list)


def document_titles(client, q, **params):
    response = client.get("/documentos/", {"q": q, **params})
    assert response.status_code == 200
    return sorted(document.title for document in response.context["object_list"])


@pytest.mark.parametrize("q", ["munoz", "MUÑOZ", "Muñoz", "muñoz ", "MUNOZ"])
def test_the_directory_finds_names_whatever_the_accents_and_case(client, q):
    make_official(name="Inspector Muñoz", position="Inspector de policía")
    make_official(name="Tesorera Rosero", position="Tesorera")
    assert names(client, q) == ["Inspector Muñoz"]


def test_the_directory_finds_positions_whatever_the_accents(client):
    make_official(name="Ana Pérez", position="Técnica de atención al ciudadano")
    make_official(name="Luis Rojas", position="Conductor")
    assert names(client, "tecnica atencion") == []  # the words are together, in this order
    assert names(client, "TECNICA DE ATENCION") == ["Ana Pérez"]
    assert names(client, "perez") == ["Ana Pérez"]


@pytest.mark.parametrize("q", ["politica", "POLÍTICA", "Politica de tratamiento"])
def test_the_documents_find_titles_whatever_the_accents_and_case(client, q):
    make_document(title="Política de tratamiento de datos personales")
    make_document(title="Plan de desarrollo")
    assert document_titles(client, q) == ["Política de tratamiento de datos personales"]


def test_the_documents_find_numbers_and_keep_the_other_filters(client):
    make_document(title="Decreto de horario", number="012 de 2026", kind=Document.Kind.DECRETO)
    make_document(title="Acuerdo de presupuesto", number="012 de 2026", kind="acuerdo")
    assert document_titles(client, "012") == ["Acuerdo de presupuesto", "Decreto de horario"]
    assert document_titles(client, "012", tipo="decreto") == ["Decreto de horario"]


@pytest.mark.parametrize("q", ["%", "_", "\\", "'; --", "😀", "ñ"])
def test_odd_text_in_the_filters_is_only_text(client, q):
    make_official(name="Inspector Muñoz")
    make_document(title="Política de datos")
    expected = ["Inspector Muñoz"] if q == "ñ" else []
    assert names(client, q) == expected
    assert document_titles(client, q) == []


def test_the_typed_text_is_kept_in_the_box(client):
    response = client.get("/directorio/", {"q": "Muñoz"})
    assert 'value="Muñoz"' in response.content.decode()
