"""The open-data catalogue in a real browser, at phone and desktop widths, with axe."""

import csv
import io
import json

import pytest
from playwright.sync_api import expect

from tests.portal.factories import make_entity, make_event
from tests.tramites.factories import make_procedure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_catalogue_and_a_dataset_page_are_accessible(live_server, page, axe_violations):
    alcaldia = make_entity()
    make_procedure(name="Certificado de residencia")
    make_event(entity=alcaldia, title="Rendición de cuentas 2026")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Datos abiertos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Datos abiertos")
    expect(page.get_by_role("heading", name="Eventos del municipio")).to_be_visible()
    expect(page.get_by_role("link", name="Creative Commons Atribución 4.0")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Eventos del municipio", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eventos del municipio")
    expect(page.get_by_role("rowheader", name="fecha_actualizacion")).to_be_visible()
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Dataset"
    assert data["name"] == "Eventos del municipio"
    assert axe_violations(page) == []
    # The JSON-LD data block does not trip the Content Security Policy.
    assert not [e for e in errors if "Content Security Policy" in e]

    # The CSV link downloads the file with the columns of the dictionary.
    with page.expect_download() as download:
        page.get_by_role("link", name="Eventos del municipio en CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["titulo"] for row in rows] == ["Rendición de cuentas 2026"]
