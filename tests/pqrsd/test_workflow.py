"""Staff steps: assign, extend once within the cap, pause for completion, answer, close."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from pqrsd import filing
from pqrsd.models import RequestStatus
from tests.portal.factories import make_office, make_staff_user

from .factories import make_request, pdf_upload

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


@pytest.fixture
def petition():
    # Worked example 1: filed Fri 2025-12-05, due Tue 2025-12-30.
    request, _ = make_request(now=at(2025, 12, 5, 10, 0))
    return request


@pytest.fixture
def staff():
    return make_staff_user(make_office())


def test_assign_records_who_when_and_office(petition, staff):
    office = make_office(name="Secretaría de Hacienda")
    request = filing.assign(petition, office=office, user=staff, note="Es de impuestos")
    assert request.office == office
    assert request.status == RequestStatus.ASSIGNED
    entry = request.history.last()
    assert (entry.user, entry.office, entry.internal_note) == (staff, office, "Es de impuestos")
    assert "Secretaría de Hacienda" in entry.public_note


def test_extension_up_to_twice_the_term_from_receipt(petition, staff):
    request = filing.extend(
        petition,
        new_due_date=datetime.date(2026, 1, 22),
        reason="Se necesita una visita técnica.",
        user=staff,
        now=at(2025, 12, 20, 9, 0),
    )
    assert request.due_date == datetime.date(2026, 1, 22)
    assert request.status == RequestStatus.EXTENDED
    assert request.original_due_date == datetime.date(2025, 12, 30)
    assert "visita técnica" in request.history.last().public_note


def test_extension_beyond_the_cap_is_refused(petition, staff):
    with pytest.raises(ValidationError) as error:
        filing.extend(
            petition,
            new_due_date=datetime.date(2026, 1, 23),
            reason="Motivo",
            user=staff,
            now=at(2025, 12, 20, 9, 0),
        )
    assert "22/01/2026" in error.value.messages[0]


def test_additional_reading_of_the_cap_is_configurable(petition, staff, settings):
    settings.PQRSD_EXTENSION_CAP_RULE = "additional"
    request = filing.extend(
        petition,
        new_due_date=datetime.date(2026, 2, 12),
        reason="Motivo",
        user=staff,
        now=at(2025, 12, 20, 9, 0),
    )
    assert request.due_date == datetime.date(2026, 2, 12)


def test_extension_must_be_recorded_before_the_original_due_date(petition, staff):
    with pytest.raises(ValidationError) as error:
        filing.extend(
            petition,
            new_due_date=datetime.date(2026, 1, 15),
            reason="Motivo",
            user=staff,
            now=at(2025, 12, 31, 9, 0),
        )
    assert error.value.code == "too_late"


def test_extension_only_once_and_with_a_reason(petition, staff):
    with pytest.raises(ValidationError):
        filing.extend(
            petition,
            new_due_date=datetime.date(2026, 1, 15),
            reason=" ",
            user=staff,
            now=at(2025, 12, 10, 9, 0),
        )
    filing.extend(
        petition,
        new_due_date=datetime.date(2026, 1, 15),
        reason="Motivo",
        user=staff,
        now=at(2025, 12, 10, 9, 0),
    )
    with pytest.raises(ValidationError) as error:
        filing.extend(
            petition,
            new_due_date=datetime.date(2026, 1, 20),
            reason="Otra",
            user=staff,
            now=at(2025, 12, 11, 9, 0),
        )
    assert error.value.code == "already_extended"


def test_extension_to_a_holiday_is_refused(petition, staff):
    with pytest.raises(ValidationError) as error:
        filing.extend(
            petition,
            new_due_date=datetime.date(2026, 1, 12),
            reason="Motivo",
            user=staff,
            now=at(2025, 12, 10, 9, 0),
        )
    assert error.value.code == "not_business_day"


def test_completion_pauses_and_restarts_the_term(petition, staff):
    request = filing.request_completion(
        petition, what_is_missing="Copia del recibo.", user=staff, now=at(2025, 12, 9, 9, 0)
    )
    assert request.status == RequestStatus.AWAITING_COMPLETION
    assert request.completion_requested_on == datetime.date(2025, 12, 9)
    request = filing.record_completion(request, user=staff, now=at(2026, 1, 13, 9, 0))
    assert request.status == RequestStatus.IN_PROCESS
    assert request.received_on == datetime.date(2026, 1, 13)
    # 15 business days from the day after completion.
    assert request.due_date == datetime.date(2026, 2, 3)
    assert [h.status for h in request.history.all()] == [
        RequestStatus.FILED,
        RequestStatus.AWAITING_COMPLETION,
        RequestStatus.IN_PROCESS,
    ]


def test_answer_on_time_stores_business_days(petition, staff):
    request = filing.answer(
        petition,
        text="Respuesta de fondo.",
        files=[pdf_upload("respuesta.pdf")],
        user=staff,
        now=at(2025, 12, 19, 15, 0),
    )
    assert request.status == RequestStatus.ANSWERED
    assert request.response_business_days == 9
    assert request.answered_on_time is True
    assert request.attachments.get().kind == "respuesta"


def test_late_answer_is_recorded_as_late(petition, staff):
    request = filing.answer(
        petition, text="Respuesta tardía.", user=staff, now=at(2026, 1, 2, 15, 0)
    )
    assert request.answered_on_time is False
    assert request.response_business_days == 17


def test_answered_request_cannot_be_extended_or_answered_again(petition, staff):
    filing.answer(petition, text="Listo.", user=staff, now=at(2025, 12, 10, 9, 0))
    with pytest.raises(ValidationError):
        filing.answer(petition, text="Otra vez.", user=staff)
    with pytest.raises(ValidationError):
        filing.extend(petition, new_due_date=datetime.date(2026, 1, 2), reason="x", user=staff)
    request = filing.close(petition, user=staff, note="Entregada")
    assert request.status == RequestStatus.CLOSED
    with pytest.raises(ValidationError):
        filing.close(petition, user=staff)


def test_completion_can_only_be_asked_within_10_business_days(petition, staff):
    # Received 2025-12-05: the 10th business day after is 2025-12-22 (8 Dec is a holiday).
    with pytest.raises(ValidationError) as error:
        filing.request_completion(
            petition, what_is_missing="Copia", user=staff, now=at(2025, 12, 23, 9, 0)
        )
    assert error.value.code == "completion_too_late"
    request = filing.request_completion(
        petition, what_is_missing="Copia", user=staff, now=at(2025, 12, 22, 9, 0)
    )
    assert request.status == RequestStatus.AWAITING_COMPLETION
