"""Count the requests filed before the tallies existed (what `rebuild_pqrsd_tallies` does)."""

from django.db import migrations
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

RUNNING = ["radicada", "asignada", "en_tramite", "prorrogada"]
PLACE = ["office_id", "addressee_entity_id"]


def count_requests(apps, schema_editor):
    Request = apps.get_model("pqrsd", "Request")
    MonthlyTally = apps.get_model("pqrsd", "MonthlyTally")
    RunningTermTally = apps.get_model("pqrsd", "RunningTermTally")
    if schema_editor.connection.vendor == "postgresql":
        # No request may change between the count and the end of this transaction.
        schema_editor.execute("LOCK TABLE pqrsd_request IN SHARE ROW EXCLUSIVE MODE")
    MonthlyTally.objects.all().delete()
    RunningTermTally.objects.all().delete()
    requests = Request.objects.order_by()
    MonthlyTally.objects.bulk_create(
        MonthlyTally(**row)
        for row in requests.values(
            *PLACE, "request_type", "status", "channel", month=TruncMonth("filed_on")
        ).annotate(
            requests=Count("pk"),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            answered_on_time=Count("pk", filter=Q(answered_on_time=True)),
            response_days_total=Coalesce(Sum("response_business_days"), 0),
            response_days_count=Count("response_business_days"),
        )
    )
    RunningTermTally.objects.bulk_create(
        RunningTermTally(**row)
        for row in requests.filter(status__in=RUNNING)
        .values(*PLACE, "due_date", month=TruncMonth("filed_on"))
        .annotate(requests=Count("pk"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pqrsd", "0003_request_tallies"),
    ]

    operations = [
        migrations.RunPython(count_requests, migrations.RunPython.noop),
    ]
