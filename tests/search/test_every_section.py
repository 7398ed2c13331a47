"""
Every public section is searchable: the site's sections themselves, the entities (mission,
vision, functions), the transparency menus, surveys and draft regulations, and a search
limited to transparency. These run on SQLite here and on PostgreSQL in CI.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from portal.models import Entity, Status
from search.query import SOURCES
from tests.participation.factories import make_draft, make_survey
from tests.portal.factories import make_entity, make_news, make_office
from tests.transparency.factories import make_item

pytestmark = pytest.mark.django_db

QUERIES = 13  # base.html's 2, and one per kind of content
TRANSPARENCY_SECTION = "Transparencia y acceso a la información pública"


def get(client, q, **params):
    return client.get("/buscar/", {"q": q, **params})


def found(response):
    return [(result.label, result.title) for result in response.context["page_obj"]]


def test_every_kind_of_content_has_a_source():
    assert {source.label for source in SOURCES} == {
        "Trámite o servicio",
        "Noticia",
        "Evento",
        "Documento",
        "Página",
        "Servidor público",
        "Dependencia",
        "Entidad",
        "Transparencia",
        "Encuesta",
        "Proyecto normativo",
    }


def test_a_section_of_the_site_is_found_by_its_name_first(client):
    make_news(title="Rendición de cuentas y transparencia 2026")
    response = get(client, "TRANSPARENCIA")
    assert response.status_code == 200
    assert found(response)[0] == (
        "Sección del portal",
        "Transparencia y acceso a la información pública",
    )
    assert ("Noticia", "Rendición de cuentas y transparencia 2026") in found(response)
    html = response.content.decode()
    assert 'href="/transparencia/"' in html
    assert found(get(client, "pqrs")) == [
        ("Sección del portal", "Peticiones, quejas, reclamos, sugerencias y denuncias (PQRSD)"),
        ("Sección del portal", "Consultar una PQRSD"),
    ]


def test_entities_are_found_by_their_mission_vision_and_functions(client):
    make_entity(mission="Garantizar el bienestar de la comunidad ribereña del Caquetá.")
    make_entity(
        Entity.Kind.PERSONERIA,
        name="Personería Municipal",
        functions="Vigilar la conducta de los servidores y defender los derechos humanos.",
        head_title="Personero Municipal",
    )
    assert found(get(client, "ribereña")) == [("Entidad", "Alcaldía de Puerto Guzmán")]
    response = get(client, "derechos humanos")
    assert found(response) == [("Entidad", "Personería Municipal")]
    html = response.content.decode()
    assert 'href="/entidades/personeria/"' in html
    assert "Personero Municipal" in html
    assert "defender los <mark>derecho</mark>s <mark>humano</mark>s" in html


@pytest.mark.parametrize("q", ["misión", "mision", "organigrama", "Visión", "funciones"])
def test_the_words_of_an_entity_page_find_the_entities(client, q):
    make_entity(mission="Servir a la comunidad.")
    make_entity(Entity.Kind.CONCEJO, name="Concejo Municipal")
    assert ("Entidad", "Alcaldía de Puerto Guzmán") in found(get(client, q))
    assert ("Entidad", "Concejo Municipal") in found(get(client, q))


def test_offices_are_found_by_name_and_functions_and_lead_to_their_directory(client):
    make_office(
        name="Secretaría de Hacienda",
        slug="hacienda",
        description="Recauda el impuesto predial y de industria y comercio.",
    )
    response = get(client, "industria comercio")
    assert found(response) == [("Dependencia", "Secretaría de Hacienda")]
    html = response.content.decode()
    assert 'href="/directorio/?dependencia=hacienda"' in html
    assert "Alcaldía de Puerto Guzmán" in html


def test_transparency_items_are_found_with_their_entity_and_place(client):
    personeria = make_entity(Entity.Kind.PERSONERIA, name="Personería Municipal")
    category = make_item("1", entity=personeria, label="Información de la entidad")
    make_item(
        "1.2",
        parent=category,
        label="Estructura orgánica - Organigrama",
        description="El organigrama con las dependencias.",
    )
    response = get(client, "organigrama")
    assert ("Transparencia", "Estructura orgánica - Organigrama") in found(response)
    html = response.content.decode()
    assert "Numeral 1.2, Personería Municipal" in html
    assert 'href="/transparencia/personeria/categoria/1/#item-1-2"' in html


def test_surveys_and_draft_regulations_are_found_only_when_published(client):
    make_survey(title="Encuesta de movilidad fluvial", questions=False)
    make_survey(title="Encuesta fluvial en borrador", status=Status.DRAFT, questions=False)
    make_draft(title="Proyecto de decreto de muelles fluviales", articles=0)
    make_draft(
        title="Proyecto fluvial programado",
        publish_at=timezone.now() + datetime.timedelta(days=3),
        articles=0,
    )
    response = get(client, "fluvial")
    assert sorted(found(response)) == [
        ("Encuesta", "Encuesta de movilidad fluvial"),
        ("Proyecto normativo", "Proyecto de decreto de muelles fluviales"),
    ]
    html = response.content.decode()
    assert "/participa/encuestas/" in html and "/participa/proyectos/" in html


def test_the_query_count_stays_the_same_with_every_kind(client, django_assert_num_queries):
    def build(first, last):
        for i in range(first, last):
            make_survey(title=f"Feria {i}", questions=False)
            make_draft(title=f"Feria {i}", articles=0)
            make_item(f"9.{i}", label=f"Feria {i}", entity=make_entity())

    make_entity(mission="Feria anual.")
    build(0, 1)
    client.get("/buscar/")
    with django_assert_num_queries(QUERIES):
        assert get(client, "feria").status_code == 200
    build(1, 16)
    with django_assert_num_queries(QUERIES):
        response = get(client, "feria")
    assert response.context["paginator"].count == 1 + 16 * 3


def test_the_transparency_search_is_limited_to_the_menus(client, django_assert_num_queries):
    alcaldia = make_entity()
    personeria = make_entity(Entity.Kind.PERSONERIA, name="Personería Municipal")
    make_item("6", entity=alcaldia, label="Planeación, presupuesto e informes")
    make_item("6", entity=personeria, label="Planeación de la Personería")
    make_news(title="Planeación participativa")
    client.get("/buscar/")
    with django_assert_num_queries(3):  # base.html's 2, the transparency items
        response = get(client, "planeacion", seccion="transparencia")
    assert sorted(found(response)) == [
        ("Transparencia", "Planeación de la Personería"),
        ("Transparencia", "Planeación, presupuesto e informes"),
    ]
    html = response.content.decode()
    assert "<h1>Buscar en Transparencia</h1>" in html
    assert '<input type="hidden" name="seccion" value="transparencia">' in html
    assert "Buscar en todo el portal" in html

    only_personeria = get(client, "planeacion", seccion="transparencia", entidad="personeria")
    assert found(only_personeria) == [("Transparencia", "Planeación de la Personería")]
    assert "Buscar en Transparencia: Personería Municipal" in only_personeria.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"seccion": "inventada"}, "Esa sección no existe: buscamos en todo el portal."),
        ({"seccion": "😀" * 300}, "Esa sección no existe"),
        ({"entidad": "inventada"}, "Esa entidad no existe: buscamos en todas."),
        ({"entidad": "../../etc"}, "Esa entidad no existe"),
    ],
)
def test_a_wrong_section_or_entity_is_said_and_the_whole_site_searched(client, params, message):
    make_news(title="Planeación participativa")
    response = get(client, "Planeación", **params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert found(response) == [("Noticia", "Planeación participativa")]
    assert 'value="Planeación"' in html


def test_no_spelling_suggestion_on_sqlite(client):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL suggests (tests/search/test_postgresql.py)")
    make_news(title="Impuesto predial")
    response = get(client, "predail")
    html = response.content.decode()
    assert "No encontramos resultados para «predail»" in html
    assert "Quiso decir" not in html


def test_with_the_shipped_menu_and_institution_the_examples_find_something(client):
    call_command("load_institution", verbosity=0)
    call_command("load_transparency_menu", verbosity=0)
    transparency = found(get(client, "transparencia"))
    assert transparency[0] == ("Sección del portal", TRANSPARENCY_SECTION)
    for q in ("misión", "organigrama"):
        # Each entity's page, and the item of each of the three menus.
        results = get(client, q).context["paginator"].object_list
        labels = [result.label for result in results]
        assert labels.count("Entidad") == 3, q
        assert labels.count("Transparencia") >= 3, q


def test_each_transparency_menu_has_a_box_limited_to_it(client):
    make_entity()
    personeria = make_entity(Entity.Kind.PERSONERIA, name="Personería Municipal")
    make_item("1", entity=personeria, label="Información de la entidad")
    html = client.get("/transparencia/personeria/").content.decode()
    assert 'action="/buscar/"' in html
    assert '<input type="hidden" name="seccion" value="transparencia">' in html
    assert '<input type="hidden" name="entidad" value="personeria">' in html
    assert "Buscar en el menú de transparencia de Personería Municipal" in html


def test_equal_transparency_matches_come_in_the_order_of_the_menus(client):
    menus = [
        make_entity(Entity.Kind.CONCEJO, name="Concejo Municipal", order=3),
        make_entity(order=1),
        make_entity(Entity.Kind.PERSONERIA, name="Personería Municipal", order=2),
    ]
    for entity in menus:
        category = make_item("1", entity=entity, label="Información de la entidad")
        make_item("1.2", parent=category, label="Organigrama")
        make_item("1.1", parent=category, label="Misión y organigrama")
    response = get(client, "organigrama", seccion="transparencia")
    assert [r.subtitle for r in response.context["page_obj"]] == [
        "Numeral 1.2, Alcaldía de Puerto Guzmán",
        "Numeral 1.1, Alcaldía de Puerto Guzmán",
        "Numeral 1.2, Personería Municipal",
        "Numeral 1.1, Personería Municipal",
        "Numeral 1.2, Concejo Municipal",
        "Numeral 1.1, Concejo Municipal",
    ]
