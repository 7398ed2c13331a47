"""pqrsd 0011: requests already waiting for the citizen get their last day to complete."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("pqrsd", "0010_remove_old_outbox")]
AFTER = [("pqrsd", "0011_completion_deadline_backfill")]


@pytest.mark.django_db(transaction=True)
def test_waiting_requests_get_the_window_with_holidays_and_closures():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Request = old.get_model("pqrsd", "Request")
    NonWorkingDay = old.get_model("pqrsd", "NonWorkingDay")
    NonWorkingDay.objects.create(date=datetime.date(2026, 6, 12), name="Cierre", act="Decreto 1")
    filed = datetime.date(2026, 5, 4)

    def make(number, status, requested_on):
        return Request.objects.create(
            year=2026,
            number=number,
            radicado=f"2026-{number:06d}",
            request_type="peticion",
            subject="Vía",
            description="Texto",
            tracking_code_hash="0" * 64,
            filed_at=timezone.now(),
            filed_on=filed,
            received_on=filed,
            term_days=15,
            original_due_date=filed,
            due_date=filed,
            status=status,
            completion_requested_on=requested_on,
        )

    waiting = make(1, "por_completar", datetime.date(2026, 5, 11))
    answered = make(2, "respondida", datetime.date(2026, 5, 11))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("pqrsd", "Request")
    # Ends Friday 12/06 (a municipal closure) → Monday 15/06 (a holiday) → Tuesday 16/06.
    assert new.objects.get(pk=waiting.pk).completion_deadline == datetime.date(2026, 6, 16)
    assert new.objects.get(pk=answered.pk).completion_deadline is None

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
