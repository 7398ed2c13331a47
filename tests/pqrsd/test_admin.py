"""The staff inbox: office isolation, due-date highlights, steps with history, filing on behalf."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from portal.roles import COMMITTEE_GROUP, CORRESPONDENCE_GROUP
from pqrsd import filing
from pqrsd.models import AnswerTemplate, Request, RequestStatus
from pqrsd.radicado import tracking_code_matches
from tests.portal.factories import make_office, make_staff_user

from .factories import make_request, pdf_upload

pytestmark = pytest.mark.django_db
INBOX = "/admin/pqrsd/request/"


@pytest.fixture
def offices():
    return make_office(name="Secretaría de Hacienda"), make_office(name="Secretaría de Gobierno")


def test_staff_see_only_their_office(client, offices):
    hacienda, gobierno = offices
    mine, _ = make_request(subject="Cobro doble del predial", addressee_office=hacienda)
    theirs, _ = make_request(subject="Ruido en la plaza", addressee_office=gobierno)
    client.force_login(make_staff_user(hacienda))
    content = client.get(INBOX).content.decode()
    assert "Cobro doble del predial" in content
    assert "Ruido en la plaza" not in content
    assert client.get(reverse("admin:pqrsd_request_change", args=[theirs.pk])).status_code == 302
    assert client.get(reverse("admin:pqrsd_request_change", args=[mine.pk])).status_code == 200


def test_committee_member_does_not_see_other_offices(client, offices):
    hacienda, gobierno = offices
    make_request(subject="Ruido en la plaza", addressee_office=gobierno)
    client.force_login(make_staff_user(hacienda, groups=(COMMITTEE_GROUP,)))
    assert "Ruido en la plaza" not in client.get(INBOX).content.decode()


def test_correspondence_and_superusers_see_every_office(client, offices):
    hacienda, gobierno = offices
    make_request(subject="Ruido en la plaza", addressee_office=gobierno)
    make_request(subject="Sin dependencia")
    client.force_login(make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,)))
    content = client.get(INBOX).content.decode()
    assert "Ruido en la plaza" in content and "Sin dependencia" in content


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_overdue_and_due_soon_are_highlighted(client, offices):
    hacienda, _ = offices
    overdue, _ = make_request(
        addressee_office=hacienda, now=datetime.datetime(2026, 1, 5, 14, tzinfo=datetime.UTC)
    )
    soon, _ = make_request(
        request_type="informacion",
        addressee_office=hacienda,
        now=datetime.datetime(2026, 2, 17, 14, tzinfo=datetime.UTC),
    )
    later, _ = make_request(request_type="consulta", addressee_office=hacienda)
    client.force_login(make_staff_user(hacienda))
    content = client.get(INBOX).content.decode()
    assert 'class="pqrsd-badge pqrsd-overdue">Vencida' in content
    assert 'class="pqrsd-badge pqrsd-soon">Vence pronto' in content
    assert 'class="pqrsd-badge pqrsd-ok">A tiempo' in content
    assert "pqrsd/admin" in content
    order = [content.index(r.radicado) for r in (overdue, soon, later)]
    assert order == sorted(order)  # sorted by due date


def test_inbox_query_count_is_constant(client, offices, django_assert_num_queries):
    hacienda, gobierno = offices
    user = make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,))
    client.force_login(user)
    for office in (hacienda, gobierno):
        make_request(addressee_office=office)
    client.get(INBOX)
    with django_assert_num_queries(17) as few:
        client.get(INBOX)
    for i in range(30):
        make_request(addressee_office=offices[i % 2])
    with django_assert_num_queries(len(few)):
        client.get(INBOX)


def test_steps_create_history_with_user(client, offices):
    hacienda, gobierno = offices
    request, _ = make_request(addressee_office=hacienda)
    user = make_staff_user(hacienda)
    client.force_login(user)
    response = client.post(
        reverse("admin:pqrsd_request_process", args=[request.pk]), {"note": "Revisando"}
    )
    assert response.status_code == 302
    page = client.get(reverse("admin:pqrsd_request_extend", args=[request.pk]))
    assert f"sin pasar del {filing.extension_cap(request):%d/%m/%Y}" in page.content.decode()
    response = client.post(
        reverse("admin:pqrsd_request_extend", args=[request.pk]),
        {"new_due_date": "2099-01-01", "reason": "Visita técnica"},
    )
    assert "no puede pasar del" in response.content.decode()
    client.post(
        reverse("admin:pqrsd_request_answer", args=[request.pk]),
        {"text": "Respuesta de fondo", "files": [pdf_upload("respuesta.pdf")]},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert list(request.history.values_list("status", "user")) == [
        ("radicada", None),
        ("en_tramite", user.pk),
        ("respondida", user.pk),
    ]
    response = client.get(reverse("admin:pqrsd_request_change", args=[request.pk]))
    assert "respuesta.pdf" in response.content.decode()
    assert "Cálculo del vencimiento" in response.content.decode()


def test_reassign_to_another_office_moves_it_out_of_my_inbox(client, offices):
    hacienda, gobierno = offices
    request, _ = make_request(addressee_office=hacienda)
    client.force_login(make_staff_user(hacienda))
    client.post(
        reverse("admin:pqrsd_request_assign", args=[request.pk]),
        {"office": gobierno.pk, "note": "No es de Hacienda"},
    )
    request.refresh_from_db()
    assert request.office == gobierno
    assert request.history.last().internal_note == "No es de Hacienda"
    assert client.get(reverse("admin:pqrsd_request_answer", args=[request.pk])).status_code == 404


def test_answer_template_fills_the_text(client, offices):
    hacienda, _ = offices
    request, _ = make_request(addressee_office=hacienda, name="Luz Dary")
    template = AnswerTemplate.objects.create(
        request_type="peticion", title="Fondo", body="Respetada {nombre}: su radicado {radicado}."
    )
    client.force_login(make_staff_user(hacienda))
    response = client.post(
        reverse("admin:pqrsd_request_answer", args=[request.pk]),
        {"template": template.pk, "_use_template": "1", "text": ""},
    )
    assert f"Respetada Luz Dary: su radicado {request.radicado}." in response.content.decode()
    assert Request.objects.get().status == RequestStatus.FILED


def test_file_on_behalf_of_a_citizen_uses_the_same_series(client, offices):
    hacienda, _ = offices
    make_request()
    client.force_login(make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,)))
    response = client.post(
        reverse("admin:pqrsd_request_add"),
        {
            "channel": "presencial",
            "request_type": "reclamo",
            "subject": "Cobro doble",
            "description": "Vino a la ventanilla.",
            "person_kind": "natural",
            "document_type": "CC",
            "document_number": "123456",
            "name": "Edilberto Mutumbajoy",
            "answer_channel": "ventanilla",
            "data_consent": "on",
        },
        follow=True,
    )
    request = Request.objects.get(subject="Cobro doble")
    assert request.channel == "presencial"
    assert request.number == 2
    # The official lands on the printable receipt, the one place the code is shown; the
    # message (kept in a cookie) does not carry it.
    content = response.content.decode()
    code = re.search(r'class="pqrsd-receipt-value">([^<]{16})</span>', content)[1]
    assert tracking_code_matches(code, request.tracking_code_hash)
    assert f"consulta {code}" not in content


def test_inbox_opens_on_open_requests(client, offices):
    hacienda, _ = offices
    user = make_staff_user(hacienda)
    done, _ = make_request(subject="Ya respondida", addressee_office=hacienda)
    filing.answer(done, text="Listo", user=user)
    make_request(subject="Por responder", addressee_office=hacienda)
    client.force_login(user)
    content = client.get(INBOX).content.decode()
    assert "Por responder" in content and "Ya respondida" not in content
    content = client.get(INBOX + "?situacion=respondidas").content.decode()
    assert "Ya respondida" in content and "Por responder" not in content
    content = client.get(INBOX, {"q": done.radicado}).content.decode()
    assert "Ya respondida" in content  # a search looks everywhere
    content = client.get(INBOX + "?situacion=🙂").content.decode()
    assert "Por responder" in content
    assert client.get(INBOX + "?situacion=todas&p=999").status_code in (200, 302, 404)


def test_change_page_has_steps_but_no_save_button(client, offices):
    hacienda, _ = offices
    request, _ = make_request(addressee_office=hacienda)
    client.force_login(make_staff_user(hacienda))
    content = client.get(reverse("admin:pqrsd_request_change", args=[request.pk])).content.decode()
    assert "Prorrogar" in content and "Responder" in content
    assert 'name="_save"' not in content


def test_committee_reads_but_cannot_act(client, offices):
    hacienda, _ = offices
    request, _ = make_request(addressee_office=hacienda)
    client.force_login(make_staff_user(hacienda, groups=(COMMITTEE_GROUP,)))
    assert client.get(reverse("admin:pqrsd_request_change", args=[request.pk])).status_code == 200
    assert client.get(reverse("admin:pqrsd_request_report")).status_code == 200
    assert client.get(reverse("admin:pqrsd_request_answer", args=[request.pk])).status_code == 403
    assert client.get(reverse("admin:pqrsd_request_add")).status_code == 403


def test_file_on_behalf_form_renders_for_editors(client, offices):
    client.force_login(make_staff_user(offices[0]))
    response = client.get(reverse("admin:pqrsd_request_add"))
    assert response.status_code == 200
    assert "Canal de recepción" in response.content.decode()
