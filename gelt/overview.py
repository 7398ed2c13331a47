"""
The plan's state as the public page, the dashboard, the report and the empalme show it.

A fixed number of queries whatever the amount of data: phases with their active criteria and
each criterion's latest evaluation, indicators with their latest measurement and, if asked,
their recent history. The arithmetic is `compliance`'s; this module gathers and hands over.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from . import charts, compliance, phase_status
from .models import Action, Activity, Criterion, Indicator, Measurement, Phase, Plan, Result

HISTORY_POINTS = 12


@dataclass
class PhaseProgress:
    """A phase with its active criteria, their weighted % and the phase's status."""

    phase: Phase
    percent: object
    status: str

    @property
    def criteria(self):
        return self.phase.active_criteria

    @property
    def met(self):
        return sum(1 for c in self.criteria if c.latest_result == Result.MET)

    @property
    def unevaluated(self):
        return sum(1 for c in self.criteria if c.latest_date is None)

    @property
    def evaluated(self):
        return len(self.criteria) - self.unevaluated

    @property
    def without_evidence(self):
        return [c for c in self.criteria if not c.latest_has_evidence]

    @property
    def bar(self):
        return charts.bar_length(self.percent)

    @property
    def goal_mark(self):
        return charts.bar_length(self.phase.goal)


@dataclass
class IndicatorProgress:
    """An indicator (with its latest measurement) against its goal, and its recent history."""

    indicator: Indicator
    state: compliance.IndicatorState

    @property
    def history(self):
        """The recent measurements, oldest first (only when the overview was asked for them)."""
        return self.indicator.recent_measurements[::-1]

    @property
    def trend(self):
        values = [m.value for m in self.history]
        return compliance.trend(values, self.indicator.higher_is_better)

    @property
    def chart(self):
        return charts.sparkline([m.value for m in self.history])


def phase_progress(today):
    """
    Every phase with its weighted % and its status against the committee's current target
    date (the 2008–2012 deadlines are shown as historical, never judged against).
    """
    criteria = Criterion.objects.active().with_latest_evaluation(today)
    phases = Phase.objects.select_related("committee_deadline_set_by").prefetch_related(
        Prefetch("criteria", queryset=criteria, to_attr="active_criteria")
    )
    rows = []
    for phase in phases:
        percent = compliance.weighted_percent(
            (c.weight, c.latest_score) for c in phase.active_criteria
        )
        set_at = phase.committee_deadline_set_at
        status = phase_status.phase_status(
            percent,
            phase.goal,
            phase.committee_deadline,
            today,
            set_on=timezone.localdate(set_at) if set_at else None,
            baseline=phase.committee_deadline_baseline,
        )
        # Unevaluated criteria stay out of the percentage and are shown apart ("sin evaluar").
        evaluated = sum(1 for c in phase.active_criteria if c.latest_date is not None)
        status = compliance.with_unevaluated(status, evaluated, len(phase.active_criteria))
        rows.append(PhaseProgress(phase, percent, status))
    return rows


def indicator_progress(with_history=False):
    """Every indicator against its goal; with its last measurements if asked (one query)."""
    indicators = Indicator.objects.with_latest_measurement()
    if with_history:
        recent = Measurement.objects.order_by("-date", "-pk")[:HISTORY_POINTS]
        indicators = indicators.prefetch_related(
            Prefetch("measurements", queryset=recent, to_attr="recent_measurements")
        )
    return [
        IndicatorProgress(
            indicator,
            compliance.indicator_state(
                indicator.latest_value,
                indicator.goal,
                indicator.higher_is_better,
                measured=indicator.latest_date is not None,
            ),
        )
        for indicator in indicators
    ]


def overview(today, *, with_history=False):
    """The plan, its phases and its indicators, with the date of the latest evaluation."""
    phases = phase_progress(today)
    indicators = indicator_progress(with_history=with_history)
    dates = [c.latest_date for row in phases for c in row.criteria if c.latest_date]
    dates += [row.indicator.latest_date for row in indicators if row.indicator.latest_date]
    return {
        "plan": Plan.current(),
        "phases": phases,
        "indicators": indicators,
        "last_evaluation": max(dates, default=None),
    }


def plan_actions(indicators):
    """The plan's actions with their plan activities and their rows of `indicators`."""
    activities = Activity.objects.filter(code__isnull=False)
    actions = list(
        Action.objects.prefetch_related(
            Prefetch("activities", queryset=activities, to_attr="plan_activities")
        )
    )
    for action in actions:
        action.indicator_rows = [row for row in indicators if row.indicator.action_id == action.pk]
    return actions
