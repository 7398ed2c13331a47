"""
PQRSD figures as plain functions: the staff report, the public report, the open data and the
GEL-T app read them. Each call runs a fixed number of queries, whatever the data size.

A period of whole months (a year, or all time: every report) is counted from MonthlyTally and
RunningTermTally, which database triggers change with every change to a request, so reading
them costs the same with a thousand requests or a million. Any other period (GEL-T's rolling
window) is counted from the requests themselves. Both ways give the same figures; the tests
compare them after every kind of change.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth

from portal.models import Entity, Office

from .models import (
    RUNNING_TERM_STATUSES,
    Channel,
    MonthlyTally,
    Request,
    RequestStatus,
    RequestType,
    RunningTermTally,
)

ANSWERED_STATUSES = [RequestStatus.ANSWERED, RequestStatus.CLOSED]
MEASURES = [
    "requests",
    "answered",
    "answered_on_time",
    "response_days_total",
    "response_days_count",
]
# MonthlyTally's measures, counted from requests.
REQUEST_MEASURES = {
    "requests": Count("pk"),
    "answered": Count("pk", filter=Q(answered_on__isnull=False)),
    "answered_on_time": Count("pk", filter=Q(answered_on_time=True)),
    "response_days_total": Coalesce(Sum("response_business_days"), 0),
    "response_days_count": Count("response_business_days"),
}
TALLY_MEASURES = {name: Sum(name) for name in MEASURES}


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


@dataclass(frozen=True)
class _Source:
    """What to count for a period, and how: tallies (whole months) or requests."""

    filed: QuerySet  # tallies or requests filed in the period
    measures: dict[str, Aggregate]  # MEASURES over `filed`
    month: Expression  # the month a row of `filed` was filed in
    overdue: QuerySet  # tallies or requests filed in the period, open and past due
    overdue_count: Aggregate


def _whole_months(start, end):
    """Whether [start, end] runs from a first to a last day of a month (None: unbounded)."""
    return (start is None or start.day == 1) and (
        end is None or end.day == calendar.monthrange(end.year, end.month)[1]
    )


def _in_period(queryset, date_field, start, end, entity):
    if start:
        queryset = queryset.filter(**{f"{date_field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{date_field}__lte": end})
    if entity is not None:
        queryset = queryset.filter(
            Q(office__entity=entity) | Q(office__isnull=True, addressee_entity=entity)
        )
    return queryset


def _source(start, end, entity, today) -> _Source:
    if _whole_months(start, end):
        return _Source(
            filed=_in_period(MonthlyTally.objects.all(), "month", start, end, entity),
            measures=TALLY_MEASURES,
            month=F("month"),
            overdue=_in_period(
                RunningTermTally.objects.filter(due_date__lt=today), "month", start, end, entity
            ),
            overdue_count=Sum("requests"),
        )
    requests = _in_period(Request.objects.all(), "filed_on", start, end, entity)
    return _Source(
        filed=requests,
        measures=REQUEST_MEASURES,
        month=TruncMonth("filed_on"),
        overdue=requests.overdue(today),
        overdue_count=Count("pk"),
    )


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _average(total, count):
    return round(total / count, 1) if count else None


def request_stats(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    entity=None,
    today: datetime.date,
) -> RequestStats:
    """Counts, on-time share and average response time of requests filed in [start, end]."""
    source = _source(start, end, entity, today)
    requests = source.measures["requests"]

    # One query for every breakdown but the monthly one: the groups of office, type, status
    # and channel are few (their product, whatever the number of requests or months).
    groups = list(
        source.filed.order_by()
        .values("office_id", "office__name", "request_type", "status", "channel")
        .annotate(**source.measures)
    )
    totals = {name: sum(group[name] for group in groups) for name in MEASURES}

    def requests_by(key):
        sums = {}
        for group in groups:
            sums[group[key]] = sums.get(group[key], 0) + group["requests"]
        return sums

    def labelled(sums, labels):
        return {labels.get(value, value): n for value, n in sorted(sums.items())}

    office_names = {group["office_id"]: group["office__name"] for group in groups}

    channels = requests_by("channel")
    overdue = source.overdue.order_by().aggregate(n=source.overdue_count)["n"]
    return RequestStats(
        received=totals["requests"],
        answered=totals["answered"],
        answered_on_time=totals["answered_on_time"],
        overdue_open=overdue or 0,
        average_response_business_days=_average(
            totals["response_days_total"], totals["response_days_count"]
        ),
        share_answered_on_time=_share(totals["answered_on_time"], totals["answered"]),
        by_type=labelled(requests_by("request_type"), dict(RequestType.choices)),
        by_office=dict(
            sorted(
                (office_names[office] or "Sin asignar", n)
                for office, n in requests_by("office_id").items()
            )
        ),
        by_month={
            f"{r['filed_month']:%Y-%m}": r["n"]
            for r in source.filed.order_by()
            .annotate(filed_month=source.month)
            .values("filed_month")
            .annotate(n=requests)
            .order_by("filed_month")
        },
        by_status=labelled(requests_by("status"), dict(RequestStatus.choices)),
        by_channel=labelled(channels, dict(Channel.choices)),
        online_share=_share(channels.get(Channel.WEB, 0), totals["requests"]),
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


OFFICE_ROW_NAMES = ["office_entity_name", "office_name", "addressee_entity_name"]


def _name_of(queryset, place, field="name"):
    return Subquery(queryset.filter(pk=OuterRef(place)).order_by().values(field)[:1])


def office_rows(
    *, start: datetime.date | None = None, end: datetime.date | None = None, today: datetime.date
) -> list[OfficeRow]:
    """Figures per entity and office (requests not yet assigned go together), in two queries."""
    source = _source(start, end, None, today)
    place = ["office_id", "addressee_entity_id"]
    names = OFFICE_ROW_NAMES
    # Grouped by ids only, then named: grouping by the names too made PostgreSQL sort every
    # tally row by text before adding them up.
    rows = (
        source.filed.order_by()
        .values(*place)
        .annotate(**source.measures)
        .annotate(
            office_entity_name=_name_of(Office.objects.all(), "office_id", "entity__name"),
            office_name=_name_of(Office.objects.all(), "office_id"),
            addressee_entity_name=_name_of(Entity.objects.all(), "addressee_entity_id"),
        )
        .order_by(*names, *place)
    )
    overdue = {
        (row["office_id"], row["addressee_entity_id"]): row["n"]
        for row in source.overdue.order_by().values(*place).annotate(n=source.overdue_count)
    }
    # One line per name: offices (or entities) that share a name are added together.
    lines = {}
    for row in rows:
        line = lines.setdefault(tuple(row[name] for name in names), dict.fromkeys(MEASURES, 0))
        for measure in MEASURES:
            line[measure] += row[measure]
        line["overdue"] = line.get("overdue", 0) + overdue.get(
            (row["office_id"], row["addressee_entity_id"]), 0
        )
    return [
        OfficeRow(
            entity=entity_name or addressee_name or "Sin definir",
            office=office_name or "Por asignar (ventanilla de correspondencia)",
            received=line["requests"],
            answered=line["answered"],
            answered_on_time=line["answered_on_time"],
            overdue_open=line["overdue"],
            share_answered_on_time=_share(line["answered_on_time"], line["answered"]),
            average_response_business_days=_average(
                line["response_days_total"], line["response_days_count"]
            ),
        )
        for (entity_name, office_name, addressee_name), line in lines.items()
    ]


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


# --- Keeping the tallies ---

MONTHLY_KEY = ["month", "office_id", "addressee_entity_id", "request_type", "status", "channel"]
RUNNING_KEY = ["month", "office_id", "addressee_entity_id", "due_date"]


def _recount():
    """What MonthlyTally and RunningTermTally should hold, counted from the requests."""
    requests = Request.objects.order_by()
    month = TruncMonth("filed_on")
    monthly = requests.values(*MONTHLY_KEY[1:], month=month).annotate(**REQUEST_MEASURES)
    running = (
        requests.filter(status__in=RUNNING_TERM_STATUSES)
        .values(*RUNNING_KEY[1:], month=month)
        .annotate(requests=Count("pk"))
    )
    return list(monthly), list(running)


def _lock_requests():
    """On PostgreSQL, hold every change to a request until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Request._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


@transaction.atomic
def rebuild_tallies() -> tuple[int, int]:
    """Recount both tallies from the requests; returns how many rows each one has now."""
    _lock_requests()
    # Deleting first also takes SQLite's write lock before the requests are read.
    MonthlyTally.objects.all().delete()
    RunningTermTally.objects.all().delete()
    monthly, running = _recount()
    MonthlyTally.objects.bulk_create(MonthlyTally(**row) for row in monthly)
    RunningTermTally.objects.bulk_create(RunningTermTally(**row) for row in running)
    return len(monthly), len(running)


def _keyed(rows, key, measures):
    return {tuple(row[k] for k in key): tuple(row[m] for m in measures) for row in rows}


@transaction.atomic
def tally_differences() -> list[str]:
    """The tally rows that differ from a recount of the requests (none when in step)."""
    _lock_requests()
    monthly, running = _recount()
    differences = []
    for model, counted, key, measures in (
        (MonthlyTally, monthly, MONTHLY_KEY, MEASURES),
        (RunningTermTally, running, RUNNING_KEY, ["requests"]),
    ):
        expected = _keyed(counted, key, measures)
        stored = _keyed(model.objects.values(*key, *measures), key, measures)
        for place in sorted(expected.keys() | stored.keys(), key=str):
            if expected.get(place) != stored.get(place):
                has, should = (
                    dict(zip(measures, values, strict=True)) if values else "ninguna fila"
                    for values in (stored.get(place), expected.get(place))
                )
                differences.append(
                    f"{model._meta.verbose_name} {dict(zip(key, place, strict=True))}: "
                    f"guarda {has}; las solicitudes dan {should}."
                )
    return differences
