"""
The committee the 2008 plan names (its members since 9 September 2008) is history, not the
current committee: portals loaded before this change listed the 2008 mayor as a current member
on the public page and in the empalme. The committee registers its current members in the admin.
"""

import datetime

from django.db import migrations

PLAN_COMMITTEE_SINCE = datetime.date(2008, 9, 9)


def plan_committee_is_history(apps, schema_editor):
    CommitteeMember = apps.get_model("gelt", "CommitteeMember")
    CommitteeMember.objects.filter(since=PLAN_COMMITTEE_SINCE, is_active=True).update(
        is_active=False
    )


class Migration(migrations.Migration):
    dependencies = [("gelt", "0003_manual_overrides_and_result_score_agreement")]

    operations = [migrations.RunPython(plan_committee_is_history, migrations.RunPython.noop)]
