"""
Staff side of art. 17: asking to complete in the admin, seeing what the citizen sent, the
"desistimiento por declarar" filter and badge, and declaring it (own office only) by step or
by list action, with the clock moved.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from portal.models import OutboundEmail
from pqrsd import completion, filing
from pqrsd.models import Request, RequestStatus
from tests.portal.factories import make_office, make_staff_user

from .factories import make_request, pdf_upload

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
INBOX = "/admin/pqrsd/request/"
ASKED = datetime.datetime(2026, 5, 11, 10, tzinfo=BOGOTA)  # window ends Friday 2026-06-12
AFTER = datetime.datetime(2026, 6, 15, 9, tzinfo=BOGOTA)  # Monday after: due


@pytest.fixture
def offices():
    return make_office(name="Secretaría de Planeación"), make_office(name="Secretaría de Gobierno")


def paused(office, when=ASKED, **data):
    filed = when - datetime.timedelta(days=7)
    request, code = make_request(addressee_office=office, now=filed, **data)
    filing.request_completion(
        request, what_is_missing="El plano.", user=make_staff_user(office), now=when
    )
    return Request.objects.get(pk=request.pk)


def test_staff_ask_for_completion_in_the_admin_and_the_window_is_set(client, offices):
    mine, _ = offices
    request, _ = make_request(addressee_office=mine)
    client.force_login(make_staff_user(mine))
    response = client.post(
        reverse("admin:pqrsd_request_completion", args=[request.pk]),
        {"what_is_missing": "Copia del certificado de tradición."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COMPLETION
    assert request.completion_deadline is not None
    page = client.get(reverse("admin:pqrsd_request_change", args=[request.pk])).content.decode()
    assert reverse("admin:pqrsd_request_withdrawal", args=[request.pk]) in page


def test_staff_see_what_the_citizen_sent_and_download_it(client, offices):
    mine, theirs = offices
    request = paused(mine)
    completion.submit_completion(
        request, text="Adjunto el plano firmado 📎.", files=[pdf_upload("plano.pdf")]
    )
    stored = request.attachments.get(original_name="plano.pdf")
    client.force_login(make_staff_user(mine))
    page = client.get(reverse("admin:pqrsd_request_change", args=[request.pk])).content.decode()
    assert "Adjunto el plano firmado 📎." in page
    assert "Adjunto con que el ciudadano completó la solicitud" in page
    download = reverse("pqrsd:attachment", args=[stored.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = Client()
    other.force_login(make_staff_user(theirs))
    assert other.get(download).status_code == 403


@time_machine.travel(AFTER, tick=False)
def test_due_withdrawals_are_flagged_and_filtered_own_office_only(client, offices):
    mine, theirs = offices
    due = paused(mine)
    in_time = paused(mine, when=datetime.datetime(2026, 6, 1, 9, tzinfo=BOGOTA))
    other_office = paused(theirs)
    client.force_login(make_staff_user(mine))
    content = client.get(INBOX).content.decode()
    assert 'class="pqrsd-badge pqrsd-overdue">Desistimiento por declarar' in content
    assert 'class="pqrsd-badge pqrsd-paused">Término suspendido' in content
    assert "Desistimiento por declarar" in content  # the filter's choice
    filtered = client.get(INBOX, {"desistimiento": "por_declarar"}).content.decode()
    assert due.radicado in filtered
    assert in_time.radicado not in filtered
    assert other_office.radicado not in filtered


def test_inbox_query_count_with_the_filter_is_constant(client, offices, django_assert_num_queries):
    mine, _ = offices
    user = make_staff_user(mine)
    paused(mine)
    with time_machine.travel(AFTER, tick=False):
        client.force_login(user)
        client.get(INBOX, {"desistimiento": "por_declarar"})
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(INBOX, {"desistimiento": "por_declarar"})
    for _ in range(15):
        paused(mine)
    with time_machine.travel(AFTER, tick=False), django_assert_num_queries(len(few)):
        content = client.get(INBOX, {"desistimiento": "por_declarar"}).content.decode()
    assert content.count("Desistimiento por declarar</span>") == 16


def test_the_step_declares_it_with_a_reasoned_act(client, offices):
    mine, _ = offices
    request = paused(mine)
    user = make_staff_user(mine)
    step = reverse("admin:pqrsd_request_withdrawal", args=[request.pk])
    with time_machine.travel(datetime.datetime(2026, 6, 12, 15, tzinfo=BOGOTA), tick=False):
        client.force_login(user)
        page = client.get(step).content.decode()
        assert "artículo 17 de la Ley 1437 de 2011" in page  # the prefilled motivation
        early = client.post(step, {"motivation": "No completó.", "act_reference": ""})
        assert "aún tiene plazo" in early.content.decode()
    with time_machine.travel(AFTER, tick=False):
        client.force_login(user)  # a new day, a new staff session (admin sessions time out)
        empty = client.post(step, {"motivation": "", "act_reference": ""})
        assert "Escriba la motivación del acto." in empty.content.decode()
        response = client.post(
            step,
            {"motivation": "No aportó el plano pedido.", "act_reference": "Resolución 045 de 2026"},
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    entry = request.history.last()
    assert entry.user == user and "Resolución 045 de 2026" in entry.public_note
    mail = OutboundEmail.objects.for_reference(request.radicado).order_by("pk").last()
    assert mail.to == request.email and "Puede presentar de nuevo" in mail.body


def test_the_step_of_another_office_is_not_found(client, offices):
    mine, theirs = offices
    request = paused(theirs)
    user = make_staff_user(mine)
    with time_machine.travel(AFTER, tick=False):
        client.force_login(user)
        response = client.post(
            reverse("admin:pqrsd_request_withdrawal", args=[request.pk]),
            {"motivation": "No completó.", "act_reference": ""},
        )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COMPLETION


def test_the_list_action_confirms_then_declares_only_due_ones_of_the_own_office(client, offices):
    mine, theirs = offices
    due = paused(mine)
    in_time = paused(mine, when=datetime.datetime(2026, 6, 1, 9, tzinfo=BOGOTA))
    other_office = paused(theirs)
    user = make_staff_user(mine)
    selected = [due.pk, in_time.pk, other_office.pk]
    with time_machine.travel(AFTER, tick=False):
        client.force_login(user)
        confirm = client.post(INBOX, {"action": "declare_withdrawal", "_selected_action": selected})
        page = confirm.content.decode()
        assert confirm.status_code == 200
        assert "Se declarará el desistimiento de 1 solicitud" in page
        assert due.radicado in page
        assert other_office.radicado not in page
        done = client.post(
            INBOX,
            {
                "action": "declare_withdrawal",
                "_selected_action": selected,
                "confirmar": "1",
                "act_reference": "Resolución 046 de 2026",
                "motivation": "No aportaron lo pedido.",
            },
        )
    assert done.status_code == 302
    statuses = dict(Request.objects.values_list("pk", "status"))
    assert statuses[due.pk] == RequestStatus.WITHDRAWN
    assert statuses[in_time.pk] == RequestStatus.AWAITING_COMPLETION
    assert statuses[other_office.pk] == RequestStatus.AWAITING_COMPLETION


def test_the_list_action_with_nothing_due_explains_why(client, offices):
    mine, _ = offices
    in_time = paused(mine)
    user = make_staff_user(mine)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=BOGOTA), tick=False):
        client.force_login(user)
        response = client.post(
            INBOX,
            {"action": "declare_withdrawal", "_selected_action": [in_time.pk]},
            follow=True,
        )
    assert "Ninguna de las solicitudes elegidas" in response.content.decode()
    in_time.refresh_from_db()
    assert in_time.status == RequestStatus.AWAITING_COMPLETION
