"""Browser checks of the public portal: WCAG 2.1 AA (axe) at phone and desktop widths."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from portal.models import NewsItem
from pqrsd.models import Request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    """The live server with the demo content (tests/e2e/conftest.py serves the stylesheet)."""
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


def open_page(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    # The stylesheet is applied (the brand blue on the heading), so contrast is judged for real.
    assert page.eval_on_selector("h1", "h => getComputedStyle(h).color") == "rgb(9, 67, 181)"
    assert page.locator("h1").count() == 1
    # Nothing wider than the screen: no sideways scrolling on a phone (WCAG 1.4.10).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_home(page, site, axe_violations):
    open_page(page, site + "/")
    expect(page.get_by_role("heading", name="Atención y servicios a la ciudadanía")).to_be_visible()
    expect(page.get_by_role("link", name="Radicar una PQRSD").first).to_be_visible()
    assert axe_violations(page) == []


def test_news_item(page, site, axe_violations):
    item = NewsItem.objects.published().exclude(image="").first()
    open_page(page, site + item.get_absolute_url())
    image = page.locator("article img")
    assert image.get_attribute("alt") == item.image_alt
    assert "480w" in image.get_attribute("srcset")
    assert axe_violations(page) == []


def test_documents_filtered_by_kind(page, site, axe_violations):
    open_page(page, site + "/documentos/")
    page.get_by_label("Tipo de documento").select_option("acuerdo")
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url(re.compile(r"tipo=acuerdo"))
    titles = page.locator(".document-list h2").all_inner_texts()
    assert titles and all("(demo)" in title for title in titles)
    expect(page.get_by_text("2 documentos")).to_be_visible()
    assert axe_violations(page) == []


def test_documents_with_a_bad_filter_show_the_message(page, site, axe_violations):
    open_page(page, site + "/documentos/?anio=dos-mil")
    expect(
        page.get_by_role("alert").get_by_text("Escriba el año con cuatro cifras")
    ).to_be_visible()
    assert axe_violations(page) == []


def test_other_public_pages(page, site, axe_violations):
    for path in ("/eventos/", "/directorio/", "/entidades/alcaldia/", "/mapa-del-sitio/"):
        open_page(page, site + path)
        assert axe_violations(page) == [], path


def test_admin_login(page, site, axe_violations):
    response = page.goto(site + "/admin/login/")
    assert response.status == 200
    expect(page.get_by_label("Nombre de usuario")).to_be_visible()
    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_the_main_content(phone_page, site):
    open_page(phone_page, site + "/")
    phone_page.keyboard.press("Tab")
    focused = phone_page.evaluate("document.activeElement.textContent")
    assert focused == "Saltar al contenido principal"
    expect(phone_page.locator(".skip-link")).to_be_visible()
    phone_page.keyboard.press("Enter")
    assert phone_page.evaluate("document.activeElement.id") == "contenido"


def test_entity_page_with_organigram_and_anticorruption_line(page, site, axe_violations):
    open_page(page, site + "/entidades/alcaldia/")
    drawing = page.get_by_role("img", name=re.compile("Organigrama de Alcaldía"))
    expect(drawing).to_be_visible()
    expect(page.locator(".organigram-list")).to_contain_text(
        "Secretaría de Hacienda — Secretaria de Hacienda: Diana Marcela Rosero (demo)"
    )
    expect(page.locator(".lead").first).to_contain_text(
        "Alcalde Municipal: Carlos Andrés Muñoz Rivera (demo)"
    )
    assert axe_violations(page) == []
    # The footer's link leads to the denuncia form, with the type already chosen.
    page.locator("footer").get_by_role("link", name="Denunciar un acto de corrupción").click()
    page.wait_for_url(re.compile(r"/pqrsd/denuncia/$"))
    expect(page.get_by_role("radio", name="Denuncia", exact=True)).to_be_checked()
    assert axe_violations(page) == []
    # An anonymous denuncia, typed with a name first: nothing identifying is kept.
    page.get_by_label("Asunto").fill("Cobro por un certificado gratuito")
    page.get_by_label("Descripción").fill("Pidieron dinero en la ventanilla 🙁, el lunes.")
    page.get_by_label("Nombres y apellidos o razón social").fill("María Fernanda Muñoz")
    page.get_by_label("Quiero hacerla de forma anónima").check()
    page.get_by_label("Autorizo el tratamiento de mis datos personales").check()
    page.get_by_role("button", name="Radicar solicitud").click()
    expect(page.get_by_role("heading", name="Su solicitud quedó radicada")).to_be_visible()
    denuncia = Request.objects.get()
    assert denuncia.request_type == "denuncia" and denuncia.is_anonymous
    assert denuncia.name == "" and denuncia.email == "" and denuncia.document_number == ""


def test_directory_contractors_and_printable_organigram(page, site, axe_violations):
    open_page(page, site + "/directorio/")
    page.get_by_text("Hoja de vida y datos del cargo").first.click()
    expect(page.get_by_text("Fecha de ingreso").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="directorio de contratistas").click()
    page.wait_for_url(re.compile(r"/directorio/contratistas/$"))
    expect(page.get_by_role("link", name="Contrato CPS-012-2026 en el SECOP")).to_be_visible()
    assert axe_violations(page) == []
    open_page(page, site + "/entidades/concejo/organigrama/")
    expect(page.locator(".organigram-list")).to_contain_text("Mesa Directiva del Concejo")
    assert axe_violations(page) == []
