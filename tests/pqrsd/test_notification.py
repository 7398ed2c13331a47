"""Electronic notification (CPACA art. 56): consent, revocation, signed link, first opening."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse

from portal.outbox import OutboundEmail, send_pending
from pqrsd import filing, notification
from pqrsd.models import AnswerNotification, NotificationConsent
from tests.portal.factories import make_office, make_staff_user

from .factories import make_request

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
TRACK_URL = "/pqrsd/consulta/"


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


@pytest.fixture(autouse=True)
def municipality():
    from portal.models import Municipality

    return Municipality.current()


@pytest.fixture
def staff():
    return make_staff_user(make_office())


def consented_request(**data):
    return make_request(e_notification=True, **data)


def track(client, request, code):
    client.post(TRACK_URL, {"radicado": request.radicado, "code": code})


def status_url(request):
    return reverse("pqrsd:status", args=[request.radicado])


def test_consent_on_the_filing_data_is_recorded_with_time_and_text_version():
    with time_machine.travel(at(2026, 12, 2, 9, 15), tick=False):
        request, _ = consented_request(email="maria@example.com")
    consent = NotificationConsent.objects.get(request=request)
    assert consent.accepted is True
    assert consent.email == "maria@example.com"
    assert consent.source == NotificationConsent.Source.FORM
    assert consent.text_version == notification.CONSENT_TEXT_VERSION
    assert consent.created_at == at(2026, 12, 2, 9, 15)


def test_without_consent_nothing_is_recorded():
    request, _ = make_request()
    assert notification.current_consent(request) is None


def test_revocation_is_a_new_row_and_repeats_record_nothing():
    request, _ = consented_request()
    with time_machine.travel(at(2026, 12, 3, 10, 0), tick=False):
        notification.record_consent(request, accepted=False, source="consulta")
        notification.record_consent(request, accepted=False, source="consulta")
    rows = list(request.notification_consents.order_by("created_at"))
    assert [r.accepted for r in rows] == [True, False]
    assert rows[1].created_at == at(2026, 12, 3, 10, 0)
    assert notification.current_consent(request).accepted is False


def test_anonymous_requests_cannot_consent():
    request, _ = make_request(request_type="queja", is_anonymous=True)
    with pytest.raises(Exception, match="anónima"):
        notification.record_consent(
            request, accepted=True, email="x@example.com", source="consulta"
        )


# --- the answer's notice ---


def test_answer_with_consent_sends_a_signed_link_without_the_code(staff):
    request, code = consented_request(email="maria@example.com")
    with time_machine.travel(at(2026, 12, 10, 11, 0), tick=False):
        filing.answer(request, text="Ya arreglamos la vía.", user=staff)
    queued = OutboundEmail.objects.get(reference=request.radicado, subject__contains="notificación")
    # The link opens the request as the code does: it waits encrypted in the outbox.
    assert "/pqrsd/notificacion/" not in queued.body
    assert queued.secret
    mail.outbox.clear()
    send_pending()
    sent = next(m for m in mail.outbox if "notificación" in m.subject)
    assert sent.to == ["maria@example.com"]
    assert code not in sent.body
    assert "Ya arreglamos la vía." not in sent.body  # the answer is opened by the link
    link = re.search(r"https?://\S+/pqrsd/notificacion/(\S+)/", sent.body)
    assert link is not None
    assert code not in signing.b64_decode(link[1].split(":")[0].lstrip(".").encode()).decode(
        "latin-1"
    )
    assert OutboundEmail.objects.get(pk=queued.pk).secret == ""
    record = AnswerNotification.objects.get(request=request)
    assert record.electronic is True
    assert record.available_at == at(2026, 12, 10, 11, 0)
    assert record.first_opened_at is None
    assert record.answer_sha256 == notification.answer_fingerprint("Ya arreglamos la vía.")


def test_answer_without_consent_is_a_courtesy_copy(staff):
    request, _ = make_request(email="maria@example.com", answer_channel="fisica")
    filing.answer(request, text="Ya arreglamos la vía.", user=staff)
    message = OutboundEmail.objects.get(reference=request.radicado, subject__contains="respuesta")
    assert "Ya arreglamos la vía." in message.body
    assert "/pqrsd/notificacion/" not in message.body
    assert "dirección física" in message.body
    assert AnswerNotification.objects.get(request=request).electronic is False


def test_revoked_consent_falls_back_to_the_chosen_channel(staff):
    request, _ = consented_request(email="maria@example.com")
    notification.record_consent(request, accepted=False, source="consulta")
    filing.answer(request, text="Listo.", user=staff)
    assert not OutboundEmail.objects.filter(subject__contains="notificación de la").exists()
    assert AnswerNotification.objects.get(request=request).electronic is False


def test_the_link_records_the_first_opening_once_and_shows_the_answer(client, staff):
    request, _ = consented_request()
    filing.answer(request, text="Ya arreglamos la vía.", user=staff)
    token = notification.answer_token(request)
    link = reverse("pqrsd:notification_link", args=[token])
    # A mail scanner fetching the link (GET) is not the citizen opening the answer.
    with time_machine.travel(at(2026, 12, 10, 23, 0), tick=False):
        scanned = client.get(link)
    assert scanned.status_code == 200
    assert "Ver la respuesta" in scanned.content.decode()
    assert "Ya arreglamos la vía." not in scanned.content.decode()
    assert AnswerNotification.objects.get(request=request).first_opened_at is None
    with time_machine.travel(at(2026, 12, 11, 8, 30), tick=False):
        response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == status_url(request)
    page = client.get(response["Location"]).content.decode()
    assert "Ya arreglamos la vía." in page
    assert ">11 de diciembre de 2026, 8:30 a.m.</time>; con esa fecha y hora" in page
    assert "queda hecha la notificación electrónica" in page
    with time_machine.travel(at(2026, 12, 12, 9, 0), tick=False):
        client.post(link)
    record = AnswerNotification.objects.get(request=request)
    assert record.first_opened_at == at(2026, 12, 11, 8, 30)
    assert record.first_opened_via == AnswerNotification.Via.LINK


def test_the_tracking_page_records_the_first_opening(client, staff):
    request, code = make_request()
    filing.answer(request, text="Respuesta.", user=staff)
    track(client, request, code)
    with time_machine.travel(at(2026, 12, 11, 15, 0), tick=False):
        client.get(status_url(request))
    with time_machine.travel(at(2026, 12, 14, 15, 0), tick=False):
        client.get(status_url(request))
    record = AnswerNotification.objects.get(request=request)
    assert record.first_opened_at == at(2026, 12, 11, 15, 0)
    assert record.first_opened_via == AnswerNotification.Via.TRACKING


def test_an_unanswered_request_records_no_opening(client):
    request, code = make_request()
    track(client, request, code)
    client.get(status_url(request))
    assert not AnswerNotification.objects.exists()


@pytest.mark.parametrize(
    "token",
    ["x", "no-es-un-token", "a" * 500, "eyJyIjoxfQ:forjado:firma", "ñandú-😀"],
)
def test_forged_or_malformed_links_are_a_404_in_spanish(client, staff, token):
    request, _ = consented_request()
    filing.answer(request, text="Respuesta secreta.", user=staff)
    response = client.get(reverse("pqrsd:notification_link", args=[token]))
    assert response.status_code == 404
    assert "no es válido" in response.content.decode()
    assert AnswerNotification.objects.get().first_opened_at is None


def test_an_expired_link_is_refused(client, staff, settings):
    settings.PQRSD_NOTIFICATION_LINK_DAYS = 30
    with time_machine.travel(at(2026, 12, 10, 9, 0), tick=False):
        request, _ = consented_request()
        filing.answer(request, text="Respuesta.", user=staff)
        token = notification.answer_token(request)
    with time_machine.travel(at(2027, 1, 20, 9, 0), tick=False):
        response = client.get(reverse("pqrsd:notification_link", args=[token]))
    assert response.status_code == 404
    assert AnswerNotification.objects.get().first_opened_at is None


def test_revoking_the_consent_or_changing_the_email_ends_the_link(client, staff):
    # A forwarded or misdirected e-mail stops opening the request once the citizen revokes.
    request, _ = consented_request(email="maria@example.com")
    filing.answer(request, text="Respuesta.", user=staff)
    token = notification.answer_token(request)
    link = reverse("pqrsd:notification_link", args=[token])
    assert client.get(link).status_code == 200
    notification.record_consent(request, accepted=True, email="otra@example.com", source="consulta")
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    fresh = reverse("pqrsd:notification_link", args=[notification.answer_token(request)])
    assert client.get(fresh).status_code == 200
    notification.record_consent(request, accepted=False, source="consulta")
    assert client.get(fresh).status_code == 404
    assert AnswerNotification.objects.get().first_opened_at is None


def test_a_link_for_an_unanswered_request_is_refused(client):
    request, _ = consented_request()
    response = client.get(
        reverse("pqrsd:notification_link", args=[notification.answer_token(request)])
    )
    assert response.status_code == 404


# --- consent and revocation from the tracking page ---


def test_citizen_accepts_then_revokes_from_the_tracking_page(client, django_assert_num_queries):
    request, code = make_request(email="maria@example.com")
    track(client, request, code)
    page = client.get(status_url(request)).content.decode()
    assert "Aceptar la notificación electrónica" in page
    url = reverse("pqrsd:notification_consent", args=[request.radicado])
    client.get(url)  # the first form of the session stores its CSRF token
    # session, request, consent in force, municipality, banners
    with django_assert_num_queries(5):
        form = client.get(url)
    assert form.status_code == 200
    assert 'value="maria@example.com"' in form.content.decode()
    with time_machine.travel(at(2026, 12, 4, 10, 0), tick=False):
        response = client.post(url, {"accept": "1", "email": "otro@example.com"})
    assert response.status_code == 302
    page = client.get(status_url(request)).content.decode()
    assert "otro@example.com" in page
    assert "Revocar la notificación electrónica" in page
    with time_machine.travel(at(2026, 12, 5, 10, 0), tick=False):
        client.post(url, {"accept": "0"})
    rows = list(request.notification_consents.values_list("accepted", "email", "created_at"))
    assert rows == [
        (True, "otro@example.com", at(2026, 12, 4, 10, 0)),
        (False, "", at(2026, 12, 5, 10, 0)),
    ]
    assert (
        "Usted revocó la notificación electrónica"
        in client.get(status_url(request)).content.decode()
    )


@pytest.mark.parametrize(
    "data",
    [
        {"accept": "1", "email": "no-es-correo"},
        {"accept": "1", "email": "ñandú@😀"},
        {"accept": "1", "email": "a" * 300 + "@example.com"},
        {"accept": "sí"},
        {},
    ],
)
def test_bad_consent_input_keeps_what_was_typed_and_never_500s(client, data):
    request, code = make_request(email="")
    track(client, request, code)
    url = reverse("pqrsd:notification_consent", args=[request.radicado])
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Revise el formulario" in content
    assert not NotificationConsent.objects.exists()


def test_accepting_without_any_email_asks_for_one(client):
    request, code = make_request(email="")
    track(client, request, code)
    url = reverse("pqrsd:notification_consent", args=[request.radicado])
    response = client.post(url, {"accept": "1", "email": ""})
    assert "escriba un correo electrónico" in response.content.decode()


def test_consent_page_needs_the_code(client):
    request, _ = make_request()
    url = reverse("pqrsd:notification_consent", args=[request.radicado])
    assert client.get(url)["Location"] == TRACK_URL
    assert client.post(url, {"accept": "1"})["Location"] == TRACK_URL
    assert client.get("/pqrsd/consulta/2999-999999/notificacion/")["Location"] == TRACK_URL
    # An address that is no radicado is a 404, as on the tracking and completion pages.
    for page in ("", "notificacion/", "completar/", "completar/prorroga/"):
        response = client.get(f"/pqrsd/consulta/no-valido/{page}")
        assert response.status_code == 404
        assert "No encontramos esta página" in response.content.decode()
    assert not NotificationConsent.objects.exists()


def test_filing_form_consent_needs_an_email(client):
    from .test_views import valid_post

    response = client.post(
        "/pqrsd/", valid_post(client, email="", e_notification="on", answer_channel="portal")
    )
    assert "Escriba su correo para la notificación electrónica" in response.content.decode()
    response = client.post("/pqrsd/", valid_post(client, e_notification="on"))
    assert response.status_code == 302
    assert NotificationConsent.objects.get().source == "formulario"


def test_anonymous_filing_cannot_consent(client):
    from .test_views import valid_post

    response = client.post(
        "/pqrsd/",
        valid_post(
            client,
            request_type="queja",
            is_anonymous="on",
            e_notification="on",
            answer_channel="portal",
        ),
    )
    assert "anónima no puede notificarse" in response.content.decode()
