"""The procedure catalogue and a sheet in a real browser, at phone and desktop widths, with axe."""

import json

import pytest
from playwright.sync_api import expect

from tests.portal.factories import make_office
from tests.tramites.factories import make_category, make_procedure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_filtered_catalogue_and_sheet_are_accessible(live_server, page, axe_violations):
    hacienda = make_office(name="Secretaría de Hacienda", slug="hacienda")
    taxes = make_category(name="Impuestos y pagos", slug="impuestos")
    make_procedure(name="Certificado de residencia", category=make_category(name="Certificados"))
    make_procedure(name="Impuesto predial unificado", office=hacienda, category=taxes)
    sheet = make_procedure(
        name="Paz y salvo municipal",
        office=hacienda,
        category=taxes,
        automation_level="partial",
        online_url=live_server.url + "/pqrsd/",
        requirements=3,
        steps=4,
    )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/tramites/")
    page.get_by_role("combobox", name="Tema").select_option(label="Impuestos y pagos")
    page.get_by_label("¿Se puede hacer en línea?").select_option(label="Parcialmente en línea")
    page.locator("form.filters").get_by_role("button", name="Buscar").click()
    page.wait_for_url("**category=impuestos*")
    expect(page.get_by_role("link", name="Paz y salvo municipal")).to_be_visible()
    assert page.get_by_role("link", name="Impuesto predial unificado").count() == 0
    assert page.get_by_role("combobox", name="Tema").input_value() == "impuestos"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Paz y salvo municipal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paz y salvo municipal")
    expect(page.get_by_role("link", name="Hacer este trámite en línea")).to_be_visible()
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "GovernmentService"
    assert data["url"].endswith(sheet.get_absolute_url())
    assert axe_violations(page) == []
    # The JSON-LD data block does not trip the Content Security Policy.
    assert not [e for e in errors if "Content Security Policy" in e]


def test_bad_filter_shows_a_message_and_stays_accessible(live_server, phone_page, axe_violations):
    make_procedure(name="Impuesto predial unificado")
    phone_page.goto(live_server.url + "/tramites/?category=no-existe&q=predial")
    expect(phone_page.get_by_role("alert").get_by_text("Ese tema no existe")).to_be_visible()
    assert phone_page.get_by_label("Buscar por nombre").input_value() == "predial"
    expect(phone_page.get_by_role("link", name="Impuesto predial unificado")).to_be_visible()
    assert axe_violations(phone_page) == []
