"""
PQRSD figures as plain functions: the staff report, the public report, the open data and the
GEL-T app read them. Each call runs a fixed number of queries, whatever the data size.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth

from portal.models import Office

from .models import OPEN_STATUSES, Channel, Request, RequestStatus, RequestType

ANSWERED_STATUSES = [RequestStatus.ANSWERED, RequestStatus.CLOSED]


@dataclass(frozen=True)
class RequestStats:
    received: int
    answered: int
    answered_on_time: int
    overdue_open: int
    average_response_business_days: float | None
    share_answered_on_time: float | None  # 0–100
    by_type: dict[str, int] = field(default_factory=dict)  # type label → count
    by_office: dict[str, int] = field(default_factory=dict)  # office name → count
    by_month: dict[str, int] = field(default_factory=dict)  # "2026-03" → count
    by_status: dict[str, int] = field(default_factory=dict)  # status label → count
    by_channel: dict[str, int] = field(default_factory=dict)  # channel label → count
    online_share: float | None = None  # % of requests filed on the portal (0–100)


def _filtered(start, end, entity):
    queryset = Request.objects.all()
    if start:
        queryset = queryset.filter(filed_on__gte=start)
    if end:
        queryset = queryset.filter(filed_on__lte=end)
    if entity is not None:
        queryset = queryset.filter(
            Q(office__entity=entity) | Q(office__isnull=True, addressee_entity=entity)
        )
    return queryset


def _totals(queryset, today):
    return queryset.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_on__isnull=False)),
        answered_on_time=Count("pk", filter=Q(answered_on_time=True)),
        overdue_open=Count(
            "pk",
            filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)
            & ~Q(status=RequestStatus.AWAITING_COMPLETION),
        ),
        online=Count("pk", filter=Q(channel=Channel.WEB)),
        average=Avg("response_business_days"),
    )


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def request_stats(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    entity=None,
    today: datetime.date,
) -> RequestStats:
    """Counts, on-time share and average response time of requests filed in [start, end]."""
    queryset = _filtered(start, end, entity)
    totals = _totals(queryset, today)
    type_labels = dict(RequestType.choices)
    status_labels = dict(RequestStatus.choices)
    channel_labels = dict(Channel.choices)

    def grouped(key):
        return queryset.order_by().values(key).annotate(n=Count("pk")).order_by(key)

    by_type = {
        type_labels.get(r["request_type"], r["request_type"]): r["n"]
        for r in grouped("request_type")
    }
    by_status = {status_labels.get(r["status"], r["status"]): r["n"] for r in grouped("status")}
    by_channel = {
        channel_labels.get(r["channel"], r["channel"]): r["n"] for r in grouped("channel")
    }
    # Grouping by the office id (no join over every request), then naming the few offices.
    office_counts = {r["office_id"]: r["n"] for r in grouped("office_id")}
    names = dict(
        Office.objects.filter(pk__in=[pk for pk in office_counts if pk])
        .order_by()
        .values_list("pk", "name")
    )
    by_office = dict(
        sorted(
            ((names.get(pk, "Sin asignar") if pk else "Sin asignar"), n)
            for pk, n in office_counts.items()
        )
    )
    by_month = {
        f"{r['month']:%Y-%m}": r["n"]
        for r in queryset.order_by()
        .annotate(month=TruncMonth("filed_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    }
    average = totals["average"]
    return RequestStats(
        received=totals["received"],
        answered=totals["answered"],
        answered_on_time=totals["answered_on_time"],
        overdue_open=totals["overdue_open"],
        average_response_business_days=round(average, 1) if average is not None else None,
        share_answered_on_time=_share(totals["answered_on_time"], totals["answered"]),
        by_type=by_type,
        by_office=by_office,
        by_month=by_month,
        by_status=by_status,
        by_channel=by_channel,
        online_share=_share(totals["online"], totals["received"]),
    )


@dataclass(frozen=True)
class OfficeRow:
    """One line of the public report: an office of an entity (no personal data)."""

    entity: str
    office: str
    received: int
    answered: int
    answered_on_time: int
    overdue_open: int
    share_answered_on_time: float | None
    average_response_business_days: float | None


OPEN_DATA_COLUMNS = [
    "entidad",
    "dependencia",
    "recibidas",
    "respondidas",
    "respondidas_a_tiempo",
    "vencidas_sin_respuesta",
    "porcentaje_a_tiempo",
    "promedio_dias_habiles_respuesta",
]


def office_rows(
    *, start: datetime.date | None = None, end: datetime.date | None = None, today: datetime.date
) -> list[OfficeRow]:
    """Figures per entity and office, in one query (requests not yet assigned go together)."""
    rows = (
        _filtered(start, end, None)
        .order_by()
        .values("office__entity__name", "office__name", "addressee_entity__name")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            answered_on_time=Count("pk", filter=Q(answered_on_time=True)),
            overdue_open=Count(
                "pk",
                filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)
                & ~Q(status=RequestStatus.AWAITING_COMPLETION),
            ),
            average=Avg("response_business_days"),
        )
        .order_by("office__entity__name", "office__name", "addressee_entity__name")
    )
    result = []
    for row in rows:
        entity = row["office__entity__name"] or row["addressee_entity__name"] or "Sin definir"
        result.append(
            OfficeRow(
                entity=entity,
                office=row["office__name"] or "Por asignar (ventanilla de correspondencia)",
                received=row["received"],
                answered=row["answered"],
                answered_on_time=row["answered_on_time"],
                overdue_open=row["overdue_open"],
                share_answered_on_time=_share(row["answered_on_time"], row["answered"]),
                average_response_business_days=round(row["average"], 1)
                if row["average"] is not None
                else None,
            )
        )
    return result


def open_data_row(row: OfficeRow) -> list:
    return [
        row.entity,
        row.office,
        row.received,
        row.answered,
        row.answered_on_time,
        row.overdue_open,
        "" if row.share_answered_on_time is None else row.share_answered_on_time,
        "" if row.average_response_business_days is None else row.average_response_business_days,
    ]
