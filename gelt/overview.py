"""
The plan's state as the dashboard, the public page, the report and the empalme show it.

A fixed number of queries whatever the amount of data: phases, criteria with their latest
evaluation, indicators with their latest measurement and, optionally, their recent history.
The arithmetic is `compliance`'s; this module only gathers rows and hands them over.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.dateformat import format as format_date

from . import charts, compliance
from .models import Action, Activity, Criterion, Indicator, Measurement, Phase, Plan, lines
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
        return value_text(self.state, self.indicator.unit)

    @property
    def trend(self):
        return compliance.trend([m.value for m in self.history], self.indicator.higher_is_better)

    @property
    def chart(self):
        return charts.sparkline([m.value for m in self.history])


def value_text(state, unit):
    """An indicator's current value with its unit, or why there is none."""
    return measure(state.value, unit) if state.measured else state.label


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


LONG_DATE = r"j \d\e F \d\e Y"
ACTIVITY_STATUS = dict(Activity.Status.choices)


def long_date(value):
    """A date as the public page writes it: 1 de noviembre de 2008."""
    return format_date(value, LONG_DATE).lower() if value else ""


def short_date(value):
    return format_date(value, "d/m/Y") if value else ""


def public_page(today):
    """
    The public page's plan, phases, indicators and actions, as dicts of ready-made text.

    The template reads dicts much faster than models (no failed item lookups first) and
    formats nothing: dates and figures are written here once.
    """
    # The page shows each phase's figures, not its criteria: their texts and phases stay out.
    criteria = list(
        Criterion.objects.active()
        .with_latest_evaluation()
        .select_related(None)
        .values_list(
            "phase_id",
            "weight",
            "latest_date",
            "latest_result",
            "latest_score",
            "latest_has_evidence",
            named=True,
        )
    )
    phases = [
        {
            "name": row.phase.name,
            "deadline_territorial": long_date(row.phase.deadline_territorial),
            "deadline_national": long_date(row.phase.deadline_national),
            "committee_deadline": long_date(row.phase.committee_deadline),
            "historical": row.phase.historical,
            "historical_label": row.phase.historical_label,
            "goal": row.phase.goal,
            "percent": row.percent,
            "met": row.met,
            "criteria": len(row.criteria),
            "unevaluated": row.unevaluated,
            "status": row.status,
        }
        for row in phase_rows(today, criteria)
    ]
    indicators = public_indicators()
    dates = [c.latest_date for c in criteria if c.latest_date]
    dates += [row["measured_on"] for row in indicators if row["measured_on"]]
    plan = Plan.current()
    return {
        "plan": plan,
        "phases": phases,
        "indicators": indicators,
        "actions": public_actions(indicators),
        "last_evaluation": max(dates, default=None),
        "last_updated": plan.updated_at if plan else None,
        "today": today,
    }


def public_indicators():
    """Every indicator against its goal, as the public page writes it."""
    rows = []
    for indicator in Indicator.objects.with_latest_measurement().values(
        "action_id",
        "name",
        "unit",
        "goal",
        "goal_text",
        "higher_is_better",
        "check_key",
        "in_plan",
        "latest_date",
        "latest_value",
    ):
        state = compliance.indicator_state(
            indicator["latest_value"],
            indicator["goal"],
            indicator["higher_is_better"],
            measured=indicator["latest_date"] is not None,
        )
        goal = indicator["goal"]
        rows.append(
            {
                "action_id": indicator["action_id"],
                "name": indicator["name"],
                "in_plan": indicator["in_plan"],
                "goal": None if goal is None else measure(goal, indicator["unit"]),
                "higher_is_better": indicator["higher_is_better"],
                "goal_text": indicator["goal_text"],
                "automatic": bool(indicator["check_key"]),
                "value_text": value_text(state, indicator["unit"]),
                "measured": state.measured,
                "measured_on": indicator["latest_date"],
                "date": short_date(indicator["latest_date"]),
                "label": state.label,
                "attainment": None if state.met else state.attainment,
            }
        )
    return rows


def public_actions(indicators):
    """The plan's actions with their indicators and their activities from the plan."""
    actions = list(
        Action.objects.values(
            "pk", "order", "title", "citizen_benefit", "duration", "responsibles", "resources"
        )
    )
    activities = {}
    if actions:
        for activity in Activity.objects.filter(code__isnull=False, action__isnull=False).values(
            "action_id", "description", "owner", "status"
        ):
            status = activity["status"]
            activity["status"] = ACTIVITY_STATUS.get(status, status).lower()
            activities.setdefault(activity["action_id"], []).append(activity)
    by_action = {}
    for row in indicators:
        by_action.setdefault(row["action_id"], []).append(row)
    for action in actions:
        action["responsibles"] = "; ".join(lines(action["responsibles"]))
        action["resources"] = "; ".join(lines(action["resources"]))
        action["indicators"] = by_action.get(action["pk"], [])
        action["activities"] = activities.get(action["pk"], [])
    return actions
