import pytest
from playwright.sync_api import expect

from tests.portal.factories import make_document, make_news, make_official
from tests.tramites.factories import make_procedure

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
