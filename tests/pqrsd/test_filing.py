"""Filing: radicado, due date, history, outbox; mail outages lose nothing."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from portal.models import OutboundEmail
from pqrsd.filing import file_request
from pqrsd.models import FilingCounter, Request, RequestStatus
from pqrsd.radicado import tracking_code_matches
from tests.portal.factories import make_office

from .factories import make_request, pdf_upload, request_data

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
FAILING = "tests.pqrsd.failing_backend.FailingBackend"


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


def test_radicados_are_consecutive_per_year_and_restart_each_year():
    first, _ = make_request(now=at(2025, 12, 31, 23, 0))
    second, _ = make_request(now=at(2026, 1, 1, 0, 30))
    third, _ = make_request(now=at(2026, 1, 2, 9, 0))
    assert first.radicado == "2025-000001"
    assert second.radicado == "2026-000001"
    assert third.radicado == "2026-000002"
    assert FilingCounter.objects.get(year=2026).last_number == 2


def test_filing_computes_the_legal_due_date_in_bogota_business_days():
    request, code = make_request(request_type="consulta", now=at(2026, 3, 18, 10, 0))
    assert request.term_days == 30
    assert request.due_date == datetime.date(2026, 5, 5)
    assert request.original_due_date == request.due_date
    assert tracking_code_matches(code, request.tracking_code_hash) is True
    assert len(code) >= 16


def test_late_evening_utc_is_still_the_bogota_date():
    # 2025-12-06 02:00 UTC is Friday 5 December 21:00 in Bogotá.
    now = datetime.datetime(2025, 12, 6, 2, 0, tzinfo=datetime.UTC)
    request, _ = make_request(now=now)
    assert request.filed_on == datetime.date(2025, 12, 5)
    assert request.due_date == datetime.date(2025, 12, 30)


def test_weekend_receipt_rule_setting(settings):
    saturday = at(2026, 11, 21, 10, 0)
    literal, _ = make_request(request_type="informacion", now=saturday)
    settings.PQRSD_WEEKEND_RECEIPT_RULE = "next_business_day"
    shifted, _ = make_request(request_type="informacion", now=saturday)
    assert literal.due_date == datetime.date(2026, 12, 4)
    assert shifted.received_on == datetime.date(2026, 11, 23)
    assert shifted.due_date == datetime.date(2026, 12, 7)


def test_municipal_closure_is_skipped():
    from pqrsd.models import NonWorkingDay

    NonWorkingDay.objects.create(
        date=datetime.date(2026, 12, 24), name="Cierre de fin de año", act="Decreto 100 de 2026"
    )
    request, _ = make_request(request_type="informacion", now=at(2026, 12, 17, 9, 0))
    # 18, 21, 22, 23, (24 closed), (25), 28, 29, 30, 31, (1 Jan), 2027-01-04, 05
    assert request.due_date == datetime.date(2027, 1, 5)


def test_first_history_entry_and_acknowledgement_email(django_capture_on_commit_callbacks):
    office = make_office(email="hacienda@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        request, code = make_request(addressee_office=office, email="maria@example.com")
    assert mail.outbox == []  # only queued: the sender command sends, never the filing
    assert OutboundEmail.objects.for_reference(request.radicado).count() == 2
    call_command("send_outbox", stdout=io.StringIO())
    entry = request.history.get()
    assert entry.status == RequestStatus.FILED
    assert request.office == office
    assert request.addressee_entity == office.entity
    citizen = next(m for m in mail.outbox if m.to == ["maria@example.com"])
    assert request.radicado in citizen.subject
    assert code in citizen.body
    assert f"{request.due_date:%d/%m/%Y}" in citizen.body
    assert "https://www.puertoguzman-putumayo.gov.co/pqrsd/consulta/" in citizen.body
    assert any(m.to == ["hacienda@example.com"] for m in mail.outbox)
    assert OutboundEmail.objects.pending().count() == 0


def test_anonymous_request_keeps_no_personal_data_and_sends_no_email(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        request, _ = make_request(request_type="denuncia", is_anonymous=True)
    call_command("send_outbox", stdout=io.StringIO())
    assert (request.name, request.email, request.document_number) == ("", "", "")
    assert mail.outbox == []


def test_attachments_are_stored_privately_with_random_names(settings):
    request, _ = make_request(files=[pdf_upload("mi cédula.pdf")])
    attachment = request.attachments.get()
    assert attachment.original_name == "mi cédula.pdf"
    assert "cédula" not in attachment.file.name
    assert str(settings.PRIVATE_MEDIA_ROOT) in attachment.file.path
    assert str(settings.MEDIA_ROOT) not in attachment.file.path


def test_replayed_submission_key_returns_the_same_request():
    first = file_request(data=request_data(), submission_key="clave-1")
    second = file_request(data=request_data(), submission_key="clave-1")
    assert second.created is False
    assert second.request.pk == first.request.pk
    assert Request.objects.count() == 1
    assert FilingCounter.objects.get().last_number == 1


def test_mail_server_down_loses_nothing_and_sender_retries(
    settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": FAILING}}
    with django_capture_on_commit_callbacks(execute=True):
        request, code = make_request(email="maria@example.com")
    assert Request.objects.filter(pk=request.pk).exists()
    message = OutboundEmail.objects.for_reference(request.radicado).get()
    assert (message.sent_at, message.attempts) == (None, 0)

    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    assert "Fallidos (se reintentarán): 1" in out.getvalue()
    message.refresh_from_db()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "SMTPException" in message.last_error
    call_command("send_outbox", stdout=out)

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_outbox", stdout=out)
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.attempts == 3
    assert len(mail.outbox) == 1
    assert code in mail.outbox[0].body

    call_command("send_outbox", stdout=out)
    assert len(mail.outbox) == 1  # never sent twice


@time_machine.travel(at(2026, 7, 10, 9, 0), tick=False)
def test_default_now_is_today_in_bogota():
    request, _ = make_request(request_type="informacion")
    assert request.filed_on == datetime.date(2026, 7, 10)
    assert request.due_date == datetime.date(2026, 7, 28)  # skips 13 Jul (Chiquinquirá) and 20 Jul
