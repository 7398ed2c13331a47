"""The acuse de recibo (CPACA art. 61) on screen and by e-mail, and the constancia de notificación."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portal.outbox import OutboundEmail
from pqrsd import filing, notification
from pqrsd.models import AnswerNotification
from tests.portal.factories import make_office, make_staff_user

from .factories import make_request
from .test_views import valid_post

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


@pytest.fixture(autouse=True)
def municipality():
    from portal.models import Municipality

    return Municipality.current()


@time_machine.travel(at(2026, 12, 4, 16, 45), tick=False)
def test_confirmation_shows_radicado_date_time_type_due_date_and_how(client):
    response = client.post("/pqrsd/", valid_post(client, request_type="informacion"), follow=True)
    content = response.content.decode()
    assert "Su solicitud quedó radicada" in content
    assert re.search(r'id="radicado">2026-\d{6}<', content)
    assert "viernes 4 de diciembre de 2026, a las 16:45" in content
    assert "Solicitud de información" in content
    assert "10 días hábiles" in content
    assert "lunes 21 de diciembre de 2026" in content  # the due date
    assert "Inmaculada Concepción" in content  # the holiday it skipped
    assert "Imprimir" in content  # the page is the printable receipt


@time_machine.travel(at(2026, 12, 4, 17, 30), tick=False)
def test_after_closing_the_receipt_says_why_the_term_starts_later(client, settings):
    settings.PQRSD_WEEKEND_RECEIPT_RULE = "next_business_day"
    settings.PQRSD_CLOSING_TIME = "17:00"
    response = client.post("/pqrsd/", valid_post(client, request_type="informacion"), follow=True)
    content = response.content.decode()
    assert "a las 17:30" in content
    assert "después de la hora de cierre" in content
    assert "lunes 7 de diciembre de 2026" in content
    assert "martes 22 de diciembre de 2026" in content


@time_machine.travel(at(2026, 12, 4, 16, 45), tick=False)
def test_acknowledgement_email_carries_the_receipt():
    request, code = make_request(request_type="informacion", email="maria@example.com")
    message = OutboundEmail.objects.get(reference=request.radicado, to="maria@example.com")
    body = message.body
    assert request.radicado in body
    assert code not in body  # the code is kept encrypted until the message goes out
    assert "04/12/2026 a las 16:45" in body
    assert "Solicitud de información o de copias de documentos" in body
    assert "21/12/2026" in body
    assert "10 días hábiles" in body
    assert "08/12/2026 (La Inmaculada Concepción)" in body
    assert "acuse de recibo" in body
    assert "&" not in body.replace("&amp;", "")  # plain text, nothing escaped


def test_confirmation_print_styles_exist():
    from pathlib import Path

    css = Path("static/css/site.css").read_text()
    block = css[css.index("acuse de recibo prints") :]
    assert "@media print" in block[:200]
    assert ".receipt" in block[:400]


# --- constancia de notificación (admin) ---


@pytest.fixture
def offices():
    return make_office(name="Secretaría de Hacienda"), make_office(name="Secretaría de Gobierno")


def test_constancia_shows_send_and_first_open_times(client, offices):
    hacienda, _ = offices
    staff = make_staff_user(hacienda)
    with time_machine.travel(at(2026, 12, 2, 9, 0), tick=False):
        request, code = make_request(
            addressee_office=hacienda, e_notification=True, email="maria@example.com"
        )
    with time_machine.travel(at(2026, 12, 10, 11, 0), tick=False):
        filing.answer(request, text="Ya arreglamos la vía.", user=staff)
    message = OutboundEmail.objects.get(subject__contains="notificación")
    with time_machine.travel(at(2026, 12, 10, 11, 1, 30), tick=False):
        OutboundEmail.objects.filter(pk=message.pk).update(sent_at=at(2026, 12, 10, 11, 1, 30))
    with time_machine.travel(at(2026, 12, 11, 8, 30, 15), tick=False):
        client.post(reverse("pqrsd:notification_link", args=[notification.answer_token(request)]))
    client.logout()
    client.force_login(staff)
    url = reverse("admin:pqrsd_request_notification_record", args=[request.pk])
    change = client.get(reverse("admin:pqrsd_request_change", args=[request.pk]))
    assert url in change.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Constancia de notificación" in content
    assert "10/12/2026 11:00:00" in content  # available
    assert "10/12/2026 11:01:30" in content  # e-mail sent
    assert "11/12/2026 08:30:15" in content  # first opened
    assert "enlace firmado" in content
    assert "02/12/2026 09:00:00" in content  # consent
    assert AnswerNotification.objects.get().answer_sha256 in content
    assert "coincide con la respuesta guardada" in content


def test_constancia_before_any_opening_and_without_consent(client, offices):
    hacienda, _ = offices
    staff = make_staff_user(hacienda)
    request, _ = make_request(addressee_office=hacienda, answer_channel="ventanilla")
    filing.answer(request, text="Respuesta.", user=staff)
    client.force_login(staff)
    content = client.get(
        reverse("admin:pqrsd_request_notification_record", args=[request.pk])
    ).content.decode()
    assert "aún no ha abierto la respuesta" in content
    assert "no aceptó la notificación electrónica" in content
    assert "la ventanilla" in content


def test_constancia_is_for_the_office_only(client, offices):
    hacienda, gobierno = offices
    request, _ = make_request(addressee_office=gobierno)
    filing.answer(request, text="Respuesta.", user=make_staff_user(gobierno))
    client.force_login(make_staff_user(hacienda))
    url = reverse("admin:pqrsd_request_notification_record", args=[request.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("admin:pqrsd_request_receipt", args=[request.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_constancia_query_count_does_not_grow_with_consents(
    client, offices, django_assert_max_num_queries
):
    hacienda, _ = offices
    staff = make_staff_user(hacienda)
    request, _ = make_request(addressee_office=hacienda, e_notification=True)
    for n in range(6):
        notification.record_consent(request, accepted=n % 2 == 1, source="consulta")
    filing.answer(request, text="Respuesta.", user=staff)
    client.force_login(staff)
    url = reverse("admin:pqrsd_request_notification_record", args=[request.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        notification.record_consent(request, accepted=n % 2 == 0, source="consulta")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Revocó") >= 6
