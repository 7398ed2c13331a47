"""Radicado numbers (`2026-000123`) and secret tracking codes, as plain functions."""

import hashlib
import hmac
import re
import secrets

RADICADO_RE = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,9})\s*$")
# 12 random bytes = 96 bits, shown as 16 URL-safe characters.
CODE_BYTES = 12
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{16}$")


def format_radicado(year: int, number: int) -> str:
    """
    >>> format_radicado(2026, 123)
    '2026-000123'
    """
    return f"{year:04d}-{number:06d}"


def parse_radicado(text: str) -> tuple[int, int] | None:
    """(year, number) from what a citizen typed, or None when it is not a radicado."""
    match = RADICADO_RE.match(text or "")
    if not match:
        return None
    year, number = int(match[1]), int(match[2])
    if not 2000 <= year <= 2999 or number < 1:
        return None
    return year, number


def new_tracking_code() -> str:
    """A secret, unguessable tracking code (96 bits)."""
    return secrets.token_urlsafe(CODE_BYTES)


def hash_tracking_code(code: str) -> str:
    """What is stored: the code's SHA-256 (the code is random, so no salt or stretching)."""
    return hashlib.sha256(code.strip().encode()).hexdigest()


def tracking_code_matches(code: str, stored_hash: str) -> bool:
    """Constant-time check of a typed code against the stored hash."""
    code = (code or "").strip()
    candidate = hash_tracking_code(code) if CODE_RE.match(code) else "0" * 64
    return hmac.compare_digest(candidate, stored_hash or "1" * 64)
