"""Documents accepted by silence (art. 14 num. 1) and priority handling (art. 20)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pqrsd import filing, legal
from pqrsd.models import Request, RequestStatus
from tests.portal.factories import make_office, make_staff_user

from .factories import form_post, make_request

pytestmark = pytest.mark.django_db
INBOX = "/admin/pqrsd/request/"
UTC = datetime.UTC
# 9:00 in Puerto Guzmán on Monday 16 March 2026. A request for documents is due 31 March
# (San José, 23 March, is a holiday); once accepted by silence the copies are due 7 April.
FILED = datetime.datetime(2026, 3, 16, 14, tzinfo=UTC)
SILENCE = "Aceptada por silencio: entregar copias en 3 días"


def on(month, day):
    return time_machine.travel(datetime.datetime(2026, month, day, 14, tzinfo=UTC), tick=False)


@pytest.fixture
def offices():
    return make_office(name="Secretaría de Hacienda"), make_office(name="Secretaría de Gobierno")


def track(client, request, code):
    client.post(reverse("pqrsd:track"), {"radicado": request.radicado, "code": code})
    return reverse("pqrsd:status", args=[request.radicado])


# --- silence ---


def test_unanswered_documents_request_is_flagged_in_the_inbox_the_day_after_its_term(
    client, offices
):
    hacienda, _ = offices
    documents, _ = make_request(
        request_type="informacion",
        subject="Copia del contrato 12",
        addressee_office=hacienda,
        now=FILED,
    )
    petition, _ = make_request(subject="Arreglo del parque", addressee_office=hacienda, now=FILED)
    assert documents.due_date == datetime.date(2026, 3, 31)
    with on(3, 31):
        client.force_login(make_staff_user(hacienda))
        assert SILENCE not in client.get(INBOX).content.decode()
        assert (
            "Copia del contrato" not in client.get(INBOX + "?silencio=aceptadas").content.decode()
        )
    with on(4, 1):
        client.force_login(make_staff_user(hacienda))
        content = client.get(INBOX + "?silencio=aceptadas").content.decode()
        assert "Copia del contrato" in content
        assert f"{SILENCE} (antes del 07/04/2026)" in content
        assert "Arreglo del parque" not in content  # a petición is late, not accepted
        page = client.get(reverse("admin:pqrsd_request_change", args=[documents.pk]))
        assert "entregue las copias a más tardar el <strong>07/04/2026</strong>" in (
            page.content.decode()
        )
        # Answering (delivering the copies) clears the flag.
        filing.answer(documents, text="Adjuntamos las copias.", user=None)
        assert (
            "Copia del contrato" not in client.get(INBOX + "?silencio=aceptadas").content.decode()
        )


def test_a_paused_documents_request_is_not_accepted_by_silence(offices):
    hacienda, _ = offices
    request, _ = make_request(request_type="informacion", addressee_office=hacienda, now=FILED)
    Request.objects.filter(pk=request.pk).update(status=RequestStatus.AWAITING_COMPLETION)
    today = datetime.date(2026, 4, 20)
    assert Request.objects.accepted_by_silence(today).exists() is False
    request.refresh_from_db()
    assert legal.silence_delivery_due(request, today) is None


def test_tracking_page_tells_the_citizen_the_copies_are_due_with_constant_queries(client):
    request, code = make_request(request_type="informacion", now=FILED)
    other, other_code = make_request(request_type="informacion", now=FILED)
    with on(3, 31):
        url = track(client, request, code)
        with CaptureQueriesContext(connection) as before:
            response = client.get(url)
        assert "Aceptada por silencio" not in response.content.decode()
    with on(4, 2):
        url = track(client, request, code)
        with CaptureQueriesContext(connection) as flagged:
            response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert '<h2 id="silencio">Aceptada por silencio: entregar copias en 3 días</h2>' in content
        assert "martes 7 de abril de 2026" in content
        assert "venció el 31 de marzo de 2026" in content
        # One more query only: the holidays after the due date. More history adds none.
        assert len(flagged) == len(before) + 1
        staff = make_staff_user(make_office())
        for _ in range(10):
            filing.start_processing(request, user=staff)
        with CaptureQueriesContext(connection) as longer:
            client.get(url)
        assert len(longer) == len(flagged)


# --- priority ---


def test_citizen_declares_priority_on_the_form_and_sees_the_badge(client):
    client.get(reverse("pqrsd:file"))
    response = client.post(
        reverse("pqrsd:file"), form_post(priority_reason="discapacidad"), follow=True
    )
    assert response.status_code == 200
    request = Request.objects.get()
    assert request.priority_reason == "discapacidad"
    page = client.get(reverse("pqrsd:status", args=[request.radicado])).content.decode()
    assert "Atención prioritaria</span> Persona con discapacidad." in page


@pytest.mark.parametrize("value", ["vip", "🙂" * 30, "x" * 500])
def test_an_unknown_priority_reason_gets_a_spanish_message_and_keeps_the_form(client, value):
    client.get(reverse("pqrsd:file"))
    response = client.post(reverse("pqrsd:file"), form_post(priority_reason=value, subject="Ñandú"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Elija una opción de la lista." in content
    assert 'value="Ñandú"' in content
    assert Request.objects.count() == 0


def test_form_offers_every_priority_reason(client):
    content = client.get(reverse("pqrsd:file")).content.decode()
    assert "¿Tiene derecho a atención prioritaria? (opcional)" in content
    for label in ("Persona con discapacidad", "Niña, niño o adolescente", "Periodista"):
        assert label in content


def test_editor_sets_priority_and_prioritised_requests_sort_first_with_a_badge(client, offices):
    hacienda, _ = offices
    with on(3, 16):
        early, _ = make_request(subject="Vence primero", addressee_office=hacienda)
        late, _ = make_request(
            request_type="consulta", subject="Adulto mayor sin pensión", addressee_office=hacienda
        )
        user = make_staff_user(hacienda)
        client.force_login(user)
        response = client.post(
            reverse("admin:pqrsd_request_priority", args=[late.pk]),
            {"priority_reason": "adulto_mayor", "note": "Tiene 82 años"},
        )
        assert response.status_code == 302
        late.refresh_from_db()
        assert late.priority_reason == "adulto_mayor"
        change = late.history.last()
        assert (change.user, change.internal_note) == (user, "Tiene 82 años")
        assert change.public_note == "Atención prioritaria: Persona adulta mayor."
        content = client.get(INBOX).content.decode()
        # The consulta is due in 30 days, the petición in 15, yet the prioritised one is first.
        assert content.index(late.radicado) < content.index(early.radicado)
        # Internal target: 5 business days from receipt (San José skipped); the legal due date
        # stays.
        assert "Prioritaria (Persona adulta mayor), meta interna 24/03/2026" in content
        assert late.due_date == datetime.date(2026, 4, 30)
        filtered = client.get(INBOX + "?prioridad=si").content.decode()
        assert late.radicado in filtered and early.radicado not in filtered
        page = client.get(reverse("admin:pqrsd_request_change", args=[late.pk])).content.decode()
        assert "Meta interna: <strong>24/03/2026</strong>" in page
        # Removing it is recorded too; setting the same value again is refused politely.
        url = reverse("admin:pqrsd_request_priority", args=[late.pk])
        client.post(url, {"priority_reason": "", "note": ""})
        late.refresh_from_db()
        assert late.priority_reason == ""
        assert "Se quitó la atención prioritaria" in late.history.last().internal_note
        response = client.post(url, {"priority_reason": "", "note": ""})
        assert "La solicitud ya tiene esa prioridad." in response.content.decode()
        response = client.post(url, {"priority_reason": "rey", "note": ""})
        assert (
            response.status_code == 200
            and "rey" not in Request.objects.get(pk=late.pk).priority_reason
        )


def test_priority_target_follows_the_setting(settings, offices):
    hacienda, _ = offices
    settings.PQRSD_PRIORITY_TARGET_DAYS = 2
    request, _ = make_request(addressee_office=hacienda, now=FILED, priority_reason="riesgo")
    assert legal.priority_target(request) == datetime.date(2026, 3, 18)
    settings.PQRSD_PRIORITY_TARGET_DAYS = 40
    assert legal.priority_target(request) == request.due_date


def test_another_offices_editor_cannot_set_priority(client, offices):
    hacienda, gobierno = offices
    request, _ = make_request(addressee_office=hacienda)
    client.force_login(make_staff_user(gobierno))
    url = reverse("admin:pqrsd_request_priority", args=[request.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"priority_reason": "riesgo"}).status_code == 404
    assert Request.objects.get(pk=request.pk).priority_reason == ""


def test_inbox_query_count_does_not_grow_with_prioritised_and_flagged_requests(client, offices):
    hacienda, gobierno = offices
    with on(4, 20):
        client.force_login(make_staff_user(hacienda))
        make_request(addressee_office=hacienda, priority_reason="gestante")
        client.get(INBOX)
        with CaptureQueriesContext(connection) as few:
            client.get(INBOX)
        for i in range(12):
            request, _ = make_request(
                addressee_office=hacienda,
                request_type="informacion",
                priority_reason="menor" if i % 2 else "",
                now=FILED,
            )
            if i % 3 == 0:
                legal.mark_not_competent(request, user=None)
        with CaptureQueriesContext(connection) as many:
            content = client.get(INBOX).content.decode()
        assert content.count(SILENCE) == 12
        assert len(many) == len(few)


def test_staff_filing_for_a_walk_in_citizen_records_the_priority(client, offices):
    from portal.roles import CORRESPONDENCE_GROUP

    hacienda, _ = offices
    client.force_login(make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,)))
    client.post(
        reverse("admin:pqrsd_request_add"),
        {
            "channel": "presencial",
            "request_type": "peticion",
            "subject": "Cupo escolar para su hija",
            "description": "Vino a la ventanilla con su hija de 7 años.",
            "person_kind": "natural",
            "document_type": "CC",
            "document_number": "123456",
            "name": "Edilberto Mutumbajoy",
            "answer_channel": "ventanilla",
            "priority_reason": "gestante",
            "data_consent": "on",
        },
    )
    assert Request.objects.get(subject="Cupo escolar para su hija").priority_reason == "gestante"
