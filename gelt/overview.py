"""
The plan's state as the dashboard, the public page, the report and the empalme show it.

A fixed number of queries whatever the amount of data: phases, criteria with their latest
evaluation, indicators with their latest measurement and, optionally, their recent history.
The arithmetic is `compliance`'s; this module only gathers rows and hands them over.
"""

from dataclasses import dataclass, field
from functools import cached_property

from . import charts, compliance
from .models import Criterion, Indicator, Measurement, Phase, Plan
from .templatetags.gelt_tags import measure

HISTORY_POINTS = 12


@dataclass
class PhaseRow:
    phase: Phase
    criteria: list
    percent: object
    status: str
    met: int
    unevaluated: int
    without_evidence: list

    @property
    def bar(self):
        return charts.bar_length(self.percent)

    @property
    def goal_mark(self):
        return charts.bar_length(self.phase.goal)


@dataclass
class IndicatorRow:
    indicator: Indicator
    state: compliance.IndicatorState
    latest_date: object
    evidence: str
    history: list = field(default_factory=list)

    @cached_property
    def value_text(self):
        """The current value with its unit, or why there is none (the page shows it twice)."""
        if not self.state.measured:
            return self.state.label
        return measure(self.state.value, self.indicator.unit)

    @property
    def trend(self):
        return compliance.trend([m.value for m in self.history], self.indicator.higher_is_better)

    @property
    def chart(self):
        return charts.sparkline([m.value for m in self.history])


def phase_rows(today, criteria=None):
    """Every phase with its weighted % and status, from criteria with their latest evaluation."""
    phases = list(Phase.objects.all())
    if criteria is None:
        criteria = list(Criterion.objects.active().with_latest_evaluation())
    by_phase = {}
    for criterion in criteria:
        by_phase.setdefault(criterion.phase_id, []).append(criterion)
    rows, previous_deadline = [], None
    for phase in phases:
        mine = by_phase.get(phase.pk, [])
        percent = compliance.weighted_percent((c.weight, c.latest_score) for c in mine)
        # A steady pace is measured from the previous phase's deadline; a date the committee
        # sets anew has no such start, so any progress before it counts as on track.
        start = None if phase.committee_deadline else previous_deadline
        status = compliance.phase_status(percent, phase.goal, phase.deadline, today, start)
        rows.append(
            PhaseRow(
                phase=phase,
                criteria=mine,
                percent=percent,
                status=status,
                met=sum(1 for c in mine if c.latest_result == compliance.RESULT_MET),
                unevaluated=sum(1 for c in mine if c.latest_date is None),
                without_evidence=[c for c in mine if not c.latest_has_evidence],
            )
        )
        previous_deadline = phase.deadline_territorial
    return rows


def indicator_rows(with_history=False):
    """Every indicator against its goal; with its recent measurements if asked (one query)."""
    indicators = list(Indicator.objects.with_latest_measurement())
    history = {}
    if with_history:
        for measurement in Measurement.objects.recent(HISTORY_POINTS).only(
            "indicator_id", "date", "value"
        ):
            history.setdefault(measurement.indicator_id, []).append(measurement)
    rows = []
    for indicator in indicators:
        state = compliance.indicator_state(
            indicator.latest_value,
            indicator.goal,
            indicator.higher_is_better,
            measured=indicator.latest_date is not None,
        )
        rows.append(
            IndicatorRow(
                indicator=indicator,
                state=state,
                latest_date=indicator.latest_date,
                evidence=indicator.latest_evidence or "",
                history=history.get(indicator.pk, []),
            )
        )
    return rows


def overview(today, *, with_history=False, criteria=None):
    """The plan, its phases and its indicators, with the date of the latest evaluation."""
    phases = phase_rows(today, criteria)
    indicators = indicator_rows(with_history=with_history)
    dates = [c.latest_date for row in phases for c in row.criteria if c.latest_date]
    dates += [row.latest_date for row in indicators if row.latest_date]
    return {
        "plan": Plan.current(),
        "phases": phases,
        "indicators": indicators,
        "last_evaluation": max(dates, default=None),
        "today": today,
    }
