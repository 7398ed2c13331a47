"""
How complete and how fresh a procedure sheet is, in plain values (no ORM).

The required fields follow the SUIT "Formato integrado": what a citizen needs to do the
procedure without calling the office first. `Procedure.objects.complete()` expresses the same
rule as a database filter; a test checks that both agree.

"Calidad completa" (`quality_gaps`) is the one rule behind every figure of published sheets
with complete quality (the admin list, `tramites.stats` and the GEL-T checks): every required
field, the SUIT number for the kinds the SUIT registers (trámites and OPA) and a review in the
last six months. `Procedure.objects.quality_complete(today)` is the same rule as a filter.
"""

import datetime

# Field name -> what the editor reads when it is missing. Text fields count when not blank.
REQUIRED_TEXT_FIELDS = {
    "name": "nombre",
    "purpose": "propósito",
    "who_may_ask": "quién puede solicitarlo",
    "result": "resultado que se obtiene",
    "legal_basis": "fundamento legal",
}
# Rules over several fields, checked by `missing_fields` below.
COST_LABEL = "costo (valor, descripción de la tarifa o gratuito)"
RESPONSE_TIME_LABEL = "tiempo de respuesta"
CHANNEL_LABEL = "al menos un canal de atención"
ONLINE_LINK_LABEL = "enlace para hacerlo en línea"
REQUIREMENTS_LABEL = "requisitos"
STEPS_LABEL = "pasos"
CATEGORY_LABEL = "tema"

CHANNEL_FIELDS = ("in_person_address", "online_url", "phone", "email")

REVIEW_MONTHS = 6

# Kinds of sheet the SUIT registers (Decreto-Ley 019 de 2012 art. 40: trámites and OPA); a
# service ("servicio") has no SUIT number, so it is complete without one.
SUIT_KINDS = ("tramite", "opa")
SUIT_LABEL = "número SUIT"
REVIEW_LABEL = "revisión en los últimos 6 meses"


def missing_fields(values) -> list[str]:
    """
    The Spanish names of the required SUIT fields a sheet lacks, given a mapping of its values.

    `values` holds the model's field values plus `has_requirements` and `has_steps`. A sheet
    with `is_free` set needs no amount; an online automation level needs the online link.

    >>> missing_fields({"name": "Paz y salvo", "is_free": True})[:2]
    ['propósito', 'quién puede solicitarlo']
    """
    missing = [label for field, label in REQUIRED_TEXT_FIELDS.items() if not _filled(values, field)]
    if not (
        values.get("is_free")
        or values.get("cost_amount") is not None
        or _filled(values, "cost_description")
    ):
        missing.append(COST_LABEL)
    if values.get("response_time_value") is None:
        missing.append(RESPONSE_TIME_LABEL)
    if not any(_filled(values, field) for field in CHANNEL_FIELDS):
        missing.append(CHANNEL_LABEL)
    if values.get("automation_level", "info") != "info" and not _filled(values, "online_url"):
        missing.append(ONLINE_LINK_LABEL)
    if not values.get("category_id"):
        missing.append(CATEGORY_LABEL)
    if not values.get("has_requirements"):
        missing.append(REQUIREMENTS_LABEL)
    if not values.get("has_steps"):
        missing.append(STEPS_LABEL)
    return missing


def quality_gaps(values, today: datetime.date) -> list[str]:
    """
    What keeps a sheet from "calidad completa": its missing required fields, its SUIT number
    (trámites and OPA only) and a review within the last six months.

    >>> sheet = {"kind": "tramite", "suit_code": "", "last_reviewed_on": None}
    >>> quality_gaps(sheet, datetime.date(2026, 11, 24))[-2:]
    ['número SUIT', 'revisión en los últimos 6 meses']
    """
    gaps = missing_fields(values)
    if values.get("kind", "tramite") in SUIT_KINDS and not _filled(values, "suit_code"):
        gaps.append(SUIT_LABEL)
    if not is_reviewed_in_time(values.get("last_reviewed_on"), today):
        gaps.append(REVIEW_LABEL)
    return gaps


def _filled(values, field) -> bool:
    value = values.get(field)
    return value is not None and str(value).strip() != ""


def months_before(day: datetime.date, months: int) -> datetime.date:
    """
    The same day `months` months earlier, or the month's last day when it has fewer days.

    >>> months_before(datetime.date(2026, 8, 31), 6)
    datetime.date(2026, 2, 28)
    """
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def review_cutoff(today: datetime.date) -> datetime.date:
    """The oldest review date that still counts as the plan's "revisión semestral"."""
    return months_before(today, REVIEW_MONTHS)


def is_reviewed_in_time(last_reviewed_on: datetime.date | None, today: datetime.date) -> bool:
    """True when the sheet was reviewed within the last six months (and not in the future)."""
    if last_reviewed_on is None:
        return False
    return review_cutoff(today) <= last_reviewed_on <= today


def percentage(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, rounded to one decimal; None when `whole` is 0."""
    if not whole:
        return None
    return round(100 * part / whole, 1)
