"""
The dates of an incomplete request (Ley 1755 de 2015, art. 17), as plain functions.

Art. 17: the authority asks the petitioner to complete the request "en el término máximo de un
(1) mes"; the petitioner may ask once, before that month runs out, for an extension "hasta por
un término igual"; when the month (or the extension) passes without an answer, the authority
declares the desistimiento tácito by a reasoned act.

Reading used here (documented in docs/pqrsd.md, confidence C in the notes, §3.1):

- A month is a **calendar month**, not 20 or 22 business days: Ley 4 de 1913 art. 59 and 62
  ("los [plazos] de meses y años se computan según el calendario; pero si el último día fuere
  feriado o de vacante, se extenderá el plazo hasta el primer día hábil") and Código General
  del Proceso art. 118.
- The month starts running the day after the request to complete (CGP art. 118: a term runs
  "desde el día siguiente" of the act that grants it) and ends on the same day of the next month
  ("el mismo día que empezó a correr del correspondiente mes"); when that month has no such day
  (31 January → February), it ends on the month's last day.
- When that last day is not a business day (weekend, national holiday or a municipal closure),
  the term moves to the next business day.
- The extension adds one more month counted the same way from the same start, so the extended
  term is two calendar months from the day after the request. The portal always grants the full
  month (the law allows "hasta": up to it), the most favourable reading for the citizen.
"""

import calendar
import datetime

from . import deadlines

COMPLETION_WINDOW_MONTHS = 1  # art. 17: "un (1) mes"
COMPLETION_EXTENSION_MONTHS = 1  # "prórroga hasta por un término igual", only once
# A habeas data reclamo has its own rule (Ley 1581 de 2012, art. 15): "Transcurridos dos (2)
# meses desde la fecha del requerimiento, sin que el solicitante presente la información
# requerida, se entenderá que ha desistido del reclamo", with no extension.
WINDOW_MONTHS_BY_TYPE = {"habeas_reclamo": 2}
WITHOUT_EXTENSION = {"habeas_reclamo"}


def window_months(request_type: str) -> int:
    """Calendar months a citizen has to complete a request of `request_type`."""
    return WINDOW_MONTHS_BY_TYPE.get(request_type, COMPLETION_WINDOW_MONTHS)


def may_extend(request_type: str) -> bool:
    """Whether the citizen may ask once for more time (art. 17; not for a habeas reclamo)."""
    return request_type not in WITHOUT_EXTENSION


def add_calendar_months(day: datetime.date, months: int) -> datetime.date:
    """
    The same day `months` calendar months later, or that month's last day when it is shorter.

    >>> add_calendar_months(datetime.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_calendar_months(datetime.date(2026, 11, 15), 2)
    datetime.date(2027, 1, 15)
    """
    if months < 0:
        raise ValueError("El número de meses no puede ser negativo.")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_business_day_from(day: datetime.date, non_working) -> datetime.date:
    """`day` itself when it is a business day, otherwise the next business day."""
    if deadlines.is_business_day(day, non_working):
        return day
    return deadlines.next_business_day(day, non_working)


def completion_deadline(
    requested_on: datetime.date, non_working, *, extended: bool = False, request_type: str = ""
) -> datetime.date:
    """
    The last day the citizen may complete a request they were asked to complete on
    `requested_on`: one calendar month from the next day (two for a habeas data reclamo), one
    more with the extension, moved to the next business day when it falls on a non-business day.

    >>> completion_deadline(datetime.date(2026, 3, 10), set())
    datetime.date(2026, 4, 13)
    >>> completion_deadline(datetime.date(2026, 3, 10), set(), request_type="habeas_reclamo")
    datetime.date(2026, 5, 11)
    """
    months = window_months(request_type) + (COMPLETION_EXTENSION_MONTHS if extended else 0)
    start = requested_on + datetime.timedelta(days=1)
    return first_business_day_from(add_calendar_months(start, months), non_working)


def withdrawal_is_due(deadline: datetime.date | None, today: datetime.date) -> bool:
    """The whole last day belongs to the citizen: the desistimiento is due the day after."""
    return deadline is not None and today > deadline


def years_for_window(requested_on: datetime.date) -> range:
    """Calendar years a completion window (at most two months and a few days) may touch."""
    return range(requested_on.year, requested_on.year + 2)
