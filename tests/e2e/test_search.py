import pytest
from playwright.sync_api import expect

from tests.portal.factories import make_document, make_entity, make_news, make_official
from tests.tramites.factories import make_procedure
from tests.transparency.factories import make_item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_from_the_header_is_accessible(live_server, page, axe_violations):
    make_procedure(name="Licencia de construcción")
    make_news(
        title="Nuevas licencias para comerciantes", body="<p>La licencia se pide en línea.</p>"
    )
    make_document(title="Decreto sobre licencias de funcionamiento")
    make_official(name="Ana Licona", position="Inspectora de licencias")

    page.goto(f"{live_server.url}/")
    page.get_by_label("Buscar en el portal").fill("LICENCIAS construccion")
    page.get_by_label("Buscar en el portal").press("Enter")

    page.wait_for_url("**/buscar/?q=*")
    expect(page.get_by_role("link", name="Licencia de construcción")).to_be_visible()
    assert page.get_by_role("status").inner_text().startswith("1 resultado")
    assert axe_violations(page) == []

    page.get_by_label("¿Qué busca?").fill("licencia")
    page.get_by_role("button", name="Buscar").last.click()
    page.wait_for_url("**q=licencia")
    assert page.locator(".search-result").count() == 4
    assert page.locator("mark").count() >= 2
    assert axe_violations(page) == []


def test_the_transparency_box_searches_only_that_menu(live_server, page, axe_violations):
    alcaldia = make_entity(mission="Servir a la comunidad de Puerto Guzmán.")
    personeria = make_entity("personeria")
    for entity in (alcaldia, personeria):
        category = make_item("1", entity=entity, label="Información de la entidad")
        make_item("1.2", parent=category, label="Estructura orgánica - Organigrama")
    make_news(title="Nuevo organigrama de la alcaldía")

    page.goto(f"{live_server.url}/transparencia/")
    box = page.get_by_label("Buscar en el menú de transparencia de Alcaldía de Puerto Guzmán")
    box.fill("ORGANIGRAMA")
    box.press("Enter")

    page.wait_for_url("**/buscar/?*seccion=transparencia*")
    expect(page.locator("h1")).to_have_text("Buscar en Transparencia: Alcaldía de Puerto Guzmán")
    assert page.locator(".search-result").count() == 1
    expect(page.get_by_role("link", name="Estructura orgánica - Organigrama")).to_have_attribute(
        "href", "/transparencia/categoria/1/#item-1-2"
    )
    assert axe_violations(page) == []

    page.get_by_role("link", name="Buscar en todo el portal").click()
    page.wait_for_url("**/buscar/?q=ORGANIGRAMA")
    labels = page.locator(".search-kind .badge").all_inner_texts()
    assert {"Transparencia", "Noticia", "Entidad"} <= set(labels)
    assert axe_violations(page) == []
