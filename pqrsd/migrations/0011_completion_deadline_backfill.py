"""
Requests already waiting for the citizen when the window to complete was added get its last day
(one calendar month from the day after they were asked, pqrsd/completion_terms.py), so the
"desistimiento por declarar" flag sees them too.
"""

from django.db import migrations


def fill_deadlines(apps, schema_editor):
    from pqrsd.completion_terms import completion_deadline, years_for_window
    from pqrsd.deadlines import colombian_holidays

    Request = apps.get_model("pqrsd", "Request")
    NonWorkingDay = apps.get_model("pqrsd", "NonWorkingDay")
    waiting = Request.objects.filter(
        status="por_completar",
        completion_deadline__isnull=True,
        completion_requested_on__isnull=False,
    )
    for request in waiting.iterator():
        years = years_for_window(request.completion_requested_on)
        closed = colombian_holidays(years)
        for day in NonWorkingDay.objects.filter(date__year__in=list(years)):
            closed[day.date] = day.name
        request.completion_deadline = completion_deadline(request.completion_requested_on, closed)
        request.save(update_fields=["completion_deadline"])


class Migration(migrations.Migration):
    dependencies = [
        ("pqrsd", "0010_remove_old_outbox"),
    ]

    operations = [migrations.RunPython(fill_deadlines, migrations.RunPython.noop)]
