"""
Legal terms of a PQRSD in Colombian business days (Ley 1755 de 2015), as plain functions.

Every function takes the set of non-working dates as a parameter: national holidays from the
`holidays` package plus the days the municipality closes by decree (the `NonWorkingDay` table).
Saturdays and Sundays are never business days. The day after receipt is day 1 of the term.
"""

import datetime
from dataclasses import dataclass, field

import holidays

# Response terms in business days, CPACA art. 14 as replaced by Ley 1755 de 2015 (§3.1).
TERMS = {
    "peticion": 15,
    "informacion": 10,  # documentos e información; Ley 1712 art. 26
    "consulta": 30,  # art. 14 num. 2
    "queja": 15,
    "reclamo": 15,
    "sugerencia": 15,
    "denuncia": 15,
    "entre_autoridades": 10,  # art. 30
    # Habeas data, Ley 1581 de 2012: consulta art. 14, reclamo art. 15.
    "habeas_consulta": 10,
    "habeas_reclamo": 15,
}

# Parágrafo of art. 14: the new term "no podrá exceder del doble del inicialmente previsto".
# "total": the new due date is at most 2 × the term counted from receipt (conservative reading).
# "additional": up to 2 × the term counted from the original due date (the other reading).
EXTENSION_CAP_RULES = ("total", "additional")
# §3.2: a filing on a Saturday, Sunday or holiday. "literal": day 1 is the next business day
# after the calendar date of receipt. "next_business_day": the filing counts as received on the
# next business day and day 1 is the business day after that.
WEEKEND_RECEIPT_RULES = ("literal", "next_business_day")

COMPLETION_REQUEST_DAYS = 10  # art. 17: ask for completion within 10 días of filing
REFERRAL_DAYS = 5  # art. 21: forward to the competent authority within 5 días


def colombian_holidays(years) -> dict[datetime.date, str]:
    """National holidays of Colombia for `years`, with their Spanish names."""
    calendar = holidays.country_holidays("CO", years=list(years), language="es")
    return {day: name.replace(" (observado)", "") for day, name in calendar.items()}


def is_business_day(day: datetime.date, non_working) -> bool:
    return day.weekday() < 5 and day not in non_working


def next_business_day(day: datetime.date, non_working) -> datetime.date:
    """The first business day strictly after `day`."""
    day += datetime.timedelta(days=1)
    while not is_business_day(day, non_working):
        day += datetime.timedelta(days=1)
    return day


def receipt_date(filed_on: datetime.date, non_working, rule: str = "literal") -> datetime.date:
    """The date from which the term counts, under the weekend receipt rule."""
    if rule not in WEEKEND_RECEIPT_RULES:
        raise ValueError(f"Regla de recibo desconocida: {rule}")
    if rule == "next_business_day" and not is_business_day(filed_on, non_working):
        return next_business_day(filed_on, non_working)
    return filed_on


def parse_closing_time(value: str) -> datetime.time | None:
    """The office's closing hour from a setting such as "17:00"; None when it is empty."""
    value = (value or "").strip()
    if not value:
        return None
    return datetime.time.fromisoformat(value)


def receipt_date_at(
    received_at: datetime.datetime,
    non_working,
    rule: str = "literal",
    closing_time: datetime.time | None = None,
) -> datetime.date:
    """
    The date from which the term counts for a filing at `received_at` (local time).

    "literal": the calendar date of receipt, whatever the hour (day 1 is the next business
    day). "next_business_day": a filing on a non-business day, or on a business day at or after
    `closing_time` (when one is set), counts as received on the next business day.

    >>> friday_evening = datetime.datetime(2026, 12, 4, 17, 30)
    >>> receipt_date_at(friday_evening, set(), "next_business_day", datetime.time(17))
    datetime.date(2026, 12, 7)
    >>> receipt_date_at(friday_evening, set(), "literal", datetime.time(17))
    datetime.date(2026, 12, 4)
    """
    day = received_at.date()
    if rule not in WEEKEND_RECEIPT_RULES:
        raise ValueError(f"Regla de recibo desconocida: {rule}")
    if rule == "literal":
        return day
    after_hours = closing_time is not None and received_at.time() >= closing_time
    if not is_business_day(day, non_working) or after_hours:
        return next_business_day(day, non_working)
    return day


def add_business_days(start_date: datetime.date, days: int, non_working) -> datetime.date:
    """
    The date `days` business days after `start_date` (the day after is day 1).

    >>> add_business_days(datetime.date(2025, 12, 5), 15, {datetime.date(2025, 12, 8),
    ...     datetime.date(2025, 12, 25)})
    datetime.date(2025, 12, 30)
    """
    if days < 0:
        raise ValueError("El número de días no puede ser negativo.")
    day = start_date
    for _ in range(days):
        day = next_business_day(day, non_working)
    return day


def business_days_between(start: datetime.date, end: datetime.date, non_working) -> int:
    """Business days in (start, end]: 0 when `end` is not after `start`."""
    if end <= start:
        return 0
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_business_day(day, non_working):
            count += 1
    return count


def extension_limit(
    received_on: datetime.date,
    original_due: datetime.date,
    term_days: int,
    non_working,
    rule: str = "total",
) -> datetime.date:
    """The latest due date an extension may set (parágrafo of art. 14)."""
    if rule == "total":
        return add_business_days(received_on, 2 * term_days, non_working)
    if rule == "additional":
        return add_business_days(original_due, 2 * term_days, non_working)
    raise ValueError(f"Regla de prórroga desconocida: {rule}")


@dataclass(frozen=True)
class DueDateExplanation:
    """How a due date was computed, for the citizen and for the record."""

    filed_on: datetime.date
    received_on: datetime.date
    first_day: datetime.date
    term_days: int
    due_date: datetime.date
    holidays_skipped: list[tuple[datetime.date, str]] = field(default_factory=list)
    weekend_days_skipped: int = 0


def explain_due_date(
    filed_on: datetime.date,
    term_days: int,
    named_non_working: dict[datetime.date, str],
    rule: str = "literal",
) -> DueDateExplanation:
    """The due date of a term of `term_days` with the holidays and weekends it skipped."""
    received_on = receipt_date(filed_on, named_non_working, rule)
    due = add_business_days(received_on, term_days, named_non_working)
    first_day = next_business_day(received_on, named_non_working)
    skipped, weekend = [], 0
    day = received_on + datetime.timedelta(days=1)
    while day <= due:
        if day.weekday() >= 5:
            weekend += 1
        elif day in named_non_working:
            skipped.append((day, named_non_working[day]))
        day += datetime.timedelta(days=1)
    return DueDateExplanation(
        filed_on=filed_on,
        received_on=received_on,
        first_day=first_day,
        term_days=term_days,
        due_date=due,
        holidays_skipped=skipped,
        weekend_days_skipped=weekend,
    )


def years_spanned(start: datetime.date, term_days: int) -> range:
    """Calendar years a term starting on `start` may touch (a 3× term fits in under a year)."""
    return range(start.year, start.year + 1 + (3 * term_days * 7 // 5) // 365 + 1)


# --- Referral, positive silence and priority (Ley 1755 arts. 21, 14 num. 1 and 20) ---

SILENCE_DELIVERY_DAYS = 3  # art. 14 num. 1: once deemed accepted, copies within 3 días
SILENCE_TYPES = frozenset({"informacion"})  # requests for documents or information


def referral_due(received_on: datetime.date, non_working) -> datetime.date:
    """
    The last day to refer a written request to the competent authority (art. 21): 5 business
    days after receipt.

    >>> referral_due(datetime.date(2026, 3, 20), {datetime.date(2026, 3, 23)})
    datetime.date(2026, 3, 30)
    """
    return add_business_days(received_on, REFERRAL_DAYS, non_working)


def referral_state(due: datetime.date | None, today: datetime.date) -> str | None:
    """The referral's state: "vencido" past `due`, "hoy" on it, "pendiente" before it."""
    if due is None:
        return None
    if today > due:
        return "vencido"
    return "hoy" if today == due else "pendiente"


def is_accepted_by_silence(
    request_type: str, due_date: datetime.date, today: datetime.date, *, is_open: bool, paused: bool
) -> bool:
    """
    A request for documents still unanswered after its term (art. 14 num. 1): "se entenderá
    que la respectiva solicitud ha sido aceptada". A paused term (art. 17) does not run.
    """
    return request_type in SILENCE_TYPES and is_open and not paused and today > due_date


def silence_delivery_due(due_date: datetime.date, non_working) -> datetime.date:
    """The day the copies must be delivered by: 3 business days after the term ran out."""
    return add_business_days(due_date, SILENCE_DELIVERY_DAYS, non_working)


def priority_target(
    received_on: datetime.date, term_days: int, target_days: int, non_working
) -> datetime.date:
    """The internal target of a prioritised request: `target_days`, never past the legal term."""
    return add_business_days(received_on, max(0, min(term_days, target_days)), non_working)


# --- Habeas data (Ley 1581 de 2012 arts. 14 and 15) ---

# The extension of a habeas data request is a fixed number of business days after the first
# due date ("en ningún caso podrá superar los cinco (5) / ocho (8) días hábiles siguientes al
# vencimiento del primer término"), not CPACA's "double".
FIXED_EXTENSION_DAYS = {"habeas_consulta": 5, "habeas_reclamo": 8}


def has_fixed_extension(request_type: str) -> bool:
    """True for the types whose extension is a fixed number of days (habeas data)."""
    return request_type in FIXED_EXTENSION_DAYS


def fixed_extension_limit(
    request_type: str, original_due: datetime.date, non_working
) -> datetime.date:
    """
    The latest due date an extension of a habeas data request may set.

    >>> fixed_extension_limit("habeas_consulta", datetime.date(2026, 2, 16), set())
    datetime.date(2026, 2, 23)
    """
    return add_business_days(original_due, FIXED_EXTENSION_DAYS[request_type], non_working)


# Art. 15: an incomplete reclamo is returned for completion "dentro de los cinco (5) días
# siguientes a la recepción del reclamo" (read as business days, like every term here).
HABEAS_RECLAMO_COMPLETION_DAYS = 5


def completion_request_days(request_type: str) -> int:
    """The business days after receipt within which staff may ask to complete a request."""
    if request_type == "habeas_reclamo":
        return HABEAS_RECLAMO_COMPLETION_DAYS
    return COMPLETION_REQUEST_DAYS


def extension_basis(request_type: str) -> str:
    """The legal limit of an extension, in words, for staff messages."""
    days = FIXED_EXTENSION_DAYS.get(request_type)
    if days is None:
        return "el doble del término inicial (parágrafo del art. 14, Ley 1755 de 2015)"
    article = 14 if request_type == "habeas_consulta" else 15
    return f"{days} días hábiles después del vencimiento inicial (art. {article}, Ley 1581 de 2012)"
