"""PQRSD in a real browser with axe-core (WCAG 2.1 AA): file with an attachment, track it."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Municipality
from pqrsd.models import Request
from tests.portal.factories import make_office
from tests.pqrsd.factories import PDF_BYTES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill_citizen(page):
    page.get_by_label("Tipo de persona").select_option("natural")
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("1120123456")
    page.get_by_label("Nombres y apellidos o razón social").fill("María Fernanda Muñoz")
    page.get_by_label("Teléfono o celular").fill("3201234567")
    page.get_by_label("Dirección").fill("Calle 5 # 3-20, Barrio Centro")


def test_file_with_attachment_on_a_phone_and_track_it(live_server, phone_page, axe_violations):
    Municipality.current()
    make_office(name="Secretaría de Planeación")
    page = phone_page
    page.goto(live_server.url + "/pqrsd/")
    assert axe_violations(page) == []
    page.get_by_label("Petición", exact=True).check()
    page.get_by_label("Asunto").fill("Arreglo de la vía a El Cedro")
    page.get_by_label("Descripción").fill("La vía está intransitable desde las lluvias 🌧️.")
    page.get_by_label("Adjuntos (opcional)").set_input_files(
        files=[{"name": "foto-via.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    fill_citizen(page)
    page.get_by_label("Correo electrónico").fill("maria@example.com")
    page.get_by_label("Autorizo el tratamiento de mis datos personales").check()
    page.get_by_role("button", name="Radicar solicitud").click()

    expect(page.get_by_role("heading", name="Su solicitud quedó radicada")).to_be_visible()
    radicado = page.locator("#radicado").inner_text()
    code = page.locator("#codigo").inner_text()
    assert re.fullmatch(r"\d{4}-\d{6}", radicado)
    expect(page.get_by_text("15 días hábiles").first).to_be_visible()
    assert axe_violations(page) == []
    request = Request.objects.get()
    assert request.radicado == radicado
    assert request.attachments.get().original_name == "foto-via.pdf"

    # Another browser session tracks it with the code.
    page.context.clear_cookies()
    page.goto(live_server.url + "/pqrsd/consulta/")
    assert axe_violations(page) == []
    page.get_by_label("Número de radicado").fill(radicado)
    page.get_by_label("Código de consulta").fill("codigo-equivocado")
    page.get_by_role("button", name="Consultar").click()
    expect(page.get_by_role("alert").get_by_text("No encontramos una solicitud")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()
    expect(page.get_by_role("heading", name=f"Solicitud {radicado}")).to_be_visible()
    expect(page.get_by_role("link", name="foto-via.pdf")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(live_server.url + "/pqrsd/estadisticas/")
    expect(page.get_by_role("heading", name="Informe de PQRSD")).to_be_visible()
    assert page.locator("link[rel=stylesheet]").evaluate("l => l.sheet !== null")
    assert axe_violations(page) == []


def test_errors_keep_every_field(live_server, page, axe_violations):
    Municipality.current()
    page.goto(live_server.url + "/pqrsd/")
    page.get_by_label("Queja", exact=True).check()
    page.get_by_label("Asunto").fill("Mala atención <b>en ventanilla</b>")
    page.get_by_label("Descripción").fill("Me atendieron mal 😠 <script>alert(1)</script>")
    page.get_by_label("Adjuntos (opcional)").set_input_files(
        files=[{"name": "programa.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"}]
    )
    fill_citizen(page)
    page.get_by_label("Correo electrónico").fill("no-es-correo")
    page.get_by_role("button", name="Radicar solicitud").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_text("No use los signos")).to_be_visible()
    expect(summary.get_by_text("Escriba un correo válido")).to_be_visible()
    expect(summary.get_by_text("programa.pdf").first).to_be_visible()
    expect(summary.get_by_text("vuelva a adjuntar sus archivos")).to_be_visible()
    expect(summary.get_by_text("debe autorizar el tratamiento")).to_be_visible()
    assert page.get_by_label("Queja", exact=True).is_checked()
    assert page.get_by_label("Asunto").input_value() == "Mala atención <b>en ventanilla</b>"
    assert page.get_by_label("Descripción").input_value() == (
        "Me atendieron mal 😠 <script>alert(1)</script>"
    )
    assert page.get_by_label("Número de documento").input_value() == "1120123456"
    assert page.get_by_label("Correo electrónico").input_value() == "no-es-correo"
    assert page.get_by_label("Tipo de documento").input_value() == "CC"
    assert axe_violations(page) == []
    assert Request.objects.count() == 0
