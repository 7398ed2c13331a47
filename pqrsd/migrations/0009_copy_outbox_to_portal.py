"""
The outbox moves to portal (portal.OutboundEmail), shared by every app. Each message is copied
with its radicado as reference; a tracking code in an acknowledgement leaves the text: a
pending message keeps it encrypted until it is sent (as portal.outbox does), a sent one loses it.
The old table is dropped in 0010, after this copy is committed.
"""

import base64
import hashlib
import re

from django.conf import settings
from django.db import migrations

PLACEHOLDER = "[[secreto]]"
CODE_LINE = re.compile(r"(Código de consulta \(secreto, no lo comparta\): )([A-Za-z0-9_-]{16})")


def _encrypt(secret):
    from cryptography.fernet import Fernet

    digest = hashlib.sha256(f"portal.outbox:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest)).encrypt(secret.encode()).decode()


def copy_forward(apps, schema_editor):
    Old = apps.get_model("pqrsd", "OutboundEmail")
    New = apps.get_model("portal", "OutboundEmail")
    batch = []
    for old in Old.objects.select_related("request").order_by("pk").iterator():
        body, secret = old.body, ""
        match = CODE_LINE.search(body)
        if match:
            body = CODE_LINE.sub(lambda m: m[1] + PLACEHOLDER, body)
            if old.sent_at is None:
                secret = _encrypt(match[2])
        reference = f"{old.request.year:04d}-{old.request.number:06d}" if old.request_id else ""
        batch.append(
            New(
                to=old.to,
                subject=old.subject,
                body=body,
                reference=reference,
                secret=secret,
                created_at=old.created_at,
                sent_at=old.sent_at,
                attempts=old.attempts,
                last_error=old.last_error,
            )
        )
        if len(batch) >= 1000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def copy_backward(apps, schema_editor):
    Old = apps.get_model("pqrsd", "OutboundEmail")
    New = apps.get_model("portal", "OutboundEmail")
    Request = apps.get_model("pqrsd", "Request")
    for new in New.objects.order_by("pk").iterator():
        request = None
        if new.reference[:4].isdigit() and "-" in new.reference:
            year, number = new.reference.split("-", 1)
            request = Request.objects.filter(year=int(year), number=int(number)).first()
        Old.objects.create(
            request=request,
            to=new.to,
            subject=new.subject,
            body=new.body,
            created_at=new.created_at,
            sent_at=new.sent_at,
            attempts=new.attempts,
            last_error=new.last_error,
        )
    New.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pqrsd", "0008_completion"),
        ("portal", "0005_outbound_email"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_backward)]
