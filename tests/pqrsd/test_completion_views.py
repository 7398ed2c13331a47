"""
The citizen completes a request online from the tracking page (art. 17): the form, its errors
(nothing typed is lost), replays, guessed codes, the one extension, and what the page says.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import OutboundEmail
from portal.ratelimit import hit
from pqrsd import completion, filing
from pqrsd.models import Attachment, Request, RequestStatus, StatusChange
from tests.portal.factories import make_office, make_staff_user

from .factories import PDF_BYTES, PNG_BYTES, make_request, pdf_upload

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
TRACK_URL = "/pqrsd/consulta/"
# Asked to complete on Monday 2026-05-11: the citizen has until Friday 2026-06-12.
NOW = datetime.datetime(2026, 5, 20, 10, 0, tzinfo=BOGOTA)


@pytest.fixture(autouse=True)
def municipality():
    from portal.models import Municipality

    return Municipality.current()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def office():
    return make_office(name="Secretaría de Planeación", email="planeacion@example.com")


def paused_request(office, **data):
    request, code = make_request(
        addressee_office=office, now=datetime.datetime(2026, 5, 4, 9, tzinfo=BOGOTA), **data
    )
    request = filing.request_completion(
        request,
        what_is_missing="Copia del plano de la vía.",
        user=make_staff_user(office),
        now=datetime.datetime(2026, 5, 11, 10, tzinfo=BOGOTA),
    )
    return request, code


@pytest.fixture
def paused(office):
    return paused_request(office)


def signed_in(client, request, code):
    client.post(TRACK_URL, {"radicado": request.radicado, "code": code})
    return client


def url(request):
    return reverse("pqrsd:completion", args=[request.radicado])


def tokens(client, request):
    """The one-time form token and the signed start time the page gave this browser."""
    page = client.get(url(request)).content.decode()
    found = {
        name: re.search(rf'name="{name}" value="([^"]+)"', page)
        for name in ("form_token", "inicio_formulario")
    }
    return {name: match[1] for name, match in found.items() if match}


def token(client, request):
    return tokens(client, request)["form_token"]


def post(client, request, **overrides):
    data = {**tokens(client, request), "text": "Adjunto el plano.", "website": ""}
    data.update(overrides)
    return client.post(url(request), {k: v for k, v in data.items() if v is not None})


def test_status_page_says_awaiting_with_the_date_never_overdue(client, paused):
    request, code = paused
    signed_in(client, request, code)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=BOGOTA), tick=False):
        # Past the original due date (25/05/2026): still not "vencida".
        assert request.original_due_date < datetime.date(2026, 6, 1)
        content = client.get(reverse("pqrsd:status", args=[request.radicado])).content.decode()
    assert "En espera de su información" in content
    assert "Suspendida: en espera de su información" in content
    assert "viernes 12 de junio de 2026" in content
    assert "badge-bad" not in content
    assert "vencida" not in content.lower().replace("no está vencida", "")
    assert url(request) in content


def test_status_page_query_count_with_many_completions(client, office, django_assert_num_queries):
    request, code = paused_request(office)
    signed_in(client, request, code)
    status_url = reverse("pqrsd:status", args=[request.radicado])
    client.get(status_url)
    with CaptureQueriesContext(connection) as few:
        client.get(status_url)
    for n in range(5):
        Request.objects.filter(pk=request.pk).update(status=RequestStatus.AWAITING_COMPLETION)
        completion.submit_completion(request, text=f"Aporte {n}", files=[pdf_upload(f"p{n}.pdf")])
    with django_assert_num_queries(len(few.captured_queries)):
        content = client.get(status_url).content.decode()
    assert content.count("p4.pdf") == 1  # the completion files are listed with theirs


def test_completion_form_page(client, paused, django_assert_num_queries):
    request, code = paused
    signed_in(client, request, code)
    client.get(url(request))  # the first visit stores the CSRF token in the session
    # session, request, municipality, banners
    with django_assert_num_queries(4):
        response = client.get(url(request))
    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "<h1>Completar la solicitud" in content
    assert "Información que le pedimos" in content
    assert "viernes 12 de junio de 2026" in content
    assert "Pedir un mes más" in content


def test_valid_completion_restarts_the_term_and_shows_the_new_due_date(client, paused):
    request, code = paused
    signed_in(client, request, code)
    response = post(
        client,
        request,
        text="Adjunto el plano firmado 🚜 por la Junta de Acción Comunal de Galilea.",
        attachments=[
            pdf_upload("plano.pdf"),
            SimpleUploadedFile("foto.png", PNG_BYTES, "image/png"),
        ],
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("pqrsd:status", args=[request.radicado])
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROCESS
    # Completed Wed 2026-05-20: 15 business days from Thu 21/05 (08/06 Corpus Christi is a
    # holiday) → Thursday 2026-06-11.
    assert request.due_date == datetime.date(2026, 6, 11)
    entry = request.history.get(citizen_text__startswith="Adjunto el plano firmado 🚜")
    assert sorted(a.original_name for a in entry.attachments.all()) == ["foto.png", "plano.pdf"]
    assert set(entry.attachments.values_list("kind", flat=True)) == {Attachment.Kind.COMPLETION}
    page = client.get(response["Location"]).content.decode()
    assert "Recibimos su información" in page
    assert "11/06/2026" in page
    assert "jueves 11 de junio de 2026" in page
    assert "En espera de su información" not in page
    assert "plano.pdf" in page
    mail = OutboundEmail.objects.for_reference(request.radicado).filter(to="planeacion@example.com")
    assert mail.filter(subject__contains="completó la solicitud").exists()


def test_only_files_is_enough(client, paused):
    request, code = paused
    signed_in(client, request, code)
    assert post(client, request, text="", attachments=[pdf_upload()]).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROCESS


def test_empty_form_asks_for_text_or_files(client, paused):
    request, code = paused
    signed_in(client, request, code)
    response = post(client, request, text="   ")
    assert response.status_code == 200
    assert "Escriba la información que le pedimos o adjunte al menos un archivo." in (
        response.content.decode()
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COMPLETION


def test_huge_text_gets_a_clear_message_and_keeps_it(client, paused):
    request, code = paused
    signed_in(client, request, code)
    huge = "ñ" * 10001
    response = post(client, request, text=huge)
    content = response.content.decode()
    assert response.status_code == 200
    assert "máximo 10000 caracteres (escribió 10001)" in content
    assert huge in content
    assert not StatusChange.objects.filter(request=request, citizen_text__startswith="ñ").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programa.pdf", b"MZ\x90\x00" + b"\x00" * 100, "no es un archivo válido"),
        ("foto.pdf", PNG_BYTES, "no es un archivo válido"),
        ("vacio.pdf", b"", "está vacío"),
        ("script.exe", b"MZ" + b"\x00" * 10, "no es un archivo válido"),
    ],
)
def test_bad_files_are_refused_and_the_text_kept(client, paused, name, content, message):
    request, code = paused
    signed_in(client, request, code)
    text = "Aquí va el plano, señor alcalde 😊 <b>urgente</b>"
    response = post(
        client, request, text=text, attachments=SimpleUploadedFile(name, content, "application/pdf")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "vuelva a adjuntar sus archivos" in page and name in page
    assert "señor alcalde 😊 &lt;b&gt;urgente&lt;/b&gt;" in page
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COMPLETION


def test_a_50_mb_file_is_refused(client, paused):
    request, code = paused
    signed_in(client, request, code)
    big = SimpleUploadedFile("grande.pdf", PDF_BYTES + b"0" * (50 * 1024 * 1024), "application/pdf")
    response = post(client, request, attachments=big)
    assert "el máximo es 10 MB" in response.content.decode()
    assert Attachment.objects.filter(kind=Attachment.Kind.COMPLETION).count() == 0


def test_more_than_three_files_is_refused(client, paused):
    request, code = paused
    signed_in(client, request, code)
    response = post(client, request, attachments=[pdf_upload(f"a{i}.pdf") for i in range(4)])
    assert "como máximo 3 archivos" in response.content.decode()


def test_emoji_and_accents_are_stored_as_typed(client, paused):
    request, code = paused
    signed_in(client, request, code)
    text = "Cédula de Ñusta Jamioy 🙏🏽\n<script>alert(1)</script>"
    assert post(client, request, text=text).status_code == 302
    assert StatusChange.objects.filter(request=request, citizen_text=text).exists()


def test_without_the_code_the_form_sends_to_tracking_and_stores_nothing(client, paused):
    request, code = paused
    # A wrong (guessed) code gives no access.
    client.post(TRACK_URL, {"radicado": request.radicado, "code": "A" * len(code)})
    assert client.get(url(request))["Location"] == TRACK_URL
    response = client.post(url(request), {"text": "Soy otro.", "form_token": "x" * 22})
    assert response.status_code == 302 and response["Location"] == TRACK_URL
    extension = client.post(reverse("pqrsd:completion_extension", args=[request.radicado]))
    assert extension["Location"] == TRACK_URL
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COMPLETION
    assert request.completion_extended_at is None
    assert client.get("/pqrsd/consulta/no-es-radicado/completar/").status_code == 404


def test_access_to_one_request_does_not_open_another(client, office, paused):
    request, code = paused
    other, _ = paused_request(office)
    signed_in(client, request, code)
    assert client.get(url(other))["Location"] == TRACK_URL


def test_a_replay_of_the_same_submission_is_stored_once(client, paused):
    request, code = paused
    signed_in(client, request, code)
    data = {"form_token": token(client, request), "text": "El plano.", "website": ""}
    assert client.post(url(request), data).status_code == 302
    due = Request.objects.get(pk=request.pk).due_date
    replay = client.post(url(request), data)
    assert replay.status_code == 302
    assert StatusChange.objects.filter(request=request, citizen_text="El plano.").count() == 1
    assert Request.objects.get(pk=request.pk).due_date == due
    assert (
        "Ya habíamos recibido esta información" in client.get(replay["Location"]).content.decode()
    )


def test_not_awaiting_gives_a_clear_message_and_keeps_the_text(client, office):
    request, code = make_request(addressee_office=office)
    signed_in(client, request, code)
    page = client.get(url(request))
    assert page.status_code == 200
    assert "no está esperando información suya" in page.content.decode()
    response = client.post(url(request), {"form_token": "n" * 22, "text": "Mi aporte importante ✍️"})
    content = response.content.decode()
    assert response.status_code == 409
    assert "no está esperando información suya" in content
    assert "Mi aporte importante ✍️" in content
    assert not StatusChange.objects.filter(citizen_text__contains="aporte").exists()


def test_honeypot_stores_nothing(client, paused):
    request, code = paused
    signed_in(client, request, code)
    assert post(client, request, website="http://spam.example").status_code == 400
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COMPLETION


def test_the_antispam_check_refuses_a_form_sent_too_fast(client, paused, settings):
    settings.ANTISPAM_MIN_SECONDS = 3
    request, code = paused
    signed_in(client, request, code)
    response = post(client, request, text="Rápido.")
    assert response.status_code == 200
    assert "demasiado rápido" in response.content.decode()
    assert "Rápido." in response.content.decode()


def test_completion_is_rate_limited(client, paused, monkeypatch):
    monkeypatch.setattr("pqrsd.completion_views.COMPLETE_LIMIT_PER_HOUR", 1)
    request, code = paused
    signed_in(client, request, code)
    hit("pqrsd-complete", "127.0.0.1", 1, 3600)  # this address already used its one try
    response = post(client, request, text="Lo que faltaba.")
    assert response.status_code == 429
    assert "Lo que faltaba." in response.content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"text": "\x00\x00"},
        {"text": ["uno", "dos"]},
        {"form_token": "<script>"},
        {"form_token": "🙂" * 30},
        {"attachments": "no-es-un-archivo"},
    ],
)
def test_odd_values_never_500(client, paused, overrides):
    request, code = paused
    signed_in(client, request, code)
    assert post(client, request, **overrides).status_code in (200, 302)


# --- the citizen's one extension ---


def test_the_citizen_asks_once_for_one_more_month(client, paused):
    request, code = paused
    signed_in(client, request, code)
    extend_url = reverse("pqrsd:completion_extension", args=[request.radicado])
    assert client.get(extend_url)["Location"] == url(request)
    response = client.post(extend_url, {"website": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.completion_deadline == datetime.date(2026, 7, 14)
    page = client.get(response["Location"]).content.decode()
    assert "Registramos su prórroga" in page and "14/07/2026" in page
    assert "martes 14 de julio de 2026" in page
    assert "Usted pidió una prórroga" in page  # in the history
    assert "Pedir un mes más" not in client.get(url(request)).content.decode()
    again = client.post(extend_url, {"website": ""})
    assert "una sola vez" in client.get(again["Location"]).content.decode()
    assert request.history.filter(public_note__startswith="Usted pidió una prórroga").count() == 1


def test_the_extension_after_the_window_is_refused(client, paused):
    request, code = paused
    with time_machine.travel(datetime.datetime(2026, 6, 13, 9, tzinfo=BOGOTA), tick=False):
        signed_in(client, request, code)
        assert "Pedir un mes más" not in client.get(url(request)).content.decode()
        response = client.post(
            reverse("pqrsd:completion_extension", args=[request.radicado]), {"website": ""}
        )
        assert "antes de que venza" in client.get(response["Location"]).content.decode()
    request.refresh_from_db()
    assert request.completion_extended_at is None


def test_the_withdrawn_request_says_the_citizen_may_file_again(client, paused):
    request, code = paused
    signed_in(client, request, code)
    completion.declare_withdrawal(
        request,
        user=make_staff_user(request.office),
        motivation="No aportó el plano.",
        now=datetime.datetime(2026, 6, 15, 9, tzinfo=BOGOTA),
    )
    content = client.get(reverse("pqrsd:status", args=[request.radicado])).content.decode()
    assert "terminó por desistimiento tácito" in content
    assert "Puede presentar de nuevo su solicitud" in content
    assert reverse("pqrsd:file") in content
    assert "No aportó el plano." in content
    assert "no está esperando información suya" in client.get(url(request)).content.decode()
