"""
Compliance arithmetic of the GEL-T plan, in plain functions.

Everything here takes plain values (dates, numbers, lists of pairs) and returns plain values, so
the dashboard, the public page, the exports and the tests share one definition of "how far along
are we". `today` is always a parameter. Percentages are Decimals rounded half up to one decimal.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)

# Phase states, in Spanish as the committee reads them.
MET = "cumplida"
ON_TRACK = "en curso"
BEHIND = "atrasada"
OVERDUE = "vencida"
NO_CRITERIA = "sin criterios"
NOT_EVALUATED = "sin evaluar"
PENDING_EVALUATION = "por evaluar"  # goal reached among the evaluated, some still unevaluated

# Evaluation results (the values stored in Evaluation.result).
RESULT_MET = "met"
RESULT_PARTIAL = "partial"
RESULT_NOT_MET = "not_met"

NO_MEASUREMENT = "sin medición"


def to_decimal(value) -> Decimal:
    """A Decimal from an int, float, str or Decimal (floats through str, so 0.1 stays 0.1)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def round_percent(value) -> Decimal:
    """Round half up to one decimal: 66.65 -> 66.7, 12.25 -> 12.3."""
    return to_decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def weighted_percent(pairs: Iterable[tuple]) -> Decimal | None:
    """
    Weighted average of scores (0-100) by weight, over the evaluated criteria only; None when
    nothing has been evaluated.

    A criterion never evaluated enters with score None and is kept apart ("sin evaluar"), not
    counted as 0 %: the committee sees how many are unevaluated beside the percentage.
    Example: [(1, 100), (1, 50), (2, None)] -> 75.0, [(1, None)] -> None.
    """
    total_weight = Decimal(0)
    total = Decimal(0)
    for weight, score in pairs:
        weight = to_decimal(weight)
        if weight <= 0 or score is None:
            continue
        total_weight += weight
        total += weight * to_decimal(score)
    if total_weight == 0:
        return None
    return round_percent(total / total_weight)


def with_unevaluated(status: str, evaluated: int, total: int) -> str:
    """
    A phase status that accounts for unevaluated criteria: "sin criterios" with none active,
    "sin evaluar" when none has been evaluated, and "por evaluar" instead of "cumplida" when
    the goal is reached among the evaluated ones but some are still unevaluated.
    """
    if not total:
        return NO_CRITERIA
    if not evaluated:
        return NOT_EVALUATED
    if status == MET and evaluated < total:
        return PENDING_EVALUATION
    return status


def judge(value, goal, higher_is_better=True) -> tuple[str, Decimal]:
    """
    An evaluation result and score (0-100) from a measured value and its goal.

    Met when the goal is reached; partial when there is some progress; not met otherwise or
    when there is no value. For a maximum (days to answer), zero or less counts as met.
    """
    if value is None:
        return RESULT_NOT_MET, Decimal(0)
    attained = attainment(value, goal, higher_is_better)
    if attained >= HUNDRED:
        return RESULT_MET, HUNDRED
    if attained > 0:
        return RESULT_PARTIAL, attained
    return RESULT_NOT_MET, Decimal(0)


def attainment(value, goal, higher_is_better=True) -> Decimal:
    """How much of the goal a value reaches, in % capped at 100."""
    value, goal = to_decimal(value), to_decimal(goal)
    if higher_is_better:
        if goal <= 0:
            return HUNDRED
        return min(HUNDRED, round_percent(value / goal * HUNDRED))
    if value <= goal:
        return HUNDRED
    if value <= 0:
        return HUNDRED
    return min(HUNDRED, round_percent(goal / value * HUNDRED))


@dataclass(frozen=True)
class IndicatorState:
    value: Decimal | None
    goal: Decimal | None
    attainment: Decimal | None
    met: bool | None
    label: str

    @property
    def measured(self):
        return self.value is not None


def indicator_state(value, goal, higher_is_better=True, measured=True) -> IndicatorState:
    """An indicator's value against its goal; "sin medición" when nothing was ever measured."""
    goal = to_decimal(goal) if goal is not None else None
    if not measured:
        return IndicatorState(None, goal, None, None, NO_MEASUREMENT)
    if value is None:
        return IndicatorState(None, goal, None, None, "sin dato")
    value = to_decimal(value)
    if goal is None:
        return IndicatorState(value, None, None, None, "sin meta")
    reached = attainment(value, goal, higher_is_better)
    met = reached >= HUNDRED
    return IndicatorState(value, goal, reached, met, "cumple la meta" if met else "por debajo")


def trend(values: Sequence, higher_is_better=True) -> str | None:
    """
    Direction of the latest change in a history (oldest first), ignoring gaps (None).

    Returns "mejora", "empeora" or "estable", or None with fewer than two values.
    """
    known = [to_decimal(v) for v in values if v is not None]
    if len(known) < 2:
        return None
    change = known[-1] - known[-2]
    if change == 0:
        return "estable"
    better = change > 0 if higher_is_better else change < 0
    return "mejora" if better else "empeora"


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week of `day`."""
    return day - datetime.timedelta(days=day.weekday())


def weekly_counts(days: Iterable[datetime.date], today, weeks: int) -> list[int]:
    """
    How many of `days` fall in each of the last `weeks` weeks (Monday to Sunday), oldest
    first; the current week is the last one. Days outside the window are ignored.
    """
    first = week_start(today) - datetime.timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    for day in days:
        if first <= day <= today:
            counts[(day - first).days // 7] += 1
    return counts


def weeks_with_updates(counts: Iterable[int]) -> int:
    """How many weeks met "at least one update a week": [3, 0, 1, 0] -> 2 (not 4 / 4 = 1)."""
    return sum(1 for count in counts if count >= 1)
