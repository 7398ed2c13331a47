"""The "mis datos" form in a real browser with axe-core (WCAG 2.1 AA), from tracking to the legend."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Municipality
from pqrsd.models import Request
from tests.pqrsd.factories import make_request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_asks_to_correct_their_data_and_sees_reclamo_en_tramite(
    live_server, page, axe_violations
):
    Municipality.current()
    earlier, code = make_request(document_number="1120123456", name="María Fernanda Muñoz")
    page.goto(live_server.url + "/pqrsd/consulta/")
    page.get_by_role("link", name="Haga una solicitud sobre sus datos personales").click()
    expect(page.get_by_role("heading", name="Mis datos personales", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    # Sent with a mistake: a Spanish summary, every field kept, still accessible.
    page.get_by_label("Corregir o actualizar mis datos").check()
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("1.120.123.456")
    page.get_by_label("Nombres y apellidos").fill("María Fernanda Muñoz")
    page.get_by_label("Correo electrónico").fill("maria@example.com")
    page.get_by_label("Autorizo el tratamiento de mis datos personales").check()
    page.get_by_role("button", name="Radicar solicitud").click()
    expect(page.get_by_role("alert").get_by_text("Cuéntenos qué dato corregir")).to_be_visible()
    expect(page.get_by_label("Nombres y apellidos")).to_have_value("María Fernanda Muñoz")
    assert axe_violations(page) == []

    page.get_by_label("Detalle").fill("Mi teléfono ahora es 311 222 3344 📱.")
    page.get_by_label("Radicados de sus solicitudes (opcional)").fill(earlier.radicado)
    page.get_by_label("Autorizo el tratamiento de mis datos personales").check()
    page.get_by_role("button", name="Radicar solicitud").click()
    expect(page.get_by_role("heading", name="Su solicitud quedó radicada")).to_be_visible()
    expect(page.get_by_role("status").get_by_text("Reclamo sobre mis datos")).to_be_visible()
    radicado = page.locator("#radicado").inner_text()
    assert re.fullmatch(r"\d{4}-\d{6}", radicado)
    claim = Request.objects.get(radicado=radicado)
    assert claim.request_type == "habeas_reclamo" and claim.term_days == 15

    # The earlier request of the same person now carries the legend.
    page.goto(live_server.url + "/pqrsd/consulta/")
    page.get_by_label("Número de radicado").fill(earlier.radicado)
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()
    expect(page.get_by_role("heading", name="Reclamo en trámite")).to_be_visible()
    # Only the legend: the reclamo's radicado and subject stay with its holder.
    expect(page.get_by_text(f"Reclamo {radicado}")).to_have_count(0)
    assert axe_violations(page) == []
