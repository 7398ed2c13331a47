"""Querysets that answer "what is the current state", and the models' invariants."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gelt.models import Activity, Criterion, Indicator
from gelt.overview import indicator_progress
from tests.gelt.factories import (
    load_plan,
    make_activity,
    make_evaluation,
    make_measurement,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 1)


def test_with_latest_evaluation_is_one_query_and_takes_the_newest(django_assert_num_queries):
    load_plan()
    make_evaluation("INF-01", date=DAY, result="not_met")
    make_evaluation("INF-01", date=DAY + datetime.timedelta(days=5), result="partial", score=60)
    make_evaluation("INF-02", date=DAY)
    with django_assert_num_queries(1):
        criteria = {c.code: c for c in Criterion.objects.with_latest_evaluation()}
        assert criteria["INF-01"].phase.name == "Fase de Información"
    assert (criteria["INF-01"].latest_result, criteria["INF-01"].latest_score) == (
        "partial",
        Decimal("60.00"),
    )
    assert criteria["INF-01"].latest_date == DAY + datetime.timedelta(days=5)
    assert criteria["INF-02"].latest_result == "met"
    assert criteria["INF-03"].latest_date is None
    assert criteria["INF-03"].latest_has_evidence is None
    # One row per criterion, however many evaluations it has.
    assert len(Criterion.objects.with_latest_evaluation()) == Criterion.objects.count()


def test_with_latest_measurement_is_one_query(django_assert_num_queries):
    load_plan()
    make_measurement("A6-EMPALME", 20, date=DAY)
    make_measurement("A6-EMPALME", 35, date=DAY + datetime.timedelta(days=30))
    with django_assert_num_queries(1):
        indicators = {i.code: i for i in Indicator.objects.with_latest_measurement()}
        assert indicators["A6-EMPALME"].action.order == 6
    assert indicators["A6-EMPALME"].latest_value == Decimal("35.00")
    assert indicators["A1-FREC"].latest_date is None
    assert len(Indicator.objects.with_latest_measurement()) == Indicator.objects.count()


def test_indicator_history_keeps_the_last_points_oldest_first(django_assert_num_queries):
    load_plan()
    for day in range(15):
        make_measurement("A6-EMPALME", day, date=DAY + datetime.timedelta(days=day))
    make_measurement("A1-FREC", 1, date=DAY)
    with django_assert_num_queries(2):
        rows = {row.indicator.code: row for row in indicator_progress(with_history=True)}
    history = [m.value for m in rows["A6-EMPALME"].history]
    assert history == [Decimal(day) for day in range(3, 15)]  # the last 12, oldest first
    assert [m.value for m in rows["A1-FREC"].history] == [Decimal(1)]
    assert rows["A6-EMPALME"].trend == "mejora"


def test_one_evaluation_per_criterion_and_day():
    load_plan()
    make_evaluation("INF-01", date=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_evaluation("INF-01", date=DAY)


def test_weight_and_score_limits_are_enforced_by_the_database():
    load_plan()
    criterion = Criterion.objects.get(code="INF-01")
    criterion.weight = Decimal("1.5")
    with pytest.raises(ValidationError) as error:
        criterion.full_clean()
    assert "El peso debe estar entre 0,01 y 1." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_evaluation("INF-02", score=120)


def test_an_unknown_check_key_is_refused_in_spanish():
    load_plan()
    criterion = Criterion.objects.get(code="INF-01")
    criterion.check_key = "no_existe"
    with pytest.raises(ValidationError) as error:
        criterion.full_clean()
    assert "No existe la verificación «no_existe»" in str(error.value)


def test_evidence_flag_follows_text_link_or_file():
    load_plan()
    assert make_evaluation("INF-01", evidence_text="  ").has_evidence is False
    assert make_evaluation("INF-02", evidence_url="https://example.gov.co/x").has_evidence is True


def test_overdue_activities_exclude_done_and_undated():
    today = datetime.date.today()
    late = make_activity(due_in_days=-1)
    make_activity(due_in_days=-1, status=Activity.Status.DONE)
    make_activity(due_in_days=3)
    make_activity(due_date=None)
    assert list(Activity.objects.overdue(today)) == [late]
