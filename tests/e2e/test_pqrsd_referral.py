"""A referral in a real browser: staff refer in the admin, the citizen reads it when tracking."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from portal.models import Municipality
from pqrsd.models import CompetentAuthority, Request, RequestStatus
from tests.portal.factories import make_office, make_staff_user
from tests.pqrsd.factories import make_request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_staff_refer_a_request_and_the_citizen_sees_to_whom(live_server, page, axe_violations):
    Municipality.current()
    office = make_office(name="Secretaría de Planeación")
    CompetentAuthority.objects.create(
        name="Corpoamazonia", email="correspondencia@corpoamazonia.example"
    )
    request, code = make_request(
        subject="Tala de árboles en la ribera del río",
        addressee_office=office,
        priority_reason="riesgo",
    )
    login(page, live_server, make_staff_user(office))

    page.goto(f"{live_server.url}/admin/pqrsd/request/{request.pk}/change/")
    page.get_by_role("link", name="No es competencia nuestra").click()
    page.get_by_label("Nota").fill("Asunto ambiental")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Marcar como no competente: listo.")).to_be_visible()
    expect(page.get_by_text("Por trasladar").first).to_be_visible()

    page.get_by_role("link", name="Trasladar", exact=True).click()
    page.get_by_label("Autoridad competente").select_option(label="Corpoamazonia")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Explique por qué no es de nuestra competencia.")).to_be_visible()
    page.get_by_label("Motivo (se informa al ciudadano y a la autoridad)").fill(
        "La tala en la ronda del río es competencia de la autoridad ambiental 🌳."
    )
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Trasladar a la autoridad competente: listo.")).to_be_visible()
    request.refresh_from_db()
    assert request.status == RequestStatus.REFERRED

    # The citizen, in their own browser, tracks it with the radicado and the code.
    page.context.clear_cookies()
    page.goto(live_server.url + "/pqrsd/consulta/")
    page.get_by_label("Número de radicado").fill(request.radicado)
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()
    expect(page.get_by_role("heading", name="Trasladada a Corpoamazonia")).to_be_visible()
    expect(page.get_by_text("la autoridad ambiental 🌳").first).to_be_visible()
    expect(page.get_by_text("Trasladada a la autoridad competente").first).to_be_visible()
    expect(page.get_by_role("link", name="correspondencia@corpoamazonia.example")).to_be_visible()
    expect(page.get_by_text("Atención prioritaria").first).to_be_visible()
    assert axe_violations(page) == []
    assert Request.objects.get().referred_to_name == "Corpoamazonia"
