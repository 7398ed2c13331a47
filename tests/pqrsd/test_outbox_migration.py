"""
The outbox moves from pqrsd to portal (pqrsd 0009 copies, 0010 drops the old table): every
message is kept with its radicado, and a tracking code leaves the stored text.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from portal.outbox import SECRET_PLACEHOLDER, decrypt_secret

BEFORE = [("pqrsd", "0008_completion"), ("portal", "0005_outbound_email")]
CODE = "AbCdEfGhIjKlMnOp"


@pytest.mark.django_db(transaction=True)
def test_every_message_is_copied_with_its_radicado_and_without_the_code_in_clear():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Request = old.get_model("pqrsd", "Request")
    OldEmail = old.get_model("pqrsd", "OutboundEmail")
    today = datetime.date(2026, 3, 2)
    request = Request.objects.create(
        year=2026,
        number=7,
        request_type="peticion",
        subject="Vía",
        description="Texto",
        tracking_code_hash="0" * 64,
        filed_at=timezone.now(),
        filed_on=today,
        received_on=today,
        term_days=15,
        original_due_date=today,
        due_date=today,
    )
    acknowledgement = (
        f"Número de radicado: 2026-000007\nCódigo de consulta (secreto, no lo comparta): {CODE}\n"
    )
    OldEmail.objects.create(
        request=request, to="maria@example.com", subject="Recibida", body=acknowledgement
    )
    OldEmail.objects.create(
        request=request,
        to="pedro@example.com",
        subject="Recibida (enviada)",
        body=acknowledgement,
        sent_at=timezone.now(),
        attempts=1,
    )
    OldEmail.objects.create(
        to="planeacion@example.org", subject="Recordatorio GEL-T", body="Vence", attempts=2,
        last_error="SMTPException: caído",
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from portal.models import OutboundEmail

    pending = OutboundEmail.objects.get(to="maria@example.com")
    sent = OutboundEmail.objects.get(to="pedro@example.com")
    reminder = OutboundEmail.objects.get(to="planeacion@example.org")
    assert pending.reference == sent.reference == "2026-000007"
    for message in (pending, sent):
        assert CODE not in message.body
        assert f"(secreto, no lo comparta): {SECRET_PLACEHOLDER}" in message.body
    assert decrypt_secret(pending.secret) == CODE  # still to be delivered to the citizen
    assert sent.secret == "" and sent.sent_at is not None
    assert (reminder.reference, reminder.attempts, reminder.last_error) == (
        "",
        2,
        "SMTPException: caído",
    )
    assert "pqrsd_outboundemail" not in connection.introspection.table_names()
