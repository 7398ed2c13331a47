"""
Art. 17 end to end at the service level with the clock moved: ask to complete, the window and
its one extension, the online completion restarting the term, and the desistimiento tácito.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from portal.models import OutboundEmail
from pqrsd import completion, filing
from pqrsd.models import Attachment, Request, RequestStatus
from pqrsd.stats import request_stats
from tests.portal.factories import make_office, make_staff_user

from .factories import make_request, pdf_upload

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
D = datetime.date


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


@pytest.fixture
def office():
    return make_office(name="Secretaría de Planeación", email="planeacion@example.com")


@pytest.fixture
def staff(office):
    return make_staff_user(office)


@pytest.fixture
def paused(office, staff):
    """A petición filed Mon 2026-05-04, asked to complete on Mon 2026-05-11."""
    request, _ = make_request(addressee_office=office, now=at(2026, 5, 4, 9, 0))
    return filing.request_completion(
        request, what_is_missing="Copia del plano.", user=staff, now=at(2026, 5, 11, 10, 0)
    )


def emails(request):
    return list(OutboundEmail.objects.for_reference(request.radicado).order_by("pk"))


def test_asking_to_complete_sets_the_window_and_tells_the_citizen(paused):
    assert paused.status == RequestStatus.AWAITING_COMPLETION
    assert paused.completion_requested_on == D(2026, 5, 11)
    assert paused.completion_deadline == D(2026, 6, 12)
    assert "Tiene hasta el 12/06/2026" in paused.history.last().public_note
    mail = emails(paused)[-1]
    assert mail.to == paused.email
    assert "12/06/2026" in mail.body and "Completar mi solicitud" in mail.body


def test_a_paused_request_is_never_overdue_in_lists_or_stats(paused):
    today = D(2026, 8, 1)  # long after its old due date
    assert paused.due_date < today
    assert not Request.objects.overdue(today).filter(pk=paused.pk).exists()
    assert request_stats(today=today).overdue_open == 0


def test_online_completion_restarts_the_term_next_business_day(paused, office):
    # Completed on Friday 2026-05-29: day 1 is Monday 01/06; 08/06 (Corpus Christi) and 15/06
    # (Sagrado Corazón) are holidays, so 15 business days end on Tuesday 2026-06-23.
    result = completion.submit_completion(
        paused,
        text="Adjunto el plano de la vía 🚜, firmado.",
        files=[pdf_upload("plano.pdf")],
        submission_key="k" * 22,
        now=at(2026, 5, 29, 16, 0),
    )
    request = Request.objects.get(pk=paused.pk)
    assert result.created
    assert request.status == RequestStatus.IN_PROCESS
    assert request.received_on == D(2026, 5, 29)
    assert request.due_date == D(2026, 6, 23)
    entry = result.entry
    assert entry.citizen_text == "Adjunto el plano de la vía 🚜, firmado."
    assert "23/06/2026" in entry.public_note
    stored = entry.attachments.get()
    assert (stored.kind, stored.original_name) == (Attachment.Kind.COMPLETION, "plano.pdf")
    office_mail, citizen_mail = emails(request)[-2:]
    assert office_mail.to == "planeacion@example.com"
    assert "plano de la vía" in office_mail.body and "23/06/2026" in office_mail.body
    assert citizen_mail.to == request.email and "23/06/2026" in citizen_mail.body


def test_a_replayed_submission_is_stored_once(paused):
    first = completion.submit_completion(paused, text="El plano.", submission_key="r" * 22)
    again = completion.submit_completion(paused, text="El plano.", submission_key="r" * 22)
    assert not again.created and again.entry.pk == first.entry.pk
    assert paused.history.filter(citizen_text="El plano.").count() == 1


def test_completing_twice_or_an_answered_request_is_refused(paused, staff):
    completion.submit_completion(paused, text="El plano.")
    with pytest.raises(ValidationError, match="no está esperando información suya"):
        completion.submit_completion(paused, text="Otra cosa.")


def test_an_empty_completion_is_refused(paused):
    with pytest.raises(ValidationError, match="adjunte al menos un archivo"):
        completion.submit_completion(paused, text="   ")


def test_the_citizen_extends_once_before_the_window_ends(paused, office):
    request = completion.extend_window(paused, now=at(2026, 6, 12, 18, 0))  # its last day
    assert request.completion_deadline == D(2026, 7, 14)  # 13/07 is a holiday (Ley 2578)
    assert request.completion_extended_at is not None
    assert "14/07/2026" in request.history.last().public_note
    assert {m.to for m in emails(request)[-2:]} == {"planeacion@example.com", request.email}
    with pytest.raises(ValidationError, match="una sola vez"):
        completion.extend_window(request, now=at(2026, 6, 20, 9, 0))


def test_the_extension_must_be_asked_before_the_window_ends(paused):
    with pytest.raises(ValidationError, match="antes de que venza"):
        completion.extend_window(paused, now=at(2026, 6, 13, 8, 0))


def test_withdrawal_is_refused_while_the_citizen_is_in_time(paused, staff):
    with pytest.raises(ValidationError, match="hasta el 12/06/2026 inclusive"):
        completion.declare_withdrawal(
            paused, user=staff, motivation="No completó.", now=at(2026, 6, 12, 17, 0)
        )


def test_withdrawal_after_the_month_notifies_the_citizen(paused, staff):
    with time_machine.travel(at(2026, 6, 13, 9, 0), tick=False):
        due = completion.withdrawals_due(Request.objects.all(), D(2026, 6, 13))
        assert list(due) == [paused]
        request = completion.declare_withdrawal(
            paused,
            user=staff,
            motivation=completion.default_motivation(paused),
            act_reference="Resolución 045 de 2026",
        )
    assert request.status == RequestStatus.WITHDRAWN
    assert not request.is_open
    entry = request.history.last()
    assert entry.user == staff
    assert "mediante Resolución 045 de 2026" in entry.public_note
    assert "11/05/2026" in entry.public_note and "12/06/2026" in entry.public_note
    assert "Puede presentar de nuevo su solicitud" in entry.public_note
    mail = emails(request)[-1]
    assert mail.to == request.email and "desistimiento tácito" in mail.subject
    assert "recurso de reposición" in mail.body and "/pqrsd/" in mail.body
    with pytest.raises(ValidationError):
        completion.declare_withdrawal(request, user=staff, motivation="Otra vez.")


def test_with_the_extension_the_withdrawal_waits_for_the_extended_date(paused, staff):
    completion.extend_window(paused, now=at(2026, 6, 1, 9, 0))
    with time_machine.travel(at(2026, 7, 14, 20, 0), tick=False):
        assert not completion.withdrawals_due(Request.objects.all(), D(2026, 7, 14)).exists()
        with pytest.raises(ValidationError):
            completion.declare_withdrawal(paused, user=staff, motivation="No completó.")
    with time_machine.travel(at(2026, 7, 15, 8, 0), tick=False):
        request = completion.declare_withdrawal(paused, user=staff, motivation="No completó.")
    assert request.status == RequestStatus.WITHDRAWN
    assert "con la prórroga que usted pidió" in request.history.last().public_note


def test_a_late_completion_before_the_act_is_still_received(paused):
    result = completion.submit_completion(paused, text="Perdón, el plano.", now=at(2026, 6, 20, 9))
    assert result.request.status == RequestStatus.IN_PROCESS


def test_a_withdrawn_request_counts_neither_answered_nor_overdue(paused, staff):
    completion.declare_withdrawal(paused, user=staff, motivation="No.", now=at(2026, 7, 1, 9))
    stats = request_stats(today=D(2026, 8, 1))
    assert stats.overdue_open == 0 and stats.answered == 0
    assert stats.received == 1


def test_the_report_line_of_a_withdrawn_or_paused_request_is_never_overdue():
    from pqrsd.stats import Outcome, outcome

    common = {"answered_on_time": None, "referred": False, "due_date": D(2026, 5, 25)}
    today = D(2026, 8, 1)
    assert outcome(status=RequestStatus.WITHDRAWN, today=today, **common) == Outcome.WITHDRAWN
    assert (
        outcome(status=RequestStatus.AWAITING_COMPLETION, today=today, **common) == Outcome.PAUSED
    )


def test_the_daily_command_lists_and_reminds_but_never_declares(paused, office):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    with time_machine.travel(at(2026, 6, 12, 9, 0), tick=False):
        call_command("withdrawals_due", "--notify", stdout=out)
    assert "Desistimientos por declarar: 0." in out.getvalue()
    out = io.StringIO()
    with time_machine.travel(at(2026, 6, 13, 9, 0), tick=False):
        call_command("withdrawals_due", "--notify", stdout=out)
    assert paused.radicado in out.getvalue()
    assert "Desistimientos por declarar: 1. Avisos escritos en la cola de correo: 1." in (
        out.getvalue()
    )
    reminder = OutboundEmail.objects.get(to=office.email, subject__contains="por declarar")
    assert paused.radicado in reminder.body and "?desistimiento=por_declarar" in reminder.body
    assert Request.objects.get(pk=paused.pk).status == RequestStatus.AWAITING_COMPLETION


def test_a_request_awaiting_completion_is_not_closed_without_the_act(paused, staff):
    with pytest.raises(ValidationError, match="declare el desistimiento tácito"):
        filing.close(paused, user=staff)
    assert Request.objects.get(pk=paused.pk).status == RequestStatus.AWAITING_COMPLETION


def test_a_withdrawn_request_cannot_be_closed_again(paused, staff):
    completion.declare_withdrawal(paused, user=staff, motivation="No.", now=at(2026, 7, 1, 9))
    with pytest.raises(ValidationError, match="desistimiento tácito"):
        filing.close(paused, user=staff)
    assert Request.objects.get(pk=paused.pk).status == RequestStatus.WITHDRAWN
