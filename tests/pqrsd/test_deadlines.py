"""Business-day arithmetic on the worked examples of regulatory.md §3.4 (no database)."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pqrsd import deadlines
from pqrsd.deadlines import (
    TERMS,
    add_business_days,
    business_days_between,
    colombian_holidays,
    explain_due_date,
    extension_limit,
    receipt_date,
)

D = datetime.date
HOLIDAYS = colombian_holidays([2025, 2026, 2027])


@pytest.mark.parametrize(
    ("filed", "term", "due"),
    [
        # 1. Petición on a Friday before a holiday Monday (Inmaculada) and across Navidad.
        (D(2025, 12, 5), 15, D(2025, 12, 30)),
        # 2. Queja before the double holiday Monday 30 Jun 2025 (counted once).
        (D(2025, 6, 27), 15, D(2025, 7, 21)),
        # 3. Consulta across Holy Week 2026.
        (D(2026, 3, 18), 30, D(2026, 5, 5)),
    ],
)
def test_worked_examples_of_the_regulatory_notes(filed, term, due):
    assert add_business_days(filed, term, HOLIDAYS) == due


def test_chiquinquira_2026_07_13_is_a_holiday_and_is_skipped():
    assert D(2026, 7, 13) in HOLIDAYS
    assert "Chiquinquirá" in HOLIDAYS[D(2026, 7, 13)]
    # Filed Fri 10 Jul, 10 days: skips Mon 13 and Mon 20 Jul.
    assert add_business_days(D(2026, 7, 10), 10, HOLIDAYS) == D(2026, 7, 28)


def test_holy_week_monday_to_wednesday_are_business_days():
    # Fri 27 Mar 2026 + 5: Mon 30, Tue 31, Wed 1 Apr count; Thu 2 and Fri 3 Apr do not.
    assert add_business_days(D(2026, 3, 27), 5, HOLIDAYS) == D(2026, 4, 7)


def test_emiliani_holidays_move_to_monday():
    assert D(2026, 1, 12) in HOLIDAYS  # Reyes, 6 Jan 2026 is a Tuesday
    assert D(2026, 1, 6) not in HOLIDAYS
    assert D(2026, 11, 16) in HOLIDAYS  # Independencia de Cartagena
    assert add_business_days(D(2026, 11, 13), 1, HOLIDAYS) == D(2026, 11, 17)


def test_year_end_crosses_navidad_new_year_and_reyes():
    assert add_business_days(D(2026, 12, 18), 15, HOLIDAYS) == D(2027, 1, 13)


def test_24_and_31_december_are_business_days_unless_the_municipality_closes():
    assert add_business_days(D(2026, 12, 23), 1, HOLIDAYS) == D(2026, 12, 24)
    closed = {**HOLIDAYS, D(2026, 12, 24): "Cierre por decreto"}
    assert add_business_days(D(2026, 12, 23), 1, closed) == D(2026, 12, 28)


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        ("peticion", 15),
        ("informacion", 10),
        ("consulta", 30),
        ("queja", 15),
        ("reclamo", 15),
        ("sugerencia", 15),
        ("denuncia", 15),
        ("entre_autoridades", 10),
    ],
)
def test_each_type_has_its_legal_term(kind, days):
    assert TERMS[kind] == days


def test_each_type_due_date_from_a_monday_filing():
    due = {kind: add_business_days(D(2026, 2, 2), term, HOLIDAYS) for kind, term in TERMS.items()}
    assert due["informacion"] == D(2026, 2, 16)
    assert due["peticion"] == D(2026, 2, 23)
    assert due["consulta"] == D(2026, 3, 16)


def test_extension_cap_total_reading_is_twice_the_term_from_receipt():
    assert extension_limit(D(2025, 12, 5), D(2025, 12, 30), 15, HOLIDAYS) == D(2026, 1, 22)
    assert add_business_days(D(2025, 12, 5), 30, HOLIDAYS) == D(2026, 1, 22)


def test_extension_cap_additional_reading_counts_from_the_original_due_date():
    limit = extension_limit(D(2025, 12, 5), D(2025, 12, 30), 15, HOLIDAYS, "additional")
    assert limit == D(2026, 2, 12)
    with pytest.raises(ValueError):
        extension_limit(D(2025, 12, 5), D(2025, 12, 30), 15, HOLIDAYS, "otra")


def test_business_days_between_counts_after_the_start_day():
    assert business_days_between(D(2025, 12, 5), D(2025, 12, 30), HOLIDAYS) == 15
    assert business_days_between(D(2025, 12, 5), D(2025, 12, 5), HOLIDAYS) == 0
    assert business_days_between(D(2025, 12, 5), D(2025, 12, 1), HOLIDAYS) == 0
    assert business_days_between(D(2026, 3, 18), D(2026, 5, 5), HOLIDAYS) == 30


def test_weekend_receipt_rule():
    saturday = D(2026, 11, 21)
    assert receipt_date(saturday, HOLIDAYS) == saturday
    assert receipt_date(saturday, HOLIDAYS, "next_business_day") == D(2026, 11, 23)
    assert add_business_days(saturday, 10, HOLIDAYS) == D(2026, 12, 4)
    with pytest.raises(ValueError):
        receipt_date(saturday, HOLIDAYS, "nunca")


def test_explanation_lists_skipped_holidays_with_names():
    explanation = explain_due_date(D(2026, 3, 18), 30, HOLIDAYS)
    assert explanation.due_date == D(2026, 5, 5)
    assert explanation.first_day == D(2026, 3, 19)
    assert [day for day, _ in explanation.holidays_skipped] == [
        D(2026, 3, 23),
        D(2026, 4, 2),
        D(2026, 4, 3),
        D(2026, 5, 1),
    ]
    assert explanation.holidays_skipped[1][1] == "Jueves Santo"
    assert explanation.weekend_days_skipped == 14


def test_double_holiday_is_counted_once():
    explanation = explain_due_date(D(2025, 6, 27), 15, HOLIDAYS)
    assert [day for day, _ in explanation.holidays_skipped] == [D(2025, 6, 30)]


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_business_days(D(2026, 1, 2), -1, HOLIDAYS)


def test_19_holidays_in_2026():
    assert len([d for d in HOLIDAYS if d.year == 2026]) == 19
    assert deadlines.is_business_day(D(2026, 4, 1), HOLIDAYS) is True


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 6, 30)),
    days=st.integers(min_value=0, max_value=60),
)
def test_adding_then_counting_business_days_round_trips(start, days):
    due = add_business_days(start, days, HOLIDAYS)
    assert business_days_between(start, due, HOLIDAYS) == days
    assert days == 0 or deadlines.is_business_day(due, HOLIDAYS)
