"""Referral to the competent authority (Ley 1755 art. 21): admin, e-mails, tracking, stats."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.outbox import send_pending
from pqrsd import legal, stats
from pqrsd.models import CompetentAuthority, Request, RequestStatus
from tests.portal.factories import make_office, make_staff_user

from .factories import make_request, pdf_upload

pytestmark = pytest.mark.django_db
INBOX = "/admin/pqrsd/request/"
UTC = datetime.UTC
# 9:00 in Puerto Guzmán (UTC-5) on Monday 30 March 2026; the referral is due 8 April
# (Jueves and Viernes Santo, 2 and 3 April, are not business days).
FILED = datetime.datetime(2026, 3, 30, 14, tzinfo=UTC)


def at(day, hour=14):
    return time_machine.travel(datetime.datetime(2026, 4, day, hour, tzinfo=UTC), tick=False)


@pytest.fixture
def offices():
    return make_office(name="Secretaría de Hacienda"), make_office(name="Secretaría de Gobierno")


@pytest.fixture
def corpoamazonia():
    return CompetentAuthority.objects.create(
        name="Corpoamazonia", email="correspondencia@corpoamazonia.example", matters="ambiente"
    )


def refer_url(request):
    return reverse("admin:pqrsd_request_refer", args=[request.pk])


def flag_url(request):
    return reverse("admin:pqrsd_request_not_competent", args=[request.pk])


def test_editor_flags_a_request_and_the_inbox_warns_on_the_last_day_and_after(client, offices):
    hacienda, _ = offices
    request, _ = make_request(
        subject="Tala de árboles en la ribera", addressee_office=hacienda, now=FILED
    )
    other, _ = make_request(subject="Arreglo del parque", addressee_office=hacienda, now=FILED)
    user = make_staff_user(hacienda)
    with at(1) as clock:
        client.force_login(user)
        response = client.post(flag_url(request), {"note": "Es ambiental"})
        assert response.status_code == 302, response.content.decode()
        assert response["Location"] == reverse("admin:pqrsd_request_change", args=[request.pk])
        request.refresh_from_db()
        assert request.not_competent_on == datetime.date(2026, 4, 1)
        assert request.referral_due_date == datetime.date(2026, 4, 8)
        assert request.status == RequestStatus.FILED  # still open until referred
        assert "08/04/2026" in request.history.last().internal_note
        content = client.get(INBOX).content.decode()
        assert "Trasladar antes del 08/04/2026" in content
        assert "Tala de árboles" not in client.get(INBOX + "?traslado=por_vencer").content.decode()
        clock.move_to(datetime.datetime(2026, 4, 8, 14, tzinfo=UTC))
        client.force_login(user)  # a staff session lasts a working day
        content = client.get(INBOX + "?traslado=por_vencer").content.decode()
        assert "Tala de árboles" in content and "Trasladar hoy" in content
        assert "Arreglo del parque" not in content
        assert "Tala de árboles" not in client.get(INBOX + "?traslado=vencido").content.decode()
        clock.move_to(datetime.datetime(2026, 4, 9, 14, tzinfo=UTC))
        client.force_login(user)  # a staff session lasts a working day
        content = client.get(INBOX + "?traslado=vencido").content.decode()
        assert "Tala de árboles" in content
        assert "Traslado vencido el 08/04/2026" in content
        assert other.radicado not in content
        # The change form says the same, with the date to meet.
        page = client.get(reverse("admin:pqrsd_request_change", args=[request.pk]))
        assert "Traslado vencido" in page.content.decode()
        # Flagging twice is refused with a message.
        response = client.post(flag_url(request), {"note": ""})
        assert "Ya está marcada como no competente" in response.content.decode()


def test_referral_closes_it_tells_the_citizen_and_sends_the_copy_to_the_authority(
    client, offices, corpoamazonia
):
    hacienda, _ = offices
    request, _ = make_request(
        subject="Tala de árboles en la ribera",
        description="Están talando el bosque junto al río Caquetá.",
        name="José Jamioy",
        email="jose@example.com",
        addressee_office=hacienda,
        files=[pdf_upload("foto.pdf")],
        now=FILED,
    )
    send_pending()
    mail.outbox.clear()
    user = make_staff_user(hacienda)
    with at(6):
        client.force_login(user)
        page = client.get(refer_url(request)).content.decode()
        assert "Corpoamazonia" in page
        assert "Plazo para trasladar: 08/04/2026" in page
        response = client.post(
            refer_url(request),
            {"authority": corpoamazonia.pk, "reason": "La tala en rondas hídricas es ambiental."},
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.REFERRED
    assert request.is_open is False
    assert request.referred_to == corpoamazonia
    assert request.referred_to_name == "Corpoamazonia"
    assert request.referred_at == datetime.datetime(2026, 4, 6, 14, tzinfo=UTC)
    assert request.closed_at == request.referred_at
    change = request.history.last()
    assert (change.status, change.user) == (RequestStatus.REFERRED, user)
    assert "Trasladada por competencia a Corpoamazonia" in change.public_note
    assert change.internal_note == ""  # on time

    send_pending()
    by_address = {message.to[0]: message for message in mail.outbox}
    citizen = by_address["jose@example.com"]
    assert "Corpoamazonia" in citizen.subject
    assert "La tala en rondas hídricas es ambiental." in citizen.body
    assert "correspondencia@corpoamazonia.example" in citizen.body
    authority = by_address["correspondencia@corpoamazonia.example"]
    assert request.radicado in authority.subject
    assert "Están talando el bosque junto al río Caquetá." in authority.body
    assert "José Jamioy" in authority.body and "jose@example.com" in authority.body
    assert "1 archivo(s) adjunto(s)" in authority.body
    assert "artículo 21" in authority.body

    # Closed: no more steps, no "Cerrar" that would hide the referral, and the list says so.
    client.force_login(user)
    page = client.get(reverse("admin:pqrsd_request_change", args=[request.pk])).content.decode()
    assert reverse("admin:pqrsd_request_close", args=[request.pk]) not in page
    assert refer_url(request) not in page
    assert "Trasladada</span> a Corpoamazonia" in page
    content = client.get(INBOX + "?situacion=todas").content.decode()
    assert 'pqrsd-done">Trasladada' in content
    entries = request.history.count()
    response = client.post(refer_url(request), {"authority": corpoamazonia.pk, "reason": "x"})
    assert "La solicitud ya fue respondida o cerrada." in response.content.decode()
    close = reverse("admin:pqrsd_request_close", args=[request.pk])
    response = client.post(close, {"note": "cerrar"})
    assert "fue trasladada a la autoridad competente y ya está cerrada" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.REFERRED
    assert request.history.count() == entries


def test_a_late_referral_is_allowed_and_recorded_as_late(offices, corpoamazonia):
    hacienda, _ = offices
    request, _ = make_request(addressee_office=hacienda, now=FILED)
    with at(20):
        legal.refer(request, authority=corpoamazonia, reason="Ambiental", user=None)
    assert "fuera del plazo: vencía el 08/04/2026" in request.history.last().internal_note


def test_free_text_authority_needs_a_name_and_an_email_and_keeps_what_was_typed(client, offices):
    hacienda, _ = offices
    request, _ = make_request(addressee_office=hacienda)
    client.force_login(make_staff_user(hacienda))
    response = client.post(refer_url(request), {"reason": "No es nuestro"})
    assert "Elija la autoridad de la lista o escriba su nombre." in response.content.decode()
    response = client.post(
        refer_url(request),
        {"authority_name": "Personería de Mocoa 🏛️", "reason": "Es de Mocoa"},
    )
    content = response.content.decode()
    assert "Escriba el correo de Personería de Mocoa 🏛️" in content
    assert 'value="Personería de Mocoa 🏛️"' in content
    response = client.post(
        refer_url(request),
        {"authority_name": "Personería de Mocoa", "authority_email": "no-es", "reason": "x"},
    )
    assert "Escriba un correo válido" in response.content.decode()
    response = client.post(
        refer_url(request), {"authority_name": "Personería de Mocoa", "reason": ""}
    )
    assert "Explique por qué no es de nuestra competencia." in response.content.decode()
    response = client.post(
        refer_url(request),
        {"authority_name": "<b>Mocoa</b>", "authority_email": "a@b.co", "reason": "x" * 5000},
    )
    assert response.status_code == 200
    assert "No use los signos" in response.content.decode()
    assert Request.objects.get(pk=request.pk).status == RequestStatus.FILED
    response = client.post(
        refer_url(request),
        {
            "authority_name": "Personería de Mocoa",
            "authority_email": "personeria@mocoa.example",
            "reason": "Hechos ocurridos en Mocoa",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.referred_to, request.referred_to_email) == (None, "personeria@mocoa.example")


def test_an_authority_from_the_list_without_email_asks_for_one(client, offices):
    hacienda, _ = offices
    request, _ = make_request(addressee_office=hacienda)
    dian = CompetentAuthority.objects.create(name="DIAN")
    client.force_login(make_staff_user(hacienda))
    response = client.post(refer_url(request), {"authority": dian.pk, "reason": "Impuestos"})
    assert "Escriba el correo de DIAN" in response.content.decode()
    response = client.post(refer_url(request), {"authority": 99999, "reason": "Impuestos"})
    assert "Elija una autoridad de la lista." in response.content.decode()


def test_another_offices_editor_cannot_flag_or_refer(client, offices, corpoamazonia):
    hacienda, gobierno = offices
    request, _ = make_request(addressee_office=hacienda)
    client.force_login(make_staff_user(gobierno))
    for url in (flag_url(request), refer_url(request)):
        assert client.get(url).status_code == 404
    response = client.post(refer_url(request), {"authority": corpoamazonia.pk, "reason": "x"})
    assert response.status_code == 404
    assert client.post(flag_url(request), {"note": ""}).status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.FILED and request.not_competent_on is None


def test_referred_requests_count_as_referred_not_answered_nor_overdue(offices, corpoamazonia):
    hacienda, _ = offices
    referred, _ = make_request(addressee_office=hacienda, now=FILED)
    make_request(addressee_office=hacienda, now=FILED)  # left unanswered: overdue
    with at(1):
        legal.refer(referred, authority=corpoamazonia, reason="Ambiental", user=None)
    today = datetime.date(2026, 6, 1)
    figures = stats.request_stats(today=today)
    assert figures.received == 2
    assert figures.referred == 1
    assert figures.answered == 0
    assert figures.overdue_open == 1
    assert figures.by_status["Trasladada a la autoridad competente"] == 1
    assert list(Request.objects.overdue(today)) != [referred]
    assert Request.objects.open().filter(pk=referred.pk).exists() is False


def test_tracking_page_shows_to_whom_and_why_with_constant_queries(client, offices, corpoamazonia):
    hacienda, _ = offices
    plain, plain_code = make_request(addressee_office=hacienda, now=FILED)
    request, code = make_request(addressee_office=hacienda, now=FILED)
    staff = make_staff_user(hacienda)
    for _ in range(15):
        legal.filing.assign(request, office=hacienda, user=staff)
    with at(2):
        legal.refer(
            request, authority=corpoamazonia, reason="La tala es asunto ambiental.", user=staff
        )
    track = reverse("pqrsd:track")
    client.post(track, {"radicado": plain.radicado, "code": plain_code})
    client.get(reverse("pqrsd:status", args=[plain.radicado]))
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("pqrsd:status", args=[plain.radicado]))
    client.post(track, {"radicado": request.radicado, "code": code})
    with CaptureQueriesContext(connection) as referred_queries:
        response = client.get(reverse("pqrsd:status", args=[request.radicado]))
    assert response.status_code == 200
    assert len(referred_queries) == len(baseline)  # 15 more history rows, no more queries
    content = response.content.decode()
    assert '<h2 id="traslado">Trasladada a Corpoamazonia</h2>' in content
    assert "La tala es asunto ambiental." in content
    assert "mailto:correspondencia@corpoamazonia.example" in content
    assert "Trasladada a la autoridad competente" in content


def test_authority_list_loads_idempotently_and_keeps_staff_edits():
    out = io.StringIO()
    call_command("load_competent_authorities", stdout=out)
    count = CompetentAuthority.objects.count()
    assert count >= 10
    assert CompetentAuthority.objects.filter(name="Gobernación del Putumayo").exists()
    CompetentAuthority.objects.filter(name="Gobernación del Putumayo").update(
        email="pqrsd@putumayo.example"
    )
    call_command("load_competent_authorities", stdout=out)
    assert CompetentAuthority.objects.count() == count
    assert CompetentAuthority.objects.get(name="Gobernación del Putumayo").email == (
        "pqrsd@putumayo.example"
    )


def test_correspondence_can_edit_the_authority_list_and_editors_only_read_it(client, offices):
    from portal.roles import CORRESPONDENCE_GROUP

    hacienda, _ = offices
    url = reverse("admin:pqrsd_competentauthority_add")
    client.force_login(make_staff_user(hacienda))
    assert client.get(url).status_code == 403
    client.force_login(make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,)))
    response = client.post(
        url,
        {"name": "Defensoría del Pueblo", "email": "putumayo@defensoria.example", "active": "on"},
    )
    assert response.status_code == 302
    assert CompetentAuthority.objects.get().email == "putumayo@defensoria.example"


def test_a_mistaken_mark_can_be_undone_and_leaves_the_inbox_filter(client, offices):
    hacienda, gobierno = offices
    request, _ = make_request(subject="Alumbrado del parque", addressee_office=hacienda)
    legal.mark_not_competent(request, user=None)
    url = reverse("admin:pqrsd_request_competent", args=[request.pk])
    client.force_login(make_staff_user(gobierno))
    assert client.post(url, {"note": ""}).status_code == 404
    client.force_login(make_staff_user(hacienda))
    page = client.get(reverse("admin:pqrsd_request_change", args=[request.pk])).content.decode()
    assert url in page
    assert client.post(url, {"note": "Sí es alumbrado municipal"}).status_code == 302
    request.refresh_from_db()
    assert (request.not_competent_on, request.referral_due_date) == (None, None)
    assert "Sí es alumbrado municipal" in request.history.last().internal_note
    assert "Alumbrado del parque" not in client.get(INBOX + "?traslado=pendiente").content.decode()
    response = client.post(url, {"note": ""})
    assert "no estaba marcada como no competente" in response.content.decode()
