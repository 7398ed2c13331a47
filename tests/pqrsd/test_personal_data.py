"""Habeas data as plain functions: terms, extension limits, retention and redaction."""

import datetime

import pytest

from pqrsd import deadlines
from pqrsd.deadlines import (
    TERMS,
    add_business_days,
    extension_basis,
    extension_limit,
    fixed_extension_limit,
    has_fixed_extension,
)
from pqrsd.personal_data import (
    REDACTED,
    is_due,
    latest_finished_on,
    normalise_document,
    redact,
    retention_ends,
)

D = datetime.date
HOLIDAYS = deadlines.colombian_holidays([2025, 2026, 2027])


def test_habeas_data_terms_are_those_of_ley_1581():
    assert TERMS["habeas_consulta"] == 10
    assert TERMS["habeas_reclamo"] == 15


def test_the_other_types_keep_their_terms_and_cpaca_extension():
    assert TERMS["consulta"] == 30 and TERMS["reclamo"] == 15
    assert not has_fixed_extension("reclamo") and not has_fixed_extension("consulta")
    assert "doble" in extension_basis("reclamo")


def test_habeas_consulta_due_date_and_its_extension_of_five_business_days():
    # Filed Monday 2 March 2026: 10 business days → Monday 16 March; +5 → Monday 24 March
    # (23 March is the San José holiday).
    due = add_business_days(D(2026, 3, 2), TERMS["habeas_consulta"], HOLIDAYS)
    assert due == D(2026, 3, 16)
    assert fixed_extension_limit("habeas_consulta", due, HOLIDAYS) == D(2026, 3, 24)


def test_habeas_reclamo_due_date_and_its_extension_of_eight_business_days():
    # Filed Friday 5 December 2025: 15 business days skipping 8 and 25 December → 30 December;
    # +8 skipping 1 and 12 January → 13 January 2026.
    due = add_business_days(D(2025, 12, 5), TERMS["habeas_reclamo"], HOLIDAYS)
    assert due == D(2025, 12, 30)
    assert fixed_extension_limit("habeas_reclamo", due, HOLIDAYS) == D(2026, 1, 13)
    # CPACA's "double" would have allowed far more: the habeas limit is not it.
    assert extension_limit(D(2025, 12, 5), due, 15, HOLIDAYS) == D(2026, 1, 22)


def test_extension_basis_names_the_law_of_each_type():
    assert extension_basis("habeas_consulta") == (
        "5 días hábiles después del vencimiento inicial (art. 14, Ley 1581 de 2012)"
    )
    assert "8 días hábiles" in extension_basis("habeas_reclamo")
    assert "art. 15" in extension_basis("habeas_reclamo")


def test_retention_ends_years_after_and_handles_29_february():
    assert retention_ends(D(2026, 3, 10), 5) == D(2031, 3, 10)
    assert retention_ends(D(2024, 2, 29), 5) == D(2029, 2, 28)
    assert retention_ends(D(2024, 2, 29), 4) == D(2028, 2, 29)
    with pytest.raises(ValueError):
        retention_ends(D(2024, 1, 1), -1)


def test_is_due_on_the_day_the_period_ends_not_before():
    assert not is_due(D(2026, 3, 10), D(2031, 3, 9), 5)
    assert is_due(D(2026, 3, 10), D(2031, 3, 10), 5)
    assert not is_due(None, D(2040, 1, 1), 5)


def test_latest_finished_on_is_the_inverse_of_retention_ends():
    for today in (D(2031, 3, 10), D(2032, 2, 29), D(2031, 12, 31)):
        limit = latest_finished_on(5, today)
        assert is_due(limit, today, 5)
        assert not is_due(limit + datetime.timedelta(days=1), today, 5)


def test_document_numbers_compare_without_dots_spaces_or_dashes():
    assert normalise_document(" 1.120.456-789 ") == "1120456789"
    assert normalise_document("ab 12") == "AB12"
    assert normalise_document("") == ""


def test_redact_takes_out_contacts_numbers_and_the_name_but_keeps_dates_and_radicados():
    text = (
        "Yo, MARÍA Fernanda Muñoz, con cédula 1.120.456.789, celular +57 320 123 4567 y correo "
        "maria.munoz@example.com, vivo en Calle 5 # 3-20. Radiqué 2026-000123 el 15/03/2026 y "
        "el 2026-03-15; la vía tiene 3 km. Muñoz firma. 🌧️"
    )
    result = redact(text, known=["Calle 5 # 3-20", "1120456789"], names=["María Fernanda Muñoz"])
    for gone in ("MARÍA", "Muñoz", "1.120.456.789", "320 123 4567", "maria.munoz", "Calle 5"):
        assert gone not in result
    for kept in ("2026-000123", "15/03/2026", "2026-03-15", "3 km", "🌧️", "Radiqué"):
        assert kept in result
    assert result.count(REDACTED) >= 6


def test_redact_of_empty_text_and_short_values():
    assert redact("", names=["Ana"]) == ""
    assert redact("Le escribe Al", names=["Al"]) == "Le escribe Al"


def test_an_incomplete_habeas_reclamo_is_returned_within_5_business_days_others_10():
    assert deadlines.completion_request_days("habeas_reclamo") == 5
    assert deadlines.completion_request_days("habeas_consulta") == 10
    assert deadlines.completion_request_days("peticion") == 10
