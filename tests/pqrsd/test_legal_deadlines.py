"""Referral, positive-silence and priority dates (Ley 1755 arts. 21, 14 num. 1, 20): pure."""

import datetime

import pytest

from pqrsd import deadlines

D = datetime.date
HOLIDAYS_2026 = deadlines.colombian_holidays([2026])


def test_referral_is_due_5_business_days_after_receipt_skipping_holy_week():
    # Received Monday 30 March 2026: 31/3 (1), 1/4 (2), Jueves y Viernes Santo skipped,
    # 6/4 (3), 7/4 (4), 8/4 (5).
    assert deadlines.referral_due(D(2026, 3, 30), HOLIDAYS_2026) == D(2026, 4, 8)


def test_referral_received_on_a_saturday_counts_from_monday():
    assert deadlines.referral_due(D(2026, 3, 7), HOLIDAYS_2026) == D(2026, 3, 13)


@pytest.mark.parametrize(
    ("today", "state"),
    [(D(2026, 4, 7), "pendiente"), (D(2026, 4, 8), "hoy"), (D(2026, 4, 9), "vencido")],
)
def test_referral_state_by_day(today, state):
    assert deadlines.referral_state(D(2026, 4, 8), today) == state


def test_referral_state_without_a_deadline_is_none():
    assert deadlines.referral_state(None, D(2026, 4, 8)) is None


def test_documents_request_is_accepted_by_silence_the_day_after_its_term():
    # Filed Monday 16 March 2026: 10 business days (San José, 23/3, skipped) end 31 March.
    due = deadlines.add_business_days(D(2026, 3, 16), 10, HOLIDAYS_2026)
    assert due == D(2026, 3, 31)
    on = {"is_open": True, "paused": False}
    assert deadlines.is_accepted_by_silence("informacion", due, D(2026, 3, 31), **on) is False
    assert deadlines.is_accepted_by_silence("informacion", due, D(2026, 4, 1), **on) is True


def test_silence_applies_only_to_open_running_requests_for_documents():
    due, later = D(2026, 3, 31), D(2026, 4, 10)
    assert deadlines.is_accepted_by_silence("peticion", due, later, is_open=True, paused=False) is (
        False
    )
    assert (
        deadlines.is_accepted_by_silence("informacion", due, later, is_open=False, paused=False)
        is False
    )
    assert (
        deadlines.is_accepted_by_silence("informacion", due, later, is_open=True, paused=True)
        is False
    )


def test_copies_are_due_3_business_days_after_the_term():
    # Term ended 31 March 2026: 1/4 (1), Holy Thursday and Friday skipped, 6/4 (2), 7/4 (3).
    assert deadlines.silence_delivery_due(D(2026, 3, 31), HOLIDAYS_2026) == D(2026, 4, 7)


def test_priority_target_is_shorter_than_the_legal_term():
    # Received 16 March 2026, target 5 days: 17, 18, 19, 20, (23 San José), 24.
    assert deadlines.priority_target(D(2026, 3, 16), 15, 5, HOLIDAYS_2026) == D(2026, 3, 24)


def test_priority_target_never_passes_the_legal_due_date():
    legal = deadlines.add_business_days(D(2026, 3, 16), 10, HOLIDAYS_2026)
    assert deadlines.priority_target(D(2026, 3, 16), 10, 20, HOLIDAYS_2026) == legal
