"""
A phase's status against the target date the committee set, in one plain function.

The 2008–2012 deadlines of Decreto 1151 are historical: judging a phase against them would
say "vencida" forever. A phase is judged against the committee's current target date instead,
and says so when there is none. `today` is always a parameter.

- "cumplida": the phase reached its goal (whatever the dates);
- "sin fecha meta vigente": below its goal and the committee has not set a target date;
- "vencida": the target date has passed below the goal;
- "atrasada": less progress than a steady pace from the progress and date when the target was
  set to the goal at the target date would need by today;
- "en curso": at or above that pace.
"""

import datetime
from decimal import Decimal

from .compliance import BEHIND, MET, NO_CRITERIA, ON_TRACK, OVERDUE, round_percent, to_decimal

NO_TARGET = "sin fecha meta vigente"

STATES = [MET, ON_TRACK, BEHIND, OVERDUE, NO_TARGET, NO_CRITERIA]


def required_progress(
    goal, target: datetime.date, today: datetime.date, set_on=None, baseline=None
) -> Decimal:
    """
    The progress (%) a steady pace needs by `today`: from `baseline` (the progress when the
    target was set, 0 if unknown) on `set_on` to `goal` on `target`. Before `set_on` it is the
    baseline; on or after `target`, the goal.
    """
    goal = to_decimal(goal)
    start_value = to_decimal(baseline) if baseline is not None else Decimal(0)
    if today >= target:
        return goal
    if set_on is None or set_on >= target or today <= set_on:
        return min(start_value, goal)
    elapsed = Decimal((today - set_on).days) / Decimal((target - set_on).days)
    return min(goal, round_percent(start_value + (goal - start_value) * elapsed))


def phase_status(
    percent, goal, target: datetime.date | None, today: datetime.date, set_on=None, baseline=None
) -> str:
    """The status of a phase with `percent` progress against the committee's `target` date."""
    if percent is None:
        return NO_CRITERIA
    percent, goal = to_decimal(percent), to_decimal(goal)
    if percent >= goal:
        return MET
    if target is None:
        return NO_TARGET
    if today > target:
        return OVERDUE
    if percent < required_progress(goal, target, today, set_on, baseline):
        return BEHIND
    return ON_TRACK
