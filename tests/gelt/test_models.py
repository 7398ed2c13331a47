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


def test_activity_owner_is_the_user_then_the_official_then_the_text():
    from tests.portal.factories import make_official, make_staff_user

    user = make_staff_user(username="jplaneacion", email="planeacion@example.org")
    user.first_name, user.last_name = "Julia", "Piaguaje"
    user.save()
    official = make_official(name="Rosa Jamioy", email="rosa@example.org")
    activity = make_activity(owner="Comité GELT")
    assert (activity.owner_name, activity.owner_email) == ("Comité GELT", "")
    activity.owner_official = official
    assert activity.owner_name == "Rosa Jamioy, Profesional universitario"
    assert activity.owner_email == "rosa@example.org"
    activity.owner_user = user
    assert (activity.owner_name, activity.owner_email) == (
        "Julia Piaguaje",
        "planeacion@example.org",
    )
    activity.owner = ""
    activity.owner_user = activity.owner_official = None
    assert activity.owner_name == "sin responsable"


def test_with_owner_reads_owners_without_more_queries(django_assert_num_queries):
    from tests.portal.factories import make_official

    for n in range(5):
        make_activity(owner="", owner_official=make_official(name=f"Servidora {n}"))
    with django_assert_num_queries(1):
        names = [a.owner_name for a in Activity.objects.with_owner()]
    assert len(names) == 5 and all(name.startswith("Servidora") for name in names)


def test_the_current_administration_and_its_period():
    from gelt.models import Administration

    assert Administration.objects.current() is None
    Administration.objects.create(mayor="Anterior", period_start=2020, period_end=2023)
    current = Administration.objects.create(
        mayor="María Fernanda Yela", period_start=2024, period_end=2027
    )
    Administration.objects.create(
        mayor="Sin marcar", period_start=2028, period_end=2031, is_current=False
    )
    assert Administration.objects.current() == current
    assert str(current) == "María Fernanda Yela (2024–2027)"
    backwards = Administration(mayor="Al revés", period_start=2027, period_end=2024)
    with pytest.raises(ValidationError, match="El periodo no puede terminar antes de empezar"):
        backwards.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        backwards.save()


def test_a_criterion_maps_once_to_each_policy_element():
    from gelt.models import PolicyElement, PolicyMapping

    load_plan()
    element = PolicyElement.objects.create(code="GOB", kind="gobernanza", name="Gobernanza")
    criterion = Criterion.objects.get(code="INF-01")
    PolicyMapping.objects.create(criterion=criterion, element=element, ita_item="1.1")
    duplicate = PolicyMapping(criterion=criterion, element=element)
    with pytest.raises(ValidationError, match="Ese criterio ya corresponde a ese elemento"):
        duplicate.full_clean()


def test_a_mapping_names_an_ita_item_that_exists_in_the_menu():
    from gelt.models import PolicyElement, PolicyMapping
    from tests.transparency.factories import make_item

    load_plan()
    make_item("1.10")
    element = PolicyElement.objects.create(code="LIN-SPI", kind="linea", name="Servicios")
    criterion = Criterion.objects.get(code="INT-02")
    PolicyMapping(criterion=criterion, element=element, ita_item=" 1.10 ").full_clean()
    for bad in ["9.99", "1,10", "📄"]:
        with pytest.raises(ValidationError, match="en el menú de Transparencia"):
            PolicyMapping(criterion=criterion, element=element, ita_item=bad).full_clean()
