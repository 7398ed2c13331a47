"""Radicado format and tracking codes (no database)."""

from pqrsd.radicado import (
    format_radicado,
    hash_tracking_code,
    new_tracking_code,
    parse_radicado,
    tracking_code_matches,
)


def test_format_and_parse_round_trip():
    assert format_radicado(2026, 123) == "2026-000123"
    assert parse_radicado("2026-000123") == (2026, 123)
    assert parse_radicado(" 2026 - 123 ") == (2026, 123)


def test_parse_rejects_garbage():
    for text in ["", None, "2026", "abc-123", "2026-0", "1999-5", "2026-1234567890", "😀"]:
        assert parse_radicado(text) is None


def test_codes_are_long_random_and_distinct():
    codes = {new_tracking_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(code) == 16 for code in codes)  # 16 base64 characters = 96 bits


def test_code_matching():
    code = new_tracking_code()
    stored = hash_tracking_code(code)
    assert tracking_code_matches(code, stored) is True
    assert tracking_code_matches(f" {code} ", stored) is True
    assert tracking_code_matches(new_tracking_code(), stored) is False
    assert tracking_code_matches("", stored) is False
    assert tracking_code_matches("<script>", stored) is False
    assert tracking_code_matches(code, "") is False
