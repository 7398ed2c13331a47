"""The time-of-day receipt rule: literal by default, next business day after closing hour."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from pqrsd.deadlines import parse_closing_time, receipt_date_at

from .factories import make_request

BOGOTA = ZoneInfo("America/Bogota")
D = datetime.date
T = datetime.time
HOLIDAYS = {D(2026, 12, 8): "Inmaculada Concepción", D(2026, 12, 25): "Navidad"}


def local(*args):
    return datetime.datetime(*args)


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


# --- the pure function ---


def test_literal_reading_ignores_the_hour_and_the_weekday():
    assert receipt_date_at(local(2026, 12, 4, 23, 59), HOLIDAYS, "literal", T(17)) == D(2026, 12, 4)
    assert receipt_date_at(local(2026, 12, 5, 10, 0), HOLIDAYS, "literal", T(17)) == D(2026, 12, 5)


def test_next_business_day_reading_moves_after_closing_hour():
    rule = "next_business_day"
    assert receipt_date_at(local(2026, 12, 3, 16, 59), HOLIDAYS, rule, T(17)) == D(2026, 12, 3)
    assert receipt_date_at(local(2026, 12, 3, 17, 0), HOLIDAYS, rule, T(17)) == D(2026, 12, 4)
    # Friday after closing: Monday 7.
    assert receipt_date_at(local(2026, 12, 4, 18, 0), HOLIDAYS, rule, T(17)) == D(2026, 12, 7)
    # Monday 7 after closing skips the holiday Tuesday 8.
    assert receipt_date_at(local(2026, 12, 7, 17, 30), HOLIDAYS, rule, T(17)) == D(2026, 12, 9)


def test_next_business_day_reading_moves_weekends_and_holidays_at_any_hour():
    rule = "next_business_day"
    assert receipt_date_at(local(2026, 12, 5, 8, 0), HOLIDAYS, rule, None) == D(2026, 12, 7)
    assert receipt_date_at(local(2026, 12, 8, 9, 0), HOLIDAYS, rule, T(17)) == D(2026, 12, 9)
    # Without a closing hour, an evening on a business day stays that day.
    assert receipt_date_at(local(2026, 12, 3, 22, 0), HOLIDAYS, rule, None) == D(2026, 12, 3)


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        receipt_date_at(local(2026, 12, 3, 9, 0), HOLIDAYS, "cuando_quiera", None)


def test_closing_time_setting_is_parsed():
    assert parse_closing_time("") is None
    assert parse_closing_time(" 17:00 ") == T(17)
    assert parse_closing_time("16:30") == T(16, 30)
    with pytest.raises(ValueError):
        parse_closing_time("cinco de la tarde")


# --- filing with the clock moved ---


@pytest.mark.django_db
@time_machine.travel(at(2026, 12, 4, 17, 30), tick=False)
def test_filing_friday_evening_literal_reading_counts_from_friday(settings):
    settings.PQRSD_CLOSING_TIME = "17:00"  # ignored by the literal reading
    request, _ = make_request(request_type="informacion")
    assert request.filed_on == request.received_on == D(2026, 12, 4)
    # 10 business days from Monday 7, skipping Tuesday 8 (Inmaculada).
    assert request.due_date == D(2026, 12, 21)


@pytest.mark.django_db
@time_machine.travel(at(2026, 12, 4, 17, 30), tick=False)
def test_filing_friday_evening_next_business_day_reading_counts_from_monday(settings):
    settings.PQRSD_WEEKEND_RECEIPT_RULE = "next_business_day"
    settings.PQRSD_CLOSING_TIME = "17:00"
    request, _ = make_request(request_type="informacion")
    assert request.filed_on == D(2026, 12, 4)
    assert request.received_on == D(2026, 12, 7)
    assert request.due_date == D(2026, 12, 22)


@pytest.mark.django_db
@time_machine.travel(at(2026, 12, 4, 16, 59), tick=False)
def test_filing_before_closing_is_received_the_same_day(settings):
    settings.PQRSD_WEEKEND_RECEIPT_RULE = "next_business_day"
    settings.PQRSD_CLOSING_TIME = "17:00"
    request, _ = make_request(request_type="informacion")
    assert request.received_on == D(2026, 12, 4)


@pytest.mark.django_db
@time_machine.travel(at(2026, 12, 4, 18, 0), tick=False)
def test_a_bad_closing_time_setting_says_what_is_wrong(settings):
    settings.PQRSD_WEEKEND_RECEIPT_RULE = "next_business_day"
    settings.PQRSD_CLOSING_TIME = "5 pm"
    with pytest.raises(ImproperlyConfigured, match="HH:MM"):
        make_request()


def test_system_check_reports_bad_receipt_settings(settings):
    from pqrsd.checks import receipt_rule_settings

    assert receipt_rule_settings() == []
    settings.PQRSD_CLOSING_TIME = "5 pm"
    settings.PQRSD_WEEKEND_RECEIPT_RULE = "siempre"
    assert [e.id for e in receipt_rule_settings()] == ["pqrsd.E001", "pqrsd.E002"]
