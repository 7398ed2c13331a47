"""
What the empalme document gathers besides the plan's overview: the administration that hands
over, the PQRSD backlog by office, the information assets registry (7.1.1) and the pending
commitments with their owners. Each function is a fixed number of queries.
"""

from django.db.models import Count

from pqrsd.models import Request, overdue_condition
from transparency.models import InformationAsset

from .models import Activity, Administration

LISTED_ACTIVITIES = 100
NO_OFFICE = "Sin dependencia asignada"


def pqrsd_backlog(today):
    """Open and overdue requests per responsible office, most overdue first (one query)."""
    rows = (
        Request.objects.open()
        .values("office__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_condition(today)))
        .order_by("-overdue", "-open", "office__name")
    )
    return [
        {"office": row["office__name"] or NO_OFFICE, "open": row["open"], "overdue": row["overdue"]}
        for row in rows
    ]


def pending_commitments(today):
    """Pending activities with their owners (user or official), overdue ones flagged."""
    activities = list(
        Activity.objects.pending()
        .with_owner()
        .select_related("action", "meeting")[:LISTED_ACTIVITIES]
    )
    for activity in activities:
        activity.is_overdue = activity.due_date is not None and activity.due_date < today
    return activities


def information_assets():
    """The information assets registry of every entity (Res. 1519 Anexo 2, ítem 7.1.1)."""
    return list(InformationAsset.objects.select_related("entity", "office"))


def handover_context(today):
    pending = pending_commitments(today)
    backlog = pqrsd_backlog(today)
    return {
        "administration": Administration.objects.current(),
        "backlog": backlog,
        "backlog_open": sum(row["open"] for row in backlog),
        "backlog_overdue": sum(row["overdue"] for row in backlog),
        "pending": pending,
        "pending_total": Activity.objects.pending().count(),
        "assets": information_assets(),
    }
