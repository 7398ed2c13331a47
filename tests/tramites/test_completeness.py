"""Pure rules of completeness and semiannual review: no database."""

import datetime

from tramites.completeness import (
    CHANNEL_LABEL,
    COST_LABEL,
    ONLINE_LINK_LABEL,
    REQUIREMENTS_LABEL,
    REVIEW_LABEL,
    STEPS_LABEL,
    SUIT_LABEL,
    is_reviewed_in_time,
    missing_fields,
    months_before,
    percentage,
    quality_gaps,
    review_cutoff,
)

COMPLETE = {
    "name": "Paz y salvo",
    "purpose": "Demostrar que no debe nada.",
    "who_may_ask": "Contribuyentes",
    "result": "Certificado",
    "legal_basis": "Estatuto de Rentas",
    "is_free": True,
    "cost_amount": None,
    "cost_description": "",
    "response_time_value": 0,
    "in_person_address": "Palacio Municipal",
    "online_url": "",
    "phone": "",
    "email": "",
    "automation_level": "info",
    "category_id": 1,
    "has_requirements": True,
    "has_steps": True,
}


def test_complete_sheet_misses_nothing():
    assert missing_fields(COMPLETE) == []


def test_blank_text_counts_as_missing():
    assert missing_fields({**COMPLETE, "purpose": "   "}) == ["propósito"]


def test_cost_may_be_free_an_amount_or_a_description():
    not_free = {**COMPLETE, "is_free": False}
    assert missing_fields(not_free) == [COST_LABEL]
    assert missing_fields({**not_free, "cost_amount": 0}) == []
    assert missing_fields({**not_free, "cost_description": "Según avalúo"}) == []


def test_immediate_response_time_is_a_value():
    assert missing_fields({**COMPLETE, "response_time_value": 0}) == []
    assert "tiempo de respuesta" in missing_fields({**COMPLETE, "response_time_value": None})


def test_needs_one_channel_requirements_and_steps():
    bare = {**COMPLETE, "in_person_address": "", "has_requirements": False, "has_steps": False}
    assert missing_fields(bare) == [CHANNEL_LABEL, REQUIREMENTS_LABEL, STEPS_LABEL]
    assert missing_fields({**COMPLETE, "in_person_address": "", "email": "a@b.co"}) == []


def test_online_level_needs_the_link():
    online = {**COMPLETE, "automation_level": "full"}
    assert missing_fields(online) == [ONLINE_LINK_LABEL]
    assert missing_fields({**online, "online_url": "https://x.gov.co"}) == []


def test_everything_missing():
    assert len(missing_fields({})) == 11


def test_months_before_clamps_to_month_end():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2028, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)
    assert months_before(datetime.date(2026, 1, 10), 12) == datetime.date(2025, 1, 10)


def test_review_window_is_six_months_inclusive():
    today = datetime.date(2026, 11, 24)
    assert review_cutoff(today) == datetime.date(2026, 5, 24)
    assert is_reviewed_in_time(datetime.date(2026, 5, 24), today) is True
    assert is_reviewed_in_time(datetime.date(2026, 5, 23), today) is False
    assert is_reviewed_in_time(today, today) is True
    assert is_reviewed_in_time(None, today) is False
    assert is_reviewed_in_time(datetime.date(2026, 12, 1), today) is False


def test_percentage():
    assert percentage(1, 3) == 33.3
    assert percentage(0, 5) == 0.0
    assert percentage(5, 5) == 100.0
    assert percentage(0, 0) is None


def test_quality_needs_suit_number_and_a_recent_review():
    today = datetime.date(2026, 11, 24)
    sheet = {**COMPLETE, "kind": "tramite", "suit_code": "", "last_reviewed_on": None}
    assert quality_gaps(sheet, today) == [SUIT_LABEL, REVIEW_LABEL]
    reviewed = {**sheet, "last_reviewed_on": datetime.date(2026, 10, 1)}
    assert quality_gaps(reviewed, today) == [SUIT_LABEL]
    assert quality_gaps({**reviewed, "suit_code": "12345"}, today) == []
    assert quality_gaps({**reviewed, "kind": "opa"}, today) == [SUIT_LABEL]
    assert quality_gaps({**reviewed, "kind": "servicio"}, today) == []  # not in the SUIT
    stale = {**reviewed, "suit_code": "1", "last_reviewed_on": datetime.date(2026, 5, 1)}
    assert quality_gaps(stale, today) == [REVIEW_LABEL]
    assert quality_gaps({**stale, "purpose": ""}, today) == ["propósito", REVIEW_LABEL]
