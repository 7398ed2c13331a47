"""load_gelt_plan ships the seed document's data; measure_gelt stores one row per day."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from gelt.models import (
    Action,
    Activity,
    CommitteeMember,
    Criterion,
    Evaluation,
    Indicator,
    Measurement,
    Phase,
    Plan,
)
from tests.gelt.factories import load_plan, make_evaluation, make_measurement, measure

pytestmark = pytest.mark.django_db

SEED_PHASES = [
    # order, name, national deadline, territorial deadline, goal: as the plan's table gives them.
    (1, "Fase de Información", datetime.date(2008, 6, 1), datetime.date(2008, 11, 1), 100),
    (2, "Fase de Interacción", datetime.date(2008, 12, 1), datetime.date(2009, 12, 1), 100),
    (3, "Fase de Transacción", datetime.date(2009, 12, 1), datetime.date(2010, 12, 1), 100),
    (4, "Fase de Transformación", datetime.date(2010, 6, 1), datetime.date(2011, 12, 1), 50),
    (5, "Fase de Democracia", datetime.date(2010, 12, 1), datetime.date(2012, 12, 1), 50),
]


def test_phases_have_the_seed_deadlines_and_goals_labelled_historical():
    load_plan()
    rows = list(
        Phase.objects.values_list(
            "order", "name", "deadline_national", "deadline_territorial", "goal"
        )
    )
    assert rows == SEED_PHASES
    assert set(Phase.objects.values_list("historical_label", flat=True)) == {
        "histórico (Decreto 1151 de 2008, derogado)"
    }


def test_plan_texts_actions_and_committee_leader():
    load_plan()
    plan = Plan.current()
    assert plan.vision.startswith("Para el año 2011 el Municipio de Puerto Guzmán")
    assert len(plan.specific_objective_list()) == 5
    assert len(plan.line_of_action_list()) == 8
    assert plan.committee_resolution == "Resolución N° 2336 de 09 de septiembre de 2008"
    assert plan.committee_created_on == datetime.date(2008, 9, 9)
    assert Action.objects.count() == 6
    assert Action.objects.get(order=6).duration == "Tres meses"
    leader = CommitteeMember.objects.get()
    assert leader.name == "Gerardo Antonio Chacón Valderrama"
    assert leader.committee_role == "Líder del Comité GEL-T"
    goals = dict(Indicator.objects.values_list("code", "goal"))
    assert (goals["A2-LOCAL"], goals["A2-DEPTO"], goals["A2-NAL"]) == (4, 2, 1)
    assert goals["A1-FREC"] == 100  # % of weeks with at least one update


def test_criteria_are_shipped_as_provisional():
    load_plan()
    assert Criterion.objects.count() == 33
    assert not Criterion.objects.filter(official=True).exists()
    assert set(Criterion.objects.values_list("confidence", flat=True)) == {"C"}
    assert "no se pudieron consultar" in Criterion.objects.get(code="INF-01").observations


def test_loading_twice_keeps_committee_work():
    """Evaluations, measurements and the committee's edits survive a reload."""
    load_plan()
    criterion = Criterion.objects.get(code="INF-02")
    criterion.weight = Decimal("0.5")
    criterion.save()
    activity = Activity.objects.get(code="A1.1")
    activity.status = Activity.Status.DONE
    activity.due_date = datetime.date(2026, 12, 1)
    activity.save()
    phase = Phase.objects.get(order=1)
    phase.committee_deadline = datetime.date(2027, 6, 30)
    phase.save()
    make_evaluation("INF-02")
    make_measurement("A6-EMPALME", 40)

    load_plan()

    assert Phase.objects.count() == 5
    assert Criterion.objects.count() == 33
    assert Activity.objects.filter(code__isnull=False).count() == 23
    assert Criterion.objects.get(code="INF-02").weight == Decimal("0.5")
    activity.refresh_from_db()
    assert (activity.status, activity.due_date) == ("done", datetime.date(2026, 12, 1))
    assert Phase.objects.get(order=1).committee_deadline == datetime.date(2027, 6, 30)
    assert Evaluation.objects.count() == 1
    assert Measurement.objects.count() == 1


def test_measure_with_only_the_plan_explains_missing_data():
    load_plan()
    out = io.StringIO()
    call_command("measure_gelt", stdout=out)
    frequency = Measurement.objects.get(indicator__code="A1-FREC")
    assert frequency.value == 0
    assert "No hay contenido publicado" in frequency.evidence_text
    on_time = Measurement.objects.get(indicator__code="C-PQRSD-TIEMPO")
    assert on_time.value is None
    assert "Ninguna PQRSD" in on_time.evidence_text
    assert Measurement.objects.get(indicator__code="A2-LOCAL").value == 0
    empalme = Measurement.objects.get(indicator__code="A6-EMPALME")
    assert empalme.value is None or empalme.automatic  # measured from the committee's data
    assert "registradas" in out.getvalue()


def test_measuring_twice_a_day_updates_instead_of_duplicating():
    load_plan()
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC)):
        measure()
        first = (Evaluation.objects.count(), Measurement.objects.count())
        measure()
        assert (Evaluation.objects.count(), Measurement.objects.count()) == first
    with time_machine.travel(datetime.datetime(2026, 11, 25, 15, tzinfo=datetime.UTC)):
        measure()
    assert Measurement.objects.count() == 2 * first[1]
    assert Measurement.objects.filter(indicator__code="A1-FREC").count() == 2


def test_measuring_never_replaces_a_manual_row_of_the_same_day():
    load_plan()
    manual = make_evaluation("INT-02", result="partial", score=70)
    measure()
    manual.refresh_from_db()
    assert (manual.result, manual.score, manual.automatic) == ("partial", 70, False)
    # History keeps both: the automatic evaluation is stored beside it, and the manual one
    # stays the criterion's current state.
    assert Evaluation.objects.filter(criterion__code="INT-02").count() == 2
    from gelt.models import Criterion

    current = Criterion.objects.with_latest_evaluation().get(code="INT-02")
    assert (current.latest_result, current.latest_automatic) == ("partial", False)


def test_demo_committee_work_is_idempotent_and_feeds_the_checks():
    load_plan()
    call_command("seed_demo_gelt", stdout=io.StringIO())
    call_command("seed_demo_gelt", stdout=io.StringIO())
    from gelt.models import LinkedEntity, Meeting

    assert LinkedEntity.objects.count() == 4
    assert Meeting.objects.count() == 2
    assert Evaluation.objects.filter(criterion__code="INF-09").count() == 1
    measure()
    assert Measurement.objects.get(indicator__code="A2-LOCAL").value == 2
    assert Measurement.objects.get(indicator__code="A2-NAL").value == 1


def test_demo_has_an_administration_a_committee_target_and_owners_from_the_directory():
    from gelt.models import Administration
    from tests.portal.factories import make_official

    load_plan()
    mayor = make_official(name="Alcalde de Prueba (demo)", position="Alcalde Municipal")
    call_command("seed_demo_gelt", stdout=io.StringIO())
    call_command("seed_demo_gelt", stdout=io.StringIO())
    assert Administration.objects.get().mayor == "Alcalde de Prueba (demo)"
    phase = Phase.objects.get(order=1)
    assert phase.committee_deadline > datetime.date.today()
    assert "(demo)" in phase.committee_deadline_reason
    owners = {a.owner_official for a in Activity.objects.filter(meeting__isnull=False)}
    assert owners == {mayor}


# --- load_gelt_policy: the current Gobierno Digital policy and the crosswalk -----------------


def load_policy(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_gelt_policy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_policy_loads_every_element_of_decreto_767_and_a_row_per_criterion():
    from gelt.models import PolicyElement, PolicyMapping

    load_plan()
    load_policy()
    kinds = set(PolicyElement.objects.values_list("kind", flat=True))
    assert kinds == {"gobernanza", "innovacion", "habilitador", "linea", "iniciativa"}
    habilitadores = set(
        PolicyElement.objects.filter(kind="habilitador").values_list("name", flat=True)
    )
    assert "Cultura y apropiación" in habilitadores  # new in 2022
    assert all(e.source and e.confidence for e in PolicyElement.objects.all())
    mapped = set(PolicyMapping.objects.values_list("criterion__code", flat=True))
    assert mapped == set(Criterion.objects.values_list("code", flat=True))
    pqr = PolicyMapping.objects.get(criterion__code="INT-02", ita_item="1.10")
    assert pqr.element.code == "LIN-SPI" and pqr.confidence == "C" and pqr.source


def test_policy_load_is_idempotent_and_keeps_what_the_committee_edited():
    from gelt.models import PolicyElement, PolicyMapping

    load_plan()
    load_policy()
    counts = PolicyElement.objects.count(), PolicyMapping.objects.count()
    PolicyElement.objects.filter(code="HAB-CUL").update(name="Cultura digital (MinTIC 2026)")
    PolicyMapping.objects.filter(criterion__code="INF-01").update(ita_item="1.2")
    out, _ = load_policy()
    assert "0 filas nuevas" in out
    assert (PolicyElement.objects.count(), PolicyMapping.objects.count()) == counts
    assert PolicyElement.objects.get(code="HAB-CUL").name == "Cultura digital (MinTIC 2026)"
    assert PolicyMapping.objects.get(criterion__code="INF-01").ita_item == "1.2"
    load_policy("--actualizar")
    assert PolicyElement.objects.get(code="HAB-CUL").name == "Cultura y apropiación"
    assert PolicyMapping.objects.get(criterion__code="INF-01").ita_item == "1.1"


def test_policy_needs_the_plan_first():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_gelt_plan"):
        load_policy()


def test_the_2008_committee_is_loaded_as_history_not_as_current_members():
    load_plan()
    assert CommitteeMember.objects.exists()
    assert not CommitteeMember.objects.active().exists()


# --- send_gelt_reminders: owners hear before the due date and when it passes -----------------


def remind():
    out, err = io.StringIO(), io.StringIO()
    call_command("send_gelt_reminders", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_owners_get_one_reminder_before_and_one_when_overdue(
    mailoutbox, django_capture_on_commit_callbacks
):
    from gelt.reminders import REMINDER_DAYS
    from portal.models import OutboundEmail
    from tests.gelt.factories import make_activity
    from tests.portal.factories import make_official, make_staff_user

    user = make_staff_user(username="planeacion", email="planeacion@example.org")
    official = make_official(name="Rosa Jamioy", email="rosa@example.org")
    soon = make_activity(description="Publicar el plan", due_in_days=REMINDER_DAYS, owner="")
    soon.owner_user = user
    soon.save()
    late = make_activity(description="Entregar el acta", due_in_days=-1, owner="")
    late.owner_official = official
    late.save()
    far = make_activity(description="Lejana", due_in_days=30, owner_official=official)
    done = make_activity(description="Hecha", due_in_days=-5, owner_official=official)
    done.status = Activity.Status.DONE
    done.save()
    text_only = make_activity(description="Sin correo", due_in_days=-2)  # free-text owner

    with django_capture_on_commit_callbacks(execute=True):
        out, err = remind()
    assert "1 antes de la fecha límite, 1 por vencimiento" in out
    assert "Sin correo para avisar a «Secretaría de Planeación»" in err
    emails = {e.to: e for e in OutboundEmail.objects.all()}
    assert set(emails) == {"planeacion@example.org", "rosa@example.org"}
    assert emails["planeacion@example.org"].subject.startswith("Recordatorio GEL-T: vence el")
    assert "Publicar el plan" in emails["planeacion@example.org"].body
    assert "Actividad GEL-T vencida" in emails["rosa@example.org"].subject
    assert "Rosa Jamioy" in emails["rosa@example.org"].body
    assert f"/admin/gelt/activity/{late.pk}/change/" in emails["rosa@example.org"].body
    assert mailoutbox == []  # only queued; the outbox's sender sends them
    call_command("send_outbox", stdout=io.StringIO())
    assert {m.to[0] for m in mailoutbox} == set(emails)
    for activity in (far, done, text_only):
        activity.refresh_from_db()
        assert activity.reminded_before_on is None and activity.reminded_overdue_on is None

    remind()  # the next day's run does not repeat them
    assert OutboundEmail.objects.count() == 2


def test_moving_the_due_date_later_makes_the_reminders_due_again():
    from gelt.reminders import needs_before, needs_overdue
    from tests.gelt.factories import make_activity

    today = datetime.date(2026, 5, 10)
    activity = make_activity(due_in_days=0)
    activity.due_date = datetime.date(2026, 5, 12)
    activity.reminded_before_on = datetime.date(2026, 5, 9)
    assert not needs_before(activity, today)
    activity.due_date = datetime.date(2026, 5, 30)  # postponed
    assert not needs_before(activity, datetime.date(2026, 5, 20))  # not yet in the window
    assert needs_before(activity, datetime.date(2026, 5, 28))
    activity.due_date = datetime.date(2026, 5, 8)
    activity.reminded_overdue_on = datetime.date(2026, 5, 9)
    assert not needs_overdue(activity, today)
    activity.due_date = datetime.date(2026, 5, 9)  # moved to the day after the notice
    assert not needs_overdue(activity, datetime.date(2026, 5, 9))
    assert needs_overdue(activity, today)


def test_migration_makes_the_2008_committee_history_in_portals_loaded_before():
    from importlib import import_module

    from django.apps import apps

    from tests.gelt.factories import make_member

    old = make_member(name="Gerardo Antonio Chacón Valderrama", since=datetime.date(2008, 9, 9))
    current = make_member(name="Ana Lucía Rosero", since=datetime.date(2024, 1, 15))
    migration = import_module("gelt.migrations.0004_plan_committee_is_history")
    migration.plan_committee_is_history(apps, None)
    assert list(CommitteeMember.objects.active()) == [current]
    old.refresh_from_db()
    assert not old.is_active
