"""
A filing waits on nothing but the database: e-mails are only queued, a hung mail server holds
no page, an error after the commit still shows the radicado, and the outbox never keeps a
tracking code in clear.
"""

import io
import re
import socket
import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.db.models.signals import post_save

from portal.models import OutboundEmail
from pqrsd.models import Request
from pqrsd.radicado import tracking_code_matches
from tests.portal.factories import make_office

from .factories import form_post

pytestmark = pytest.mark.django_db(transaction=True)
FORM_URL = "/pqrsd/"
SMTP = "django.core.mail.backends.smtp.EmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP_TIMEOUT = 2


@pytest.fixture
def hung_smtp_server():
    """A mail server that accepts every connection and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join(5)
    for conn in accepted:
        conn.close()
    server.close()


def _smtp(settings, port):
    settings.MAILERS = {
        "default": {
            "BACKEND": SMTP,
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": SMTP_TIMEOUT},
        }
    }


def _file(client, **overrides):
    token = re.search(r'name="form_token" value="([^"]+)"', client.get(FORM_URL).text)[1]
    started = time.monotonic()
    response = client.post(FORM_URL, form_post(form_token=token, **overrides))
    return response, time.monotonic() - started


def _shown_code(page):
    return re.search(r'id="codigo">([^<]+)<', page)[1]


def _every_stored_value():
    """Every value of every row of every table, as text: what a copy of the database holds."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            values.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(values)


def test_a_hung_mail_server_never_holds_a_filing_and_the_sender_retries(
    client, settings, hung_smtp_server
):
    port, accepted = hung_smtp_server
    _smtp(settings, port)

    response, elapsed = _file(client, email="maria@example.com")

    assert response.status_code == 302
    assert elapsed < SMTP_TIMEOUT  # the filing did not wait for the mail server
    time.sleep(0.3)
    assert accepted == []  # it did not even try: the e-mail is only queued
    page = client.get(response["Location"]).text
    request = Request.objects.get()
    assert request.radicado in page
    assert tracking_code_matches(_shown_code(page), request.tracking_code_hash)
    message = OutboundEmail.objects.for_reference(request.radicado).get()
    assert (message.sent_at, message.attempts) == (None, 0)

    out = io.StringIO()
    call_command("send_outbox", stdout=out)  # the timer's run meets the hung server
    message.refresh_from_db()
    assert accepted  # it connected, waited its timeout and gave up
    assert message.sent_at is None
    assert message.attempts == 1
    assert "timed out" in message.last_error
    assert message.claimed_until is None  # free for the next run
    assert "Fallidos (se reintentarán): 1" in out.getvalue()

    settings.MAILERS = {"default": {"BACKEND": LOCMEM}}
    call_command("send_outbox", stdout=out)
    call_command("send_outbox", stdout=out)
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.attempts == 2
    assert [m.to for m in mail.outbox] == [["maria@example.com"]]  # once, not twice


def test_the_tracking_code_is_never_stored_in_clear_and_reaches_the_citizen(client, settings):
    settings.MAILERS = {"default": {"BACKEND": LOCMEM}}
    office = make_office(email="hacienda@example.com")
    response, _ = _file(client, email="maria@example.com", addressee_office=office.pk)
    code = _shown_code(client.get(response["Location"]).text)
    radicado = Request.objects.get().radicado

    assert code not in _every_stored_value()
    acknowledgement = OutboundEmail.objects.get(to="maria@example.com")
    assert code not in acknowledgement.body
    assert acknowledgement.secret  # kept encrypted until the message goes out

    call_command("send_outbox", stdout=io.StringIO())

    delivered = next(m for m in mail.outbox if m.to == ["maria@example.com"])
    assert code in delivered.body
    assert radicado in delivered.body
    assert "[[" not in delivered.body
    acknowledgement.refresh_from_db()
    assert acknowledgement.secret == ""  # erased once sent
    assert code not in _every_stored_value()
    office_copy = next(m for m in mail.outbox if m.to == ["hacienda@example.com"])
    assert code not in office_copy.body


def test_an_error_after_the_commit_still_shows_the_confirmation(client):
    """A failing on-commit hook must not turn a filed request into "intente de nuevo"."""

    def fail_after_commit(sender, instance, created, **kwargs):
        def hook():
            raise OperationalError("database is locked")

        transaction.on_commit(hook)

    post_save.connect(fail_after_commit, sender=Request, dispatch_uid="fallo-tras-radicar")
    try:
        response, _ = _file(client, email="maria@example.com")
    finally:
        post_save.disconnect(sender=Request, dispatch_uid="fallo-tras-radicar")

    assert response.status_code == 302, response.content[:500]
    page = client.get(response["Location"]).text
    request = Request.objects.get()
    assert request.radicado in page
    assert tracking_code_matches(_shown_code(page), request.tracking_code_hash)
    assert "Ninguna información se ha perdido" not in page
    assert OutboundEmail.objects.for_reference(request.radicado).count() == 1


def test_without_a_session_an_error_after_the_commit_still_shows_the_code(client):
    """Cookies blocked: the confirmation is shown on the spot, even after a failing hook."""

    def fail_after_commit(sender, instance, created, **kwargs):
        transaction.on_commit(lambda: (_ for _ in ()).throw(OperationalError("locked")))

    post_save.connect(fail_after_commit, sender=Request, dispatch_uid="fallo-sin-sesion")
    try:
        response = client.post(FORM_URL, form_post(form_token=""))
    finally:
        post_save.disconnect(sender=Request, dispatch_uid="fallo-sin-sesion")

    assert response.status_code == 200
    request = Request.objects.get()
    assert request.radicado in response.text
    assert tracking_code_matches(_shown_code(response.text), request.tracking_code_hash)


def test_after_the_commit_the_filing_answer_writes_nothing_more(client):
    """Not even the session: nothing is left to fail between the commit and the radicado."""
    from django.test.utils import CaptureQueriesContext

    token = re.search(r'name="form_token" value="([^"]+)"', client.get(FORM_URL).text)[1]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(FORM_URL, form_post(form_token=token))
    assert response.status_code == 302
    session_writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert session_writes == []
    assert "Su solicitud quedó radicada" in client.get(response["Location"]).text
