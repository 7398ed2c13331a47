"""The project's e-mail outbox: queue, send later, retry, never twice, secrets not in clear."""

import datetime
import io
import subprocess

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.outbox import (
    CLAIM_SECONDS,
    FAILURES_BEFORE_STOPPING,
    SECRET_PLACEHOLDER,
    SECRET_UNAVAILABLE,
    OutboundEmail,
    queue_email,
    send_pending,
)
from tests.servers import BASE_DIR

pytestmark = pytest.mark.django_db
FAILING = "tests.pqrsd.failing_backend.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def test_without_an_address_nothing_is_queued():
    assert queue_email(to="", subject="Asunto", body="Texto") is None
    assert not OutboundEmail.objects.exists()


def test_a_secret_needs_its_place_in_the_body():
    with pytest.raises(ValueError):
        queue_email(to="ana@example.com", subject="Código", body="Sin lugar", secret="abc")


def test_the_secret_is_stored_encrypted_written_in_when_sent_and_then_erased():
    message = queue_email(
        to="ana@example.com",
        subject="Su código",
        body=f"Código: {SECRET_PLACEHOLDER}. Ñandú 😀",
        reference="2026-000001",
        secret="CodigoSecreto123",
    )
    message.refresh_from_db()
    assert "CodigoSecreto123" not in f"{message.body}{message.secret}"
    assert message.send() is True
    assert mail.outbox[0].body == "Código: CodigoSecreto123. Ñandú 😀"
    message.refresh_from_db()
    assert message.secret == ""
    assert message.body == f"Código: {SECRET_PLACEHOLDER}. Ñandú 😀"
    assert message.send() is None  # already sent: nothing to do
    assert len(mail.outbox) == 1


def test_a_rotated_secret_key_in_the_fallbacks_still_reads_the_secret(settings):
    old_key = settings.SECRET_KEY
    message = queue_email(
        to="ana@example.com", subject="Código", body=f"Código: {SECRET_PLACEHOLDER}", secret="x1"
    )
    settings.SECRET_KEY = "nueva-clave-" + "z" * 40
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert message.send() is True
    assert mail.outbox[0].body == "Código: x1"


def test_a_secret_that_can_no_longer_be_read_is_replaced_by_a_notice(settings):
    message = queue_email(
        to="ana@example.com", subject="Código", body=f"Código: {SECRET_PLACEHOLDER}", secret="x1"
    )
    settings.SECRET_KEY = "otra-clave-" + "y" * 40
    assert message.send() is True
    assert mail.outbox[0].body == f"Código: {SECRET_UNAVAILABLE}"


def test_a_message_claimed_by_another_sender_is_left_alone_until_its_claim_expires():
    now = timezone.now()
    message = queue_email(to="ana@example.com", subject="Asunto", body="Texto")
    OutboundEmail.objects.filter(pk=message.pk).update(
        claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS), attempts=1
    )
    assert message.send(now=now) is None
    assert mail.outbox == []
    later = now + datetime.timedelta(seconds=CLAIM_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert message.send() is True  # the other sender died without recording anything
    message.refresh_from_db()
    assert (message.attempts, message.claimed_until) == (2, None)
    assert len(mail.outbox) == 1


def test_a_run_stops_after_failures_in_a_row_and_the_next_run_sends_everything(settings):
    for n in range(5):
        queue_email(to=f"persona{n}@example.com", subject=f"Asunto {n}", body="Texto")
    settings.MAILERS = {"default": {"BACKEND": FAILING}}
    assert send_pending() == (0, FAILURES_BEFORE_STOPPING)
    tried = OutboundEmail.objects.filter(attempts=1)
    assert tried.count() == FAILURES_BEFORE_STOPPING
    assert all("fuera de servicio" in m.last_error for m in tried)

    settings.MAILERS = {"default": {"BACKEND": LOCMEM}}
    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    assert "Correos enviados: 5. Fallidos (se reintentarán): 0." in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == [f"persona{n}@example.com" for n in range(5)]
    assert OutboundEmail.objects.pending().count() == 0
    assert all(m.last_error == "" for m in OutboundEmail.objects.all())


def test_make_run_starts_the_sender_beside_runserver():
    recipe = subprocess.run(
        ["make", "-n", "run"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    sender_line = next(line for line in recipe.splitlines() if "send_outbox" in line)
    assert "--loop" in sender_line and sender_line.rstrip(" \\").endswith("sender=$!;")
    assert recipe.index("send_outbox --loop") < recipe.index("runserver")


def test_staff_see_a_requests_emails_on_its_page_and_in_the_outbox_without_the_code(
    admin_client,
):
    from tests.pqrsd.factories import make_request

    request, code = make_request(email="maria@example.com")
    page = admin_client.get(f"/admin/pqrsd/request/{request.pk}/change/").text
    assert "Correos de esta solicitud" in page
    assert f"Radicado {request.radicado}: recibimos" in page
    assert "Pendiente" in page

    listing = admin_client.get("/admin/portal/outboundemail/", {"q": request.radicado}).text
    assert "maria@example.com" in listing
    message = OutboundEmail.objects.for_reference(request.radicado).get()
    detail = admin_client.get(f"/admin/portal/outboundemail/{message.pk}/change/").text
    assert request.radicado in detail
    assert code not in detail


def test_addresses_the_server_refuses_never_hold_back_the_others(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.portal.refusing_backend.RefusingBackend"}}
    for n in range(FAILURES_BEFORE_STOPPING):
        queue_email(to=f"rechazado{n}@example.com", subject="Rechazado", body="Texto")
    queue_email(to="ana@example.com", subject="Bueno", body="Texto")
    send_pending()  # the refused ones were older: this run stops after them
    assert mail.outbox == []
    assert send_pending() == (1, FAILURES_BEFORE_STOPPING)  # never tried goes first
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    refused = OutboundEmail.objects.pending()
    assert refused.count() == FAILURES_BEFORE_STOPPING
    assert all("SMTPRecipientsRefused" in m.last_error for m in refused)
