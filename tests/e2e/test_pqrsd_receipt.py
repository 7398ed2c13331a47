"""The receipt and electronic notification in a real browser, with axe-core (WCAG 2.1 AA)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from portal.models import Municipality
from portal.outbox import send_pending
from pqrsd import filing
from pqrsd.models import AnswerNotification, NotificationConsent, Request
from tests.portal.factories import make_office, make_staff_user

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


def file_with_consent(page, live_server):
    page.goto(live_server.url + "/pqrsd/")
    page.get_by_label("Solicitud de información o de copias de documentos", exact=True).check()
    page.get_by_label("Asunto").fill("Copia del contrato de la vía a El Cedro")
    page.get_by_label("Descripción").fill("Necesito copia del contrato y sus actas 📄.")
    page.get_by_label("Tipo de persona").select_option("natural")
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("1120123456")
    page.get_by_label("Nombres y apellidos o razón social").fill("María Fernanda Muñoz")
    page.get_by_label("Correo electrónico").fill("maria@example.com")
    page.get_by_label("Acepto que la respuesta se me notifique electrónicamente").check()
    page.get_by_label("Autorizo el tratamiento de mis datos personales").check()
    page.get_by_role("button", name="Radicar solicitud").click()


def test_receipt_prints_and_notification_is_recorded(live_server, page, axe_violations):
    Municipality.current()
    office = make_office(name="Secretaría de Planeación")
    file_with_consent(page, live_server)

    expect(page.get_by_role("heading", name="Su solicitud quedó radicada")).to_be_visible()
    request = Request.objects.get()
    radicado = page.locator("#radicado").inner_text()
    assert radicado == request.radicado
    received = page.locator("#recibida").inner_text()
    assert re.search(r"a las \d{2}:\d{2}", received)
    expect(page.get_by_text("10 días hábiles").first).to_be_visible()
    expect(page.get_by_role("heading", name="¿Cómo se calculó la fecha límite?")).to_be_visible()
    due = request.due_date
    expect(page.get_by_text(f"{due.day} de").first).to_be_visible()
    assert axe_violations(page) == []

    # The print view: the receipt alone, without the site's navigation.
    page.emulate_media(media="print")
    expect(page.locator(".receipt")).to_be_visible()
    expect(page.locator(".due-explanation")).to_be_visible()
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("link", name="Ver el estado de mi solicitud")).to_be_hidden()
    assert page.pdf()[:4] == b"%PDF"  # Chromium prints it
    page.emulate_media(media="screen")
    assert NotificationConsent.objects.get().accepted is True

    # The tracking page shows the consent; the citizen revokes it and accepts again.
    page.get_by_role("link", name="Ver el estado de mi solicitud").click()
    expect(page.get_by_text("Usted aceptó que la respuesta se le notifique")).to_be_visible()
    page.get_by_role("link", name="Revocar la notificación electrónica o cambiar el correo").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Revocar la notificación electrónica").click()
    expect(page.get_by_text("Revocó la notificación electrónica").first).to_be_visible()
    page.get_by_role("link", name="Aceptar la notificación electrónica").click()
    page.get_by_label("Correo para la notificación").fill("no es un correo")
    page.get_by_role("button", name="Acepto la notificación electrónica").click()
    expect(page.get_by_role("alert").get_by_text("Escriba un correo válido")).to_be_visible()
    assert page.get_by_label("Correo para la notificación").input_value() == "no es un correo"
    assert axe_violations(page) == []
    page.get_by_label("Correo para la notificación").fill("maria.nueva@example.com")
    page.get_by_role("button", name="Acepto la notificación electrónica").click()
    expect(page.get_by_text("maria.nueva@example.com")).to_be_visible()
    assert list(request.notification_consents.values_list("accepted", flat=True)) == [
        True,
        False,
        True,
    ]

    # Staff answer; the citizen opens the signed link from another browser session.
    request.refresh_from_db()
    filing.assign(request, office=office, user=None)
    filing.answer(request, text="Adjuntamos la copia del contrato.", user=None)
    mail.outbox.clear()
    send_pending()
    sent = next(m for m in mail.outbox if "notificación de la respuesta" in m.subject)
    assert sent.to == ["maria.nueva@example.com"]
    link = re.search(r"https?://\S+(/pqrsd/notificacion/\S+/)", sent.body)[1]
    page.context.clear_cookies()
    page.goto(live_server.url + link)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ver la respuesta").click()
    expect(page.get_by_text("Adjuntamos la copia del contrato.")).to_be_visible()
    assert axe_violations(page) == []
    record = AnswerNotification.objects.get()
    assert record.first_opened_via == "enlace"
    assert record.first_opened_at is not None

    # A forged link is a Spanish 404 page.
    page.goto(live_server.url + "/pqrsd/notificacion/forjado:123/")
    expect(page.get_by_role("heading", name=re.compile("no es válido"))).to_be_visible()
    assert axe_violations(page) == []

    # Staff of the office print the constancia de notificación.
    login(page, live_server, make_staff_user(office))
    page.goto(f"{live_server.url}/admin/pqrsd/request/{request.pk}/change/")
    page.get_by_role("link", name="Constancia de notificación").click()
    expect(
        page.get_by_role("heading", name="Constancia de notificación de la respuesta")
    ).to_be_visible()
    expect(page.get_by_text("enlace firmado del correo de notificación")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#header")).to_be_hidden()
    expect(page.locator(".pqrsd-receipt")).to_be_visible()


def test_walk_in_petition_receipt_for_the_citizen(live_server, page):
    Municipality.current()
    office = make_office(name="Secretaría de Gobierno")
    login(page, live_server, make_staff_user(office))
    page.goto(live_server.url + "/admin/pqrsd/request/")
    page.get_by_role("link", name="Radicar petición verbal").click()
    page.get_by_label("Canal de la petición verbal").select_option("presencial")
    page.locator("#id_request_type").select_option("queja")
    page.get_by_label("Asunto").fill("Mala atención en la ventanilla")
    page.get_by_label("Lo que pide el ciudadano, como lo dijo").fill("Que lo atiendan bien.")
    page.get_by_label("Hechos y razones, como los contó el ciudadano").fill(
        "Esperó tres horas y no lo atendieron."
    )
    page.get_by_label("Dependencia (opcional)").select_option(label=str(office))
    page.get_by_label("Tipo de persona").select_option("natural")
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("18123456")
    page.get_by_label("Nombres y apellidos o razón social").fill("Edilberto Mutumbajoy")
    page.get_by_label("El ciudadano autorizó el tratamiento de sus datos personales").check()
    page.get_by_role("button", name="Guardar").click()

    expect(
        page.get_by_role("heading", name="Constancia de petición verbal y acuse de recibo")
    ).to_be_visible()
    request = Request.objects.get()
    expect(page.get_by_text(request.radicado).first).to_be_visible()
    expect(page.get_by_text("Esperó tres horas").first).to_be_visible()
    expect(page.get_by_text("Decreto 1166 de 2016").first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#header")).to_be_hidden()
    expect(page.locator(".pqrsd-receipt")).to_be_visible()
    assert request.verbal.radicado_given is True
