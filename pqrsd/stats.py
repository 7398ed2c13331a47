"""
PQRSD figures as plain functions, the one source for the staff report, the public report, its
open data and the GEL-T checks. Each call runs a fixed number of queries, whatever the data size.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field, fields

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from portal.models import Entity, Office

from .models import (
    REPORT_GROUPS,
    REQUEST_ORDER,
    Channel,
    DenialGround,
    Request,
    RequestStatus,
    RequestType,
    overdue_condition,
)

UNASSIGNED = "Por asignar (ventanilla de correspondencia)"
NO_ENTITY = "Sin definir"


def referred_condition():
    """Requests sent to the competent authority (Ley 1755 art. 21): status or referral date."""
    return Q(status=RequestStatus.REFERRED) | Q(referred_at__isnull=False)


def _measures(today):
    """What the reports count of a group of requests: the one definition of each figure."""
    # answered_late comes before the answered_on_time annotation, which would otherwise shadow
    # the field of that name in its filter.
    return {
        "received": Count("pk"),
        "referred": Count("pk", filter=referred_condition()),
        "answered": Count("answered_on"),
        "answered_late": Count("pk", filter=Q(answered_on_time=False)),
        "answered_on_time": Count("pk", filter=Q(answered_on_time=True)),
        "overdue_open": Count("pk", filter=overdue_condition(today)),
        "denied": Count("pk", filter=~Q(denial_ground="")),
        "days_total": Sum("response_business_days", default=0),
        "days_counted": Count("response_business_days"),
    }


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass(kw_only=True)
class Figures:
    """The measures of a set of requests, added up group by group, and what they give."""

    received: int = 0
    referred: int = 0  # sent to the competent authority (trasladadas)
    answered: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    overdue_open: int = 0  # open, not paused, past the due date
    denied: int = 0  # answers that denied access to information, totally or partly
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
    level = "dependencia"


@dataclass(kw_only=True)
class EntityGroup(Figures):
    """An entity's lines of the public report, and their subtotal (its own figures)."""

    entity: str
    offices: list[OfficeRow] = field(default_factory=list)
    level = "total_entidad"
    office = "Total de la entidad"


@dataclass(kw_only=True)
class RequestStats(Figures):
    entities: list[EntityGroup] = field(default_factory=list)  # `offices`, by entity
    by_denial_ground: dict[str, int] = field(default_factory=dict)  # ground label → count
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
    # Ordered like the index of these columns, so PostgreSQL counts from the index alone.
    groups = list(
        _filed(start, end)
        .values(*REPORT_GROUPS)
        .annotate(**_measures(today))
        .order_by(*REPORT_GROUPS)
    )
    offices = Office.objects.select_related("entity").in_bulk({g["office_id"] for g in groups})
    entities = Entity.objects.in_bulk({g["addressee_entity_id"] for g in groups})
    stats = RequestStats()
    counts = {
        key: Counter() for key in ("request_type", "status", "channel", "office", "denial_ground")
    }
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
                entity=entity.name if entity else NO_ENTITY,
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
    counts["denial_ground"].pop("", None)  # not denied
    stats.by_denial_ground = labelled("denial_ground", DenialGround.choices)
    stats.offices = [lines[place] for place in sorted(lines)]
    stats.entities = by_entity(stats.offices)
    return stats


def by_entity(rows: list[OfficeRow]) -> list[EntityGroup]:
    """
    The rows of each entity under it once, with the entity's subtotal: an entity's offices and
    its requests still to be assigned are lines of one group, never a second entity row.
    """
    groups = {}
    for row in rows:
        group = groups.setdefault(row.entity, EntityGroup(entity=row.entity))
        group.offices.append(row)
        group.add(row.__dict__)
    return list(groups.values())


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
    ("nivel", "level"),
]
OPEN_DATA_COLUMNS = [column for column, _ in OPEN_DATA]


def with_subtotals(stats: RequestStats) -> list[OfficeRow | EntityGroup]:
    """Each entity's office rows followed by the entity's subtotal row (level total_entidad)."""
    return [row for group in stats.entities for row in (*group.offices, group)]


def open_data_row(row: OfficeRow | EntityGroup) -> list:
    """The values of `row` in the order of OPEN_DATA_COLUMNS ("" where there is no figure)."""
    values = [getattr(row, attribute) for _, attribute in OPEN_DATA]
    return ["" if value is None else value for value in values]


# --- The report of Decreto 1081 de 2015, art. 2.1.1.6.2 ---


class Outcome:
    """Where a request stands in the report, in words a citizen reads."""

    ON_TIME = "Respondida a tiempo"
    LATE = "Respondida tarde"
    REFERRED = "Trasladada a la autoridad competente"
    OVERDUE = "Vencida sin respuesta"
    PAUSED = "En espera de información del ciudadano"
    CLOSED = "Cerrada sin respuesta"
    WITHDRAWN = "Terminada por desistimiento tácito"  # art. 17: never "vencida"
    IN_TERM = "En término"


def outcome(*, status, answered_on_time, referred, due_date, today) -> str:
    """One request's outcome: the same rules as the figures (`_measures`)."""
    if referred:
        return Outcome.REFERRED
    if answered_on_time is not None:
        return Outcome.ON_TIME if answered_on_time else Outcome.LATE
    if status == RequestStatus.AWAITING_COMPLETION:
        return Outcome.PAUSED
    if status == RequestStatus.WITHDRAWN:
        return Outcome.WITHDRAWN
    if status in (RequestStatus.CLOSED, RequestStatus.ANSWERED):
        return Outcome.CLOSED
    return Outcome.OVERDUE if due_date < today else Outcome.IN_TERM


@dataclass(kw_only=True)
class RequestLine:
    """One request in the report: its times and outcome, no personal data and no subject."""

    radicado: str
    entity: str
    office: str
    request_type: str
    filed_on: datetime.date
    due_date: datetime.date
    status: str
    outcome: str
    answered_on: datetime.date | None
    response_business_days: int | None
    referred_on: datetime.date | None
    referred_to: str
    denial_ground: str
    denial_partial: bool | None


def request_rows(*, start: datetime.date | None = None, end: datetime.date | None = None):
    """The rows of `request_lines()`: every request filed in [start, end], in filing order."""
    return (
        _filed(start, end)
        .values(
            "radicado",
            "request_type",
            "filed_on",
            "due_date",
            "status",
            "answered_on",
            "answered_on_time",
            "response_business_days",
            "referred_at",
            "referred_to_name",
            "referred_to__name",
            "denial_ground",
            "denial_partial",
            "office__name",
            "office__entity__name",
            "addressee_entity__name",
        )
        .order_by(*REQUEST_ORDER)
    )


def request_pages(
    *, start: datetime.date | None = None, end: datetime.date | None = None, per_page: int
) -> Paginator:
    """
    The requests filed in [start, end], in filing order, `per_page` at a time: counted and
    chosen by their keys alone, from the filing-order index; `page_lines()` reads a page.
    """
    keys = _filed(start, end).order_by(*REQUEST_ORDER).values_list("pk", flat=True)
    return Paginator(keys, per_page)


def page_lines(page: Page, *, today: datetime.date) -> list[RequestLine]:
    """The lines of a page of `request_pages()`, in one query."""
    return request_lines(rows=request_rows().filter(pk__in=page.object_list), today=today)


def request_lines(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    today: datetime.date,
    rows=None,
) -> list[RequestLine]:
    """
    Every request filed in [start, end], or the `rows` given (a page of `request_rows()`), with
    its response time and outcome (one query).
    """
    if rows is None:
        rows = request_rows(start=start, end=end)
    types = dict(RequestType.choices)
    statuses = dict(RequestStatus.choices)
    grounds = dict(DenialGround.choices)
    lines = []
    for row in rows:
        referred = row["status"] == RequestStatus.REFERRED or row["referred_at"] is not None
        lines.append(
            RequestLine(
                radicado=row["radicado"],
                entity=row["office__entity__name"] or row["addressee_entity__name"] or NO_ENTITY,
                office=row["office__name"] or UNASSIGNED,
                request_type=types.get(row["request_type"], row["request_type"]),
                filed_on=row["filed_on"],
                due_date=row["due_date"],
                status=statuses.get(row["status"], row["status"]),
                outcome=outcome(
                    status=row["status"],
                    answered_on_time=row["answered_on_time"],
                    referred=referred,
                    due_date=row["due_date"],
                    today=today,
                ),
                answered_on=row["answered_on"],
                response_business_days=row["response_business_days"],
                referred_on=(
                    timezone.localdate(row["referred_at"]) if row["referred_at"] else None
                ),
                referred_to=(row["referred_to_name"] or row["referred_to__name"] or "")
                if referred
                else "",
                denial_ground=grounds.get(row["denial_ground"], row["denial_ground"]),
                denial_partial=row["denial_partial"] if row["denial_ground"] else None,
            )
        )
    return lines


# The report's open data, one declared list per table: (column, attribute) pairs.
REPORT_DATA = [
    ("entidad", "entity"),
    ("dependencia", "office"),
    ("recibidas", "received"),
    ("trasladadas", "referred"),
    ("respondidas", "answered"),
    ("respondidas_a_tiempo", "answered_on_time"),
    ("respondidas_tarde", "answered_late"),
    ("vencidas_sin_respuesta", "overdue_open"),
    ("acceso_negado", "denied"),
    ("respuestas_promediadas", "days_counted"),
    ("promedio_dias_habiles_respuesta", "average_response_business_days"),
    ("nivel", "level"),
]
REPORT_COLUMNS = [column for column, _ in REPORT_DATA]

REQUEST_DATA = [
    ("radicado", "radicado"),
    ("entidad", "entity"),
    ("dependencia", "office"),
    ("tipo", "request_type"),
    ("fecha_radicacion", "filed_on"),
    ("fecha_limite", "due_date"),
    ("estado", "status"),
    ("resultado", "outcome"),
    ("fecha_respuesta", "answered_on"),
    ("dias_habiles_respuesta", "response_business_days"),
    ("fecha_traslado", "referred_on"),
    ("trasladada_a", "referred_to"),
    ("fundamento_negacion", "denial_ground"),
    ("negacion_parcial", "denial_partial"),
]
REQUEST_COLUMNS = [column for column, _ in REQUEST_DATA]


def data_row(declared, item) -> list:
    """The values of `item` in the order of a declared column list ("" where there is none)."""
    values = [getattr(item, attribute) for _, attribute in declared]
    return [
        "" if value is None else value.isoformat() if isinstance(value, datetime.date) else value
        for value in values
    ]


def data_record(declared, item) -> dict:
    """`data_row()` as a JSON object: each value under its column's name."""
    return dict(zip((column for column, _ in declared), data_row(declared, item), strict=True))
