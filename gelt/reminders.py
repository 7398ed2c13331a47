"""
E-mail reminders to the owners of committee activities and commitments, through the PQRSD
outbox (`portal.outbox`, sent by the `send_outbox` command).

An owner gets one reminder when the due date is `REMINDER_DAYS` days away or less, and one
notice once it has passed. Moving the due date later makes them due again. `today` is always a
parameter; owners without an e-mail address are reported, not written to.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from portal.outbox import queue_email
from pqrsd.filing import site_url

from .models import Activity

REMINDER_DAYS = 3


@dataclass
class ReminderRun:
    before: int = 0
    overdue: int = 0
    without_email: list = field(default_factory=list)


def needs_before(activity, today, days=REMINDER_DAYS):
    """Due within `days` (not yet passed) and not reminded since the window opened."""
    if activity.due_date is None or not today <= activity.due_date <= today + datetime.timedelta(
        days=days
    ):
        return False
    window_opened = activity.due_date - datetime.timedelta(days=days)
    return activity.reminded_before_on is None or activity.reminded_before_on < window_opened


def needs_overdue(activity, today):
    """Past its due date and not told since it passed."""
    if activity.due_date is None or activity.due_date >= today:
        return False
    return activity.reminded_overdue_on is None or activity.reminded_overdue_on <= activity.due_date


def queue(activity, kind, today):
    """Write the message to the outbox (the sender command sends it)."""
    context = {
        "activity": activity,
        "kind": kind,
        "today": today,
        "url": site_url() + reverse("admin:gelt_activity_change", args=[activity.pk]),
    }
    subject = (
        f"Recordatorio GEL-T: vence el {activity.due_date:%d/%m/%Y}"
        if kind == "before"
        else f"Actividad GEL-T vencida el {activity.due_date:%d/%m/%Y}"
    )
    body = render_to_string("gelt/reminder_email.txt", context)
    queue_email(
        to=activity.owner_email, subject=subject, body=body, reference=f"GEL-T {activity.pk}"
    )


def send_reminders(today, days=REMINDER_DAYS) -> ReminderRun:
    run = ReminderRun()
    candidates = (
        Activity.objects.pending()
        .with_owner()
        .filter(due_date__isnull=False, due_date__lte=today + datetime.timedelta(days=days))
    )
    for activity in candidates:
        if needs_overdue(activity, today):
            kind = "overdue"
        elif needs_before(activity, today, days):
            kind = "before"
        else:
            continue
        if not activity.owner_email:
            run.without_email.append(activity)
            continue
        with transaction.atomic():
            queue(activity, kind, today)
            if kind == "overdue":
                activity.reminded_overdue_on = today
                activity.save(update_fields=["reminded_overdue_on"])
                run.overdue += 1
            else:
                activity.reminded_before_on = today
                activity.save(update_fields=["reminded_before_on"])
                run.before += 1
    return run
