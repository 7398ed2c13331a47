"""Art. 17 dates: one calendar month from the day after the request to complete, once more."""

import datetime

import pytest

from pqrsd.completion_terms import (
    add_calendar_months,
    completion_deadline,
    first_business_day_from,
    withdrawal_is_due,
    years_for_window,
)
from pqrsd.deadlines import colombian_holidays

D = datetime.date
HOLIDAYS = colombian_holidays(range(2025, 2028))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 3, 11), 1, D(2026, 4, 11)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # February has no 31st: its last day
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across the year
        (D(2026, 11, 30), 2, D(2027, 1, 30)),
        (D(2026, 5, 5), 0, D(2026, 5, 5)),
    ],
)
def test_calendar_months(day, months, expected):
    assert add_calendar_months(day, months) == expected


def test_negative_months_are_refused():
    with pytest.raises(ValueError):
        add_calendar_months(D(2026, 1, 1), -1)


def test_the_month_runs_from_the_next_day_and_ends_on_the_same_date():
    # Asked on Wednesday 2026-03-04: runs from 05/03, ends Sunday 05/04 → Monday 06/04.
    assert completion_deadline(D(2026, 3, 4), HOLIDAYS) == D(2026, 4, 6)
    # Asked on Monday 2026-05-11: ends Thursday 2026-06-12, a business day.
    assert completion_deadline(D(2026, 5, 11), HOLIDAYS) == D(2026, 6, 12)


def test_a_last_day_on_a_holiday_moves_to_the_next_business_day():
    # Asked on 2026-06-28: runs from 29/06 (a holiday, which does not matter), ends Wednesday
    # 29/07, a business day.
    assert completion_deadline(D(2026, 6, 28), HOLIDAYS) == D(2026, 7, 29)
    # Asked on 2026-06-12: ends Monday 2026-07-13, the new holiday of Ley 2578 (Chiquinquirá),
    # so it moves to Tuesday 2026-07-14.
    assert D(2026, 7, 13) in HOLIDAYS
    assert completion_deadline(D(2026, 6, 12), HOLIDAYS) == D(2026, 7, 14)
    # Asked on 2026-11-30: runs from 01/12, ends 01/01/2027, a holiday, then Saturday and
    # Sunday: Monday 2027-01-04.
    assert completion_deadline(D(2026, 11, 30), HOLIDAYS) == D(2027, 1, 4)


def test_a_municipal_closure_also_moves_the_last_day():
    closed = {**HOLIDAYS, D(2026, 6, 12): "Cierre por decreto"}
    assert completion_deadline(D(2026, 5, 11), closed) == D(2026, 6, 16)  # 15/06 is a holiday


def test_the_extension_adds_one_more_calendar_month_from_the_same_start():
    assert completion_deadline(D(2026, 5, 11), HOLIDAYS, extended=True) == D(2026, 7, 14)
    # Asked on 31 January: runs from 01/02, ends Sunday 01/03 → Monday 02/03; extended, 01/04.
    assert completion_deadline(D(2026, 1, 31), HOLIDAYS) == D(2026, 3, 2)
    assert completion_deadline(D(2026, 1, 31), HOLIDAYS, extended=True) == D(2026, 4, 1)


def test_the_window_is_calendar_not_business_days():
    # A month of business days would be 20–22 business days later; a calendar month is not.
    assert completion_deadline(D(2026, 2, 2), set()) == D(2026, 3, 3)


def test_first_business_day_from():
    assert first_business_day_from(D(2026, 7, 13), HOLIDAYS) == D(2026, 7, 14)
    assert first_business_day_from(D(2026, 7, 14), HOLIDAYS) == D(2026, 7, 14)


def test_the_whole_last_day_belongs_to_the_citizen():
    assert not withdrawal_is_due(D(2026, 6, 12), D(2026, 6, 12))
    assert withdrawal_is_due(D(2026, 6, 12), D(2026, 6, 13))
    assert not withdrawal_is_due(None, D(2026, 6, 13))


def test_years_for_window_cover_a_december_request():
    assert list(years_for_window(D(2026, 12, 20))) == [2026, 2027]
