"""The committee's admin forms: Spanish errors instead of 500s, and who did what."""

import datetime

import pytest
from django.utils import timezone

from gelt.models import Activity, Criterion, Evaluation, Meeting
from portal.roles import COMMITTEE_GROUP
from tests.gelt.factories import load_plan, make_evaluation
from tests.portal.factories import make_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(client):
    load_plan()
    user = make_staff_user(groups=(COMMITTEE_GROUP,))
    client.force_login(user)
    return user


def evaluation_form(**overrides):
    data = {
        "criterion": Criterion.objects.get(code="INF-03").pk,
        "date": "2026-11-20",
        "result": "met",
        "score": "100",
        "evidence_text": "Presupuesto 2026 publicado en /documentos/ 🙂",
        "evidence_url": "",
        "reason": "El portal no ve el SUIT 😀",
        "valid_until": "2027-05-20",
    }
    data.update(overrides)
    return data


def test_an_evaluation_is_stamped_with_its_evaluator(client, committee):
    response = client.post("/admin/gelt/evaluation/add/", evaluation_form())
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.evaluator == committee
    assert evaluation.has_evidence is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"score": "150"}, "El puntaje es un porcentaje entre 0 y 100."),
        ({"score": "abc"}, "Ingrese un número."),
        ({"date": "31/02/2026"}, "Ingrese una fecha válida."),
        ({"evidence_url": "no es un enlace"}, "Ingrese una URL válida."),
    ],
)
def test_bad_evaluations_are_refused_in_spanish(client, committee, overrides, message):
    response = client.post("/admin/gelt/evaluation/add/", evaluation_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_second_evaluation_the_same_day_is_refused(client, committee):
    Criterion.objects.filter(code="INF-03").update(check_key="")
    make_evaluation("INF-03", date=datetime.date(2026, 11, 20))
    response = client.post("/admin/gelt/evaluation/add/", evaluation_form())
    assert response.status_code == 200
    assert "Ya hay una evaluación manual de este criterio en esa fecha" in response.content.decode()
    assert Evaluation.objects.count() == 1


def test_weight_out_of_range_is_refused(client, committee):
    criterion = Criterion.objects.get(code="INF-03")
    response = client.post(
        f"/admin/gelt/criterion/{criterion.pk}/change/",
        {
            "phase": criterion.phase_id,
            "code": criterion.code,
            "name": criterion.name,
            "minimum_contents": "",
            "weight": "0",
            "check_key": "no_existe",
            "is_active": "on",
            "order": "1",
            "confidence": "C",
            "source": "",
            "observations": "",
            "evaluations-TOTAL_FORMS": "0",
            "evaluations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "El peso debe estar entre 0,01 y 1." in html
    assert "Escoja una opción válida" in html  # the check key is chosen from a list


def test_meeting_commitments_become_activities_with_owner_and_due_date(client, committee):
    due = timezone.localdate() + datetime.timedelta(days=15)
    response = client.post(
        "/admin/gelt/meeting/add/",
        {
            "starts_at_0": "2026-11-20",
            "starts_at_1": "09:00:00",
            "place": "Despacho del alcalde",
            "agenda": "Seguimiento del plan",
            "guests": "",
            "minutes": "",
            "decisions": "Actualizar el directorio.",
            "commitments-TOTAL_FORMS": "1",
            "commitments-INITIAL_FORMS": "0",
            "commitments-0-description": "Actualizar el directorio de servidores públicos",
            "commitments-0-owner": "Secretaría General",
            "commitments-0-due_date": due.isoformat(),
            "commitments-0-status": "pending",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get(meeting=Meeting.objects.get())
    assert (activity.owner, activity.due_date) == ("Secretaría General", due)


# --- Automatic rows are read-only; manual ones override them, with author, reason, evidence ---


def automatic_evaluation(code="INF-05", day=None):
    from gelt.checks import measure_all

    measure_all(today=day or timezone.localdate())
    return Evaluation.objects.get(
        criterion__code=code, automatic=True, date=day or timezone.localdate()
    )


def test_an_automatic_evaluation_cannot_be_changed_or_deleted(client, committee):
    evaluation = automatic_evaluation()
    url = f"/admin/gelt/evaluation/{evaluation.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # shown read-only
    response = client.post(url, {"result": "met", "score": "100", "evidence_text": "A mano"})
    assert response.status_code == 403
    assert (
        client.post(f"/admin/gelt/evaluation/{evaluation.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    evaluation.refresh_from_db()
    assert evaluation.result == "not_met"  # no sheet is published: the check said so


def test_a_manual_evaluation_overrides_the_automatic_one_and_history_keeps_both(client, committee):
    today = timezone.localdate()
    criterion = Criterion.objects.get(code="INF-05")
    automatic_evaluation()
    page = client.get(f"/admin/gelt/criterion/{criterion.pk}/change/").content.decode()
    assert f"/admin/gelt/evaluation/add/?criterion={criterion.pk}" in page
    add = client.get(f"/admin/gelt/evaluation/add/?criterion={criterion.pk}").content.decode()
    assert f'<option value="{criterion.pk}" selected>INF-05' in add
    form = evaluation_form(
        criterion=criterion.pk,
        date=today.isoformat(),
        result="met",
        score="100",
        reason="Las fichas están en el SUIT y en GOV.CO, que el portal no ve.",
        evidence_url="https://www.suit.gov.co/",
        valid_until=(today + datetime.timedelta(days=90)).isoformat(),
    )
    response = client.post("/admin/gelt/evaluation/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    manual = Evaluation.objects.get(criterion=criterion, automatic=False)
    assert manual.evaluator == committee
    assert Evaluation.objects.filter(criterion=criterion).count() == 2  # history keeps both
    current = Criterion.objects.with_latest_evaluation().get(pk=criterion.pk)
    assert (current.latest_result, current.latest_automatic) == ("met", False)
    # Tomorrow's automatic run does not undo it while it is in force...
    tomorrow = today + datetime.timedelta(days=1)
    automatic_evaluation(day=tomorrow)
    current = Criterion.objects.with_latest_evaluation(tomorrow).get(pk=criterion.pk)
    assert current.latest_automatic is False
    # ...and after its term the automatic check rules again.
    later = today + datetime.timedelta(days=91)
    current = Criterion.objects.with_latest_evaluation(later).get(pk=criterion.pk)
    assert (current.latest_automatic, current.latest_date) == (True, tomorrow)
    listing = client.get("/admin/gelt/criterion/").content.decode()
    assert "Cumple (manual," in listing


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"result": "met", "score": "10"}, "score", "«Cumple» lleva un puntaje de 100."),
        ({"result": "not_met", "score": "40"}, "score", "«No cumple» lleva un puntaje de 0."),
        ({"result": "partial", "score": "100"}, "score", "«Cumple parcialmente» lleva"),
        ({"reason": ""}, "reason", "escriba el motivo por el que el comité lo evalúa a mano"),
        ({"evidence_text": "   "}, "evidence_text", "Una evaluación manual necesita su evidencia"),
        ({"valid_until": "2020-01-01"}, "valid_until", "La vigencia no puede terminar antes"),
        ({"valid_until": ""}, "valid_until", "diga hasta qué fecha vale la evaluación manual"),
    ],
)
def test_a_manual_evaluation_that_does_not_add_up_is_refused_in_spanish(
    client, committee, overrides, field, message
):
    data = evaluation_form(criterion=Criterion.objects.get(code="INF-05").pk, **overrides)
    response = client.post("/admin/gelt/evaluation/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert response.context["adminform"].form.errors[field]
    assert "El portal no ve el SUIT 😀" in html or field == "reason"  # what was typed stays
    assert not Evaluation.objects.exists()


def test_the_database_refuses_a_result_that_disagrees_with_its_score():
    from django.db import IntegrityError, transaction

    from tests.gelt.factories import load_plan

    load_plan()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_evaluation("INF-03", result="met", score=10)


def test_automatic_measurements_are_read_only_and_a_manual_one_needs_a_reason(client, committee):
    from gelt.checks import measure_all
    from gelt.models import Indicator, Measurement

    today = timezone.localdate()
    measure_all(today=today)
    automatic = Measurement.objects.get(indicator__code="A1-FREC", automatic=True)
    url = f"/admin/gelt/measurement/{automatic.pk}/change/"
    assert client.post(url, {"value": "100"}).status_code == 403
    indicator = Indicator.objects.get(code="A1-FREC")
    data = {
        "indicator": indicator.pk,
        "date": today.isoformat(),
        "value": "50",
        "source": "Revisión del comité",
        "reason": "",
        "evidence_text": "Publicaciones en Facebook que el portal no cuenta.",
        "evidence_url": "",
    }
    response = client.post("/admin/gelt/measurement/add/", data)
    assert response.status_code == 200
    assert "escriba el motivo de la medición manual" in response.content.decode()
    data["reason"] = "Se publicó en redes sociales."
    response = client.post("/admin/gelt/measurement/add/", data)
    assert response.status_code == 302
    latest = Indicator.objects.with_latest_measurement().get(pk=indicator.pk)
    assert (latest.latest_value, latest.latest_automatic) == (50, False)
    assert Measurement.objects.filter(indicator=indicator).count() == 2
    assert Measurement.objects.get(automatic=False, indicator=indicator).recorded_by == committee
