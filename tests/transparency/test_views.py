import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.models import Document, Status
from tests.portal.factories import make_document, make_entity, make_office, make_page
from tests.sitemaps import sitemap_text
from tests.tramites.factories import make_procedure
from tests.transparency.factories import make_link
from transparency.models import ChangeLogEntry, MenuItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities():
    alcaldia = make_entity()
    personeria = make_entity("personeria")
    concejo = make_entity("concejo")
    call_command("load_transparency_menu", stdout=io.StringIO(), stderr=io.StringIO())
    return alcaldia, personeria, concejo


def item(entity, code):
    return MenuItem.objects.get(entity=entity, code=code)


def fill(entity, n):
    """Point n items at pages, procedures, documents and links."""
    leaves = list(MenuItem.objects.filter(entity=entity, children__isnull=True)[: n * 4])
    for i in range(n):
        leaves[4 * i].pages.add(make_page(title=f"Página del ítem {i}"))
        leaves[4 * i + 1].procedures.add(make_procedure())
        leaves[4 * i + 2].document_kinds = ["decreto", "acuerdo"]
        leaves[4 * i + 2].save()
        make_document(entity=entity, kind=Document.Kind.DECRETO)
        make_link(leaves[4 * i + 3], url=f"/directorio/?n={i}", label=f"Directorio {i}")


def test_menu_shows_every_category_and_item_with_honest_empty_state(client, entities):
    alcaldia, *_ = entities
    response = client.get("/transparencia/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1>") == 1
    assert "1. Información de la entidad" in html
    assert "10. Información tributaria en entidades territoriales locales" in html
    for code in ("1.5.10", "4.7.5.c", "7.1.2.m", "10.2"):
        assert f'id="item-{code.replace(".", "-")}"' in html
    assert "Información en construcción." in html
    assert "No aplica." in html  # 2.1.2, 2.1.6 and 2.3.3
    assert "De 144 ítems que aplican, <strong>0 tienen información</strong>" in html
    assert 'href="/gobierno-en-linea/"' in html  # the GEL-T plan, from the transparency area


def test_menu_shows_what_items_point_at(client, entities):
    alcaldia, _, concejo = entities
    office = make_office(alcaldia, name="Secretaría de Planeación")
    mission = item(alcaldia, "1.1.a")
    mission.pages.add(make_page(title="Misión y visión del municipio"))
    mission.pages.add(make_page(title="Borrador oculto", status=Status.DRAFT))
    mission.owner_office = office
    mission.last_updated = timezone.localdate()
    mission.save()
    acts = item(alcaldia, "2.1.3")
    acts.document_kinds = ["acuerdo"]
    acts.document_entity = concejo
    acts.save()
    make_document(entity=concejo, kind=Document.Kind.ACUERDO, title="Acuerdo del presupuesto")
    make_link(item(alcaldia, "3.2"), url="https://www.colombiacompra.gov.co/secop", label="SECOP")
    procedures = item(alcaldia, "5.1")
    procedures.procedures.add(make_procedure(name="Licencia de construcción"))

    html = client.get("/transparencia/").content.decode()

    assert "Misión y visión del municipio" in html
    assert "Borrador oculto" not in html
    assert "Responsable: Secretaría de Planeación" in html
    assert "Acuerdo del presupuesto" in html
    assert "?tipo=acuerdo&amp;entidad=concejo" in html
    assert "Ver 1 documento de tipo «Acuerdo»" in html
    assert 'SECOP</a> <span class="meta">(sitio externo)</span>' in html
    assert "Licencia de construcción" in html
    assert "Calidad AA" in html


def test_stale_item_is_flagged(client, entities):
    alcaldia, *_ = entities
    budget = item(alcaldia, "4.2")
    make_link(budget, url="/documentos/?tipo=presupuesto", label="Ejecución presupuestal")
    budget.last_updated = timezone.localdate() - datetime.timedelta(days=200)
    budget.save()
    html = client.get("/transparencia/").content.decode()
    assert "Desactualizado" in html
    assert "1 no se han actualizado en el plazo" in html


def test_query_count_does_not_grow_with_links(client, entities, django_assert_num_queries):
    alcaldia, *_ = entities
    fill(alcaldia, 1)
    client.get("/transparencia/")  # the first request creates the municipality's row
    with django_assert_num_queries(9):
        assert client.get("/transparencia/").status_code == 200
    fill(alcaldia, 10)
    with django_assert_num_queries(9):
        response = client.get("/transparencia/")
    assert "Página del ítem 9" in response.content.decode()


def test_other_entities_have_their_own_menu(client, entities):
    _, personeria, _ = entities
    response = client.get("/transparencia/personeria/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no administran ni recaudan tributos" in html
    assert html.count("no administran ni recaudan tributos") == 1
    assert 'aria-current="page">Personería de Puerto Guzmán' in html


def test_alcaldia_slug_redirects_to_the_main_menu(client, entities):
    response = client.get("/transparencia/alcaldia/")
    assert (response.status_code, response["Location"]) == (301, "/transparencia/")


@pytest.mark.parametrize("slug", ["no-existe", "a" * 300, "%F0%9F%98%80"])
def test_unknown_entity_is_404(client, entities, slug):
    assert client.get(f"/transparencia/{slug}/").status_code == 404


def test_menu_before_loading_is_a_helpful_page(client):
    response = client.get("/transparencia/")
    assert response.status_code == 200
    assert "todavía no se ha cargado" in response.content.decode()


def test_change_log_is_public_and_paginated(client, entities, django_assert_num_queries):
    alcaldia, *_ = entities
    mission = item(alcaldia, "1.1.a")
    for i in range(35):
        ChangeLogEntry.objects.create(
            item=mission,
            entity=alcaldia,
            office_name="Secretaría de Gobierno",
            description=f"Se agregó la página «Cambio {i}».",
        )
    with django_assert_num_queries(5):
        response = client.get("/transparencia/registro-de-cambios/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cambio 34" in html and "Cambio 4" not in html
    assert "Secretaría de Gobierno" in html
    assert "Página 1 de 2" in html
    for bad in ("2", "99", "abc", "-1", "😀"):
        assert client.get(f"/transparencia/registro-de-cambios/?page={bad}").status_code == 200
    assert "Cambio 0" in client.get("/transparencia/registro-de-cambios/?page=2").content.decode()


def test_empty_change_log(client):
    response = client.get("/transparencia/registro-de-cambios/")
    assert "Todavía no hay cambios registrados." in response.content.decode()


def test_sitemap_lists_each_entity_menu(client, entities):
    xml = sitemap_text(client)
    assert "/transparencia/</loc>" in xml
    assert "/transparencia/personeria/</loc>" in xml
    assert "/transparencia/concejo/</loc>" in xml
