"""What only PostgreSQL's full-text search does (skipped on SQLite, run in CI)."""

import pytest
from django.db import connection

from tests.portal.factories import make_news, make_page

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
