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
    make_evaluation("INF-03", date=datetime.date(2026, 11, 20))
    response = client.post("/admin/gelt/evaluation/add/", evaluation_form())
    assert response.status_code == 200
    assert "Ya hay una evaluación de este criterio en esa fecha" in response.content.decode()
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
