"""Migration 0003: old evaluations whose result disagrees with the score follow the score."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("gelt", "0002_phase_targets_owners_policy_administration")
AFTER = ("gelt", "0003_manual_overrides_and_result_score_agreement")


@pytest.mark.django_db(transaction=True)
def test_results_follow_their_scores_before_the_constraint():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    phase = old.get_model("gelt", "Phase").objects.create(
        order=1,
        name="Información",
        deadline_national=datetime.date(2008, 6, 1),
        deadline_territorial=datetime.date(2008, 11, 1),
        goal=100,
    )
    Criterion = old.get_model("gelt", "Criterion")
    Evaluation = old.get_model("gelt", "Evaluation")
    rows = {"met": ("met", 10), "partial": ("partial", 100), "zero": ("partial", 0)}
    for code, (result, score) in rows.items():
        criterion = Criterion.objects.create(phase=phase, code=code, name=code)
        Evaluation.objects.create(
            criterion=criterion, date=datetime.date(2026, 1, 5), result=result, score=score
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    results = dict(
        new.get_model("gelt", "Evaluation").objects.values_list("criterion__code", "result")
    )
    assert results == {"met": "partial", "partial": "met", "zero": "not_met"}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
