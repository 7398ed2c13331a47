"""A phase is judged against the committee's current target date, never the 2008 deadlines."""

import datetime
from decimal import Decimal

import pytest

from gelt.phase_status import NO_TARGET, phase_status, required_progress

D = datetime.date
SET_ON = D(2026, 1, 1)
TARGET = D(2026, 12, 31)  # 364 days after SET_ON


@pytest.mark.parametrize(
    ("percent", "target", "today", "expected"),
    [
        # Goal reached: met, whatever the dates (and with no target at all).
        (100, TARGET, D(2027, 6, 1), "cumplida"),
        (100, None, D(2026, 6, 1), "cumplida"),
        # No target: the phase says so instead of "vencida" forever.
        (40, None, D(2026, 6, 1), NO_TARGET),
        (0, None, D(2040, 1, 1), NO_TARGET),
        # Past the target below the goal: overdue.
        (99.9, TARGET, D(2027, 1, 1), "vencida"),
        # Half way through the year a steady pace from 0 needs about half the goal.
        (50, TARGET, D(2026, 7, 2), "en curso"),
        (49, TARGET, D(2026, 7, 2), "atrasada"),
        # On the target day itself the whole goal is needed.
        (99, TARGET, TARGET, "atrasada"),
        # The day the target is set, any progress is on track.
        (0, TARGET, SET_ON, "en curso"),
        (None, TARGET, D(2026, 6, 1), "sin criterios"),
    ],
)
def test_status_against_the_committee_target(percent, target, today, expected):
    assert phase_status(percent, 100, target, today, set_on=SET_ON, baseline=0) == expected


def test_pace_starts_from_the_progress_when_the_target_was_set():
    # Set at 60 % on 1 Jan with the goal 100 % on 31 Dec: by 2 July a steady pace needs 80 %.
    today = D(2026, 7, 2)
    assert required_progress(100, TARGET, today, SET_ON, Decimal(60)) == Decimal("80.0")
    assert phase_status(79, 100, TARGET, today, set_on=SET_ON, baseline=60) == "atrasada"
    assert phase_status(80, 100, TARGET, today, set_on=SET_ON, baseline=60) == "en curso"
    # Without the baseline the same 79 % is ahead of a pace that starts at 0.
    assert phase_status(79, 100, TARGET, today, set_on=SET_ON) == "en curso"


def test_required_progress_edges():
    assert required_progress(100, TARGET, D(2025, 12, 1), SET_ON, 20) == 20  # before it was set
    assert required_progress(100, TARGET, D(2027, 1, 1), SET_ON, 20) == 100  # after the target
    assert required_progress(100, TARGET, D(2026, 6, 1)) == 0  # unknown start: no pace yet
    assert required_progress(80, TARGET, D(2026, 6, 1), SET_ON, 90) == 80  # never above goal


def test_a_historical_deadline_alone_never_makes_a_phase_overdue():
    # The 2008–2012 deadlines are not an argument: only the committee's target is.
    assert phase_status(10, 100, None, D(2026, 12, 1)) == NO_TARGET
