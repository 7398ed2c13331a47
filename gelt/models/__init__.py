"""Models of the GEL-T plan: phases and criteria, actions and indicators, the committee."""

from .committee import Administration, CommitteeMember, LinkedEntity, Meeting
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
from .policy import ItaSnapshot, PolicyElement, PolicyMapping

__all__ = [
    "Administration",
    "Action",
    "Activity",
    "CommitteeMember",
    "Criterion",
    "Dashboard",
    "Evaluation",
    "Indicator",
    "ItaSnapshot",
    "LinkedEntity",
    "Measurement",
    "Meeting",
    "Phase",
    "Plan",
    "PolicyElement",
    "PolicyMapping",
    "Result",
]
