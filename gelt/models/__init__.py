"""Models of the GEL-T plan: phases and criteria, actions and indicators, the committee."""

from .committee import CommitteeMember, LinkedEntity, Meeting
from .plan import (
    Action,
    Activity,
    Criterion,
    Dashboard,
    Evaluation,
    Indicator,
    Measurement,
    Phase,
    Plan,
    Result,
)

__all__ = [
    "Action",
    "Activity",
    "CommitteeMember",
    "Criterion",
    "Dashboard",
    "Evaluation",
    "Indicator",
    "LinkedEntity",
    "Measurement",
    "Meeting",
    "Phase",
    "Plan",
    "Result",
]
