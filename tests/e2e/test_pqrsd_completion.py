"""
Completing a request online in a real browser (Ley 1755 art. 17): staff ask for completion in
the admin, the citizen tracks the request, sees "en espera de su información" with the date,
completes it with text and a file, and sees the new due date; axe finds nothing on any page.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from portal.models import Municipality
from pqrsd.models import Attachment, Request, RequestStatus
from tests.portal.factories import make_office, make_staff_user
from tests.pqrsd.factories import PDF_BYTES, make_request

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


def test_staff_ask_and_the_citizen_completes_online(live_server, page, axe_violations):
    Municipality.current()
    office = make_office(name="Secretaría de Planeación", email="planeacion@example.com")
    request, code = make_request(subject="Licencia de construcción", addressee_office=office)

    # Staff ask for completion in the admin.
    login(page, live_server, make_staff_user(office))
    page.goto(f"{live_server.url}/admin/pqrsd/request/{request.pk}/change/")
    page.get_by_role("link", name="Pedir que complete").click()
    page.get_by_label("Qué debe completar el ciudadano").fill("Copia del plano firmado.")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Pedir al ciudadano que complete la solicitud: listo.")).to_be_visible()
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COMPLETION
    deadline = request.completion_deadline

    # The citizen, in another browser session, tracks it.
    page.context.clear_cookies()
    page.goto(live_server.url + "/pqrsd/consulta/")
    page.get_by_label("Número de radicado").fill(request.radicado)
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()
    waiting = page.get_by_role("note").filter(has_text="En espera de su información")
    expect(waiting).to_be_visible()
    expect(waiting.locator(f"time[datetime='{deadline:%Y-%m-%d}']")).to_be_visible()
    expect(page.get_by_text("Copia del plano firmado.")).to_be_visible()
    assert "vencida" not in page.locator("main").inner_text().lower().replace("no está vencida", "")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Completar mi solicitud").click()
    expect(
        page.get_by_role("heading", name=f"Completar la solicitud {request.radicado}")
    ).to_be_visible()
    assert axe_violations(page) == []

    # An empty send keeps the page and says what is missing.
    page.get_by_role("button", name="Enviar la información").click()
    expect(page.get_by_role("alert").get_by_text("adjunte al menos un archivo")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Información que le pedimos").fill("Adjunto el plano firmado 📐.")
    page.get_by_label("Documentos (opcional)").set_input_files(
        files=[{"name": "plano.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Enviar la información").click()

    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROCESS
    expect(page.get_by_text("Recibimos su información")).to_be_visible()
    expect(page.get_by_text(f"{request.due_date:%d/%m/%Y}").first).to_be_visible()
    expect(page.locator(f"dd time[datetime='{request.due_date:%Y-%m-%d}']")).to_be_visible()
    expect(page.get_by_role("link", name="plano.pdf")).to_be_visible()
    expect(page.get_by_text("En espera de su información")).to_have_count(0)
    assert axe_violations(page) == []
    stored = Request.objects.get(pk=request.pk).attachments.get(original_name="plano.pdf")
    assert stored.kind == Attachment.Kind.COMPLETION


def track(page, live_server, request, code):
    page.goto(live_server.url + "/pqrsd/consulta/")
    page.get_by_label("Número de radicado").fill(request.radicado)
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()


def test_the_citizen_asks_for_a_month_more_then_reads_the_desistimiento(
    live_server, phone_page, axe_violations
):
    from pqrsd import completion, filing

    Municipality.current()
    office = make_office(name="Secretaría de Gobierno")
    staff = make_staff_user(office)
    request, code = make_request(subject="Permiso de evento", addressee_office=office)
    filing.request_completion(request, what_is_missing="La póliza del evento.", user=staff)
    page = phone_page

    track(page, live_server, request, code)
    page.get_by_role("link", name="Completar mi solicitud o pedir más tiempo").click()
    page.get_by_role("button", name="Pedir un mes más").click()
    request.refresh_from_db()
    assert request.completion_extended_at is not None
    expect(page.get_by_text("Registramos su prórroga")).to_be_visible()
    expect(page.get_by_text(f"{request.completion_deadline:%d/%m/%Y}").first).to_be_visible()
    expect(page.get_by_text("Usted pidió una prórroga")).to_be_visible()
    assert axe_violations(page) == []

    # The window passed (moved back in the record) and staff declared the desistimiento.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Request.objects.filter(pk=request.pk).update(completion_deadline=yesterday)
    completion.declare_withdrawal(
        Request.objects.get(pk=request.pk),
        user=staff,
        motivation="No aportó la póliza.",
        act_reference="Resolución 050 de 2026",
    )
    page.goto(f"{live_server.url}/pqrsd/consulta/{request.radicado}/")
    expect(
        page.get_by_role("heading", name="Su solicitud terminó por desistimiento tácito")
    ).to_be_visible()
    expect(page.get_by_text("Resolución 050 de 2026")).to_be_visible()
    page.get_by_role("link", name="radicar una nueva solicitud").click()
    expect(page.get_by_role("button", name="Radicar solicitud")).to_be_visible()
    page.go_back()
    assert axe_violations(page) == []
