"""
Personal data of requesters as plain functions (Ley 1581 de 2012): when a finished request's
retention period ends, how a document number is compared, and how identifiers are taken out of
free text when a request is anonymised. No ORM here; pqrsd/data_rights.py calls these.
"""

import datetime
import re

REDACTED = "[dato suprimido]"

# The portal's copy of a PQRSD keeps the requester's data this many years after it was
# answered or closed, unless settings.PQRSD_RETENTION_YEARS says otherwise. The repository has
# no tabla de retención documental (TRD); this default is to be confirmed by the municipal
# archive (docs/datos-personales.md).
DEFAULT_RETENTION_YEARS = 5

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A run of digits with the separators people type in phones and document numbers.
_NUMBER = re.compile(r"(?<![\w])\+?\d[\d .\-()]{4,}\d(?![\w])")
# Runs of digits that are not personal: dates and radicados stay readable.
_NOT_PERSONAL = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{4}-\d{6}",
)
_MIN_DIGITS = 6


def retention_ends(finished_on: datetime.date, years: int) -> datetime.date:
    """
    The first day the request may be anonymised: `years` after it was finished (29 February
    moves to 28 February in a common year).

    >>> retention_ends(datetime.date(2024, 2, 29), 5)
    datetime.date(2029, 2, 28)
    """
    if years < 0:
        raise ValueError("El periodo de conservación no puede ser negativo.")
    try:
        return finished_on.replace(year=finished_on.year + years)
    except ValueError:
        return finished_on.replace(year=finished_on.year + years, day=28)


def is_due(finished_on: datetime.date | None, today: datetime.date, years: int) -> bool:
    """True when a finished request's retention period has ended by `today`."""
    return finished_on is not None and today >= retention_ends(finished_on, years)


def latest_finished_on(years: int, today: datetime.date) -> datetime.date:
    """
    Requests finished on or before this date are due on `today` (the inverse of
    retention_ends, for a database filter).

    >>> latest_finished_on(5, datetime.date(2031, 3, 1))
    datetime.date(2026, 3, 1)
    """
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February: the 28th of that common year is the last one due
        return today.replace(year=today.year - years, day=28)


def normalise_document(number: str) -> str:
    """A document number as compared: without dots, spaces or dashes, in capitals."""
    return re.sub(r"[\s.\-]", "", number or "").upper()


def _is_personal_number(match: str) -> bool:
    digits = sum(c.isdigit() for c in match)
    return digits >= _MIN_DIGITS and not _NOT_PERSONAL.fullmatch(match.strip())


def redact(text: str, known=(), names=()) -> str:
    """
    `text` without the requester's identifiers: every e-mail address, every phone or document
    number (runs of six or more digits that are not a date or a radicado), each of the `known`
    values as a whole (an address, a document number) and each of the `names` and every word of
    them, whatever their case.

    >>> redact("Soy Ana Ruiz, CC 1.120.456.789, ana@x.co; Ruiz vive en Calle 5 # 3-20",
    ...        known=["Calle 5 # 3-20"], names=["Ana Ruiz"])
    'Soy [dato suprimido], CC [dato suprimido], [dato suprimido]; [dato suprimido] vive en [dato suprimido]'
    """
    if not text:
        return text
    text = _EMAIL.sub(REDACTED, text)
    values = {v.strip() for v in known if v and len(v.strip()) >= 3}
    for name in names:
        name = (name or "").strip()
        if len(name) >= 3:
            values.add(name)
            values.update(word for word in re.split(r"[\s,]+", name) if len(word) >= 3)
    # Longest first, so a full name goes before its words.
    for value in sorted(values, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", REDACTED, text, flags=re.IGNORECASE)
    return _NUMBER.sub(lambda m: REDACTED if _is_personal_number(m[0]) else m[0], text)
