"""
PQRSD figures as plain functions, the one source for the staff report, the public report, its
open data and the GEL-T checks. Each call runs a fixed number of queries, whatever the data size.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field, fields

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from portal.models import Entity, Office

from .models import Channel, Request, RequestStatus, RequestType, overdue_condition

UNASSIGNED = "Por asignar (ventanilla de correspondencia)"


def _measures(today):
    """What the reports count of a group of requests: the one definition of each figure."""
    return {
        "received": Count("pk"),
        "answered": Count("answered_on"),
        "answered_on_time": Count("pk", filter=Q(answered_on_time=True)),
        "overdue_open": Count("pk", filter=overdue_condition(today)),
        "days_total": Sum("response_business_days", default=0),
        "days_counted": Count("response_business_days"),
    }


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass(kw_only=True)
class Figures:
    """The measures of a set of requests, added up group by group, and what they give."""

    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    overdue_open: int = 0  # open, not paused, past the due date
    days_total: int = 0  # business days the answers took, added up
    days_counted: int = 0  # answers whose business days are known

    def add(self, group):
        """Add the measures of `group`, a row counted with `_measures`."""
        for measure in fields(Figures):
            setattr(self, measure.name, getattr(self, measure.name) + group[measure.name])

    @property
    def due_or_answered(self) -> int:
        """
        The requests the on-time share is judged over: every answered request plus every open
        one whose term has run out. An overdue request without an answer is late, never left
        out. Not counted: open requests still within their term, paused ones (waiting for the
        citizen to complete them) and requests closed without an answer (withdrawn).
        """
        return self.answered + self.overdue_open

    @property
    def share_answered_on_time(self) -> float | None:  # 0–100
        """Answered within the term, among `due_or_answered`: 6 on time of 26 due is 23.1."""
        return _share(self.answered_on_time, self.due_or_answered)

    @property
    def average_response_business_days(self) -> float | None:
        """Business days the answers took, averaged over the `days_counted` answered requests."""
        return round(self.days_total / self.days_counted, 1) if self.days_counted else None


@dataclass(kw_only=True)
class OfficeRow(Figures):
    """One line of the public report: an office of an entity (no personal data)."""

    entity: str
    office: str


@dataclass(kw_only=True)
class RequestStats(Figures):
    by_type: dict[str, int] = field(default_factory=dict)  # type label → count
    by_office: dict[str, int] = field(default_factory=dict)  # office name → count
    by_status: dict[str, int] = field(default_factory=dict)  # status label → count
    by_channel: dict[str, int] = field(default_factory=dict)  # channel label → count
    offices: list[OfficeRow] = field(default_factory=list)  # the public report, line by line

    @property
    def online_share(self) -> float | None:  # % of requests filed on the portal (0–100)
        return _share(self.by_channel.get(Channel.WEB.label, 0), self.received)


def _filed(start, end):
    """Requests filed in [start, end]; None leaves that end open."""
    requests = Request.objects.order_by()
    if start:
        requests = requests.filter(filed_on__gte=start)
    if end:
        requests = requests.filter(filed_on__lte=end)
    return requests


def request_stats(
    *, start: datetime.date | None = None, end: datetime.date | None = None, today: datetime.date
) -> RequestStats:
    """
    Figures of the requests filed in [start, end], by type, office, status and channel, and
    per entity and office name (requests not yet assigned go together, after the offices of
    the entity they are addressed to). One query counts; two more name the offices.
    """
    groups = list(
        _filed(start, end)
        .values("office_id", "addressee_entity_id", "request_type", "status", "channel")
        .annotate(**_measures(today))
    )
    offices = Office.objects.select_related("entity").in_bulk({g["office_id"] for g in groups})
    entities = Entity.objects.in_bulk({g["addressee_entity_id"] for g in groups})
    stats = RequestStats()
    counts = {key: Counter() for key in ("request_type", "status", "channel", "office")}
    lines = {}
    for group in groups:
        stats.add(group)
        office = offices.get(group["office_id"])
        entity = office.entity if office else entities.get(group["addressee_entity_id"])
        group["office"] = office.name if office else "Sin asignar"
        for key, counter in counts.items():
            counter[group[key]] += group["received"]
        place = (entity is None, entity.name if entity else "", office is None, group["office"])
        if place not in lines:
            lines[place] = OfficeRow(
                entity=entity.name if entity else "Sin definir",
                office=office.name if office else UNASSIGNED,
            )
        lines[place].add(group)

    def labelled(key, choices):
        labels = dict(choices)
        return {labels.get(value, value): n for value, n in sorted(counts[key].items())}

    stats.by_type = labelled("request_type", RequestType.choices)
    stats.by_status = labelled("status", RequestStatus.choices)
    stats.by_channel = labelled("channel", Channel.choices)
    stats.by_office = dict(sorted(counts["office"].items()))
    stats.offices = [lines[place] for place in sorted(lines)]
    return stats


def requests_by_month(
    *, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, int]:
    """How many requests were filed in each month of [start, end]: {"2026-03": n}."""
    months = _filed(start, end).values(month=TruncMonth("filed_on")).annotate(n=Count("pk"))
    return {f"{row['month']:%Y-%m}": row["n"] for row in months.order_by("month")}


# The open data of the public report: one (column, OfficeRow attribute) pair per column.
OPEN_DATA = [
    ("entidad", "entity"),
    ("dependencia", "office"),
    ("recibidas", "received"),
    ("respondidas", "answered"),
    ("respondidas_a_tiempo", "answered_on_time"),
    ("vencidas_sin_respuesta", "overdue_open"),
    ("base_porcentaje_a_tiempo", "due_or_answered"),
    ("porcentaje_a_tiempo", "share_answered_on_time"),
    ("respuestas_promediadas", "days_counted"),
    ("promedio_dias_habiles_respuesta", "average_response_business_days"),
]
OPEN_DATA_COLUMNS = [column for column, _ in OPEN_DATA]


def open_data_row(row: OfficeRow) -> list:
    """The values of `row` in the order of OPEN_DATA_COLUMNS ("" where there is no figure)."""
    values = [getattr(row, attribute) for _, attribute in OPEN_DATA]
    return ["" if value is None else value for value in values]
