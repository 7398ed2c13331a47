"""The public progress page, the committee dashboard, its exports and its documents."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gelt.models import Action, Activity, Criterion, Evaluation, Measurement, Phase
from portal.roles import COMMITTEE_GROUP, EDITORS_GROUP
from tests.gelt.factories import (
    load_plan,
    make_activity,
    make_evaluation,
    make_measurement,
    make_meeting,
    make_member,
    measure,
)
from tests.portal.factories import make_news, make_staff_user

pytestmark = pytest.mark.django_db

PUBLIC = "/gobierno-en-linea/"
DASHBOARD = "/admin/gelt/dashboard/"


@pytest.fixture
def plan():
    load_plan()


@pytest.fixture
def committee(plan):
    return make_staff_user(groups=(COMMITTEE_GROUP,))


@pytest.fixture
def committee_client(client, committee):
    client.force_login(committee)
    return client


def add_history(rounds, start=0):
    """Evaluations and measurements on `rounds` past days, plus overdue activities."""
    today = timezone.localdate()
    criteria = list(Criterion.objects.all())
    for n in range(start, start + rounds):
        day = today - datetime.timedelta(days=n + 1)
        for criterion in criteria:
            make_evaluation(criterion, date=day, result="partial", score=10 + n)
        make_measurement("A6-EMPALME", 10 + n, date=day)
        make_measurement("A1-FREC", n, date=day)
        make_activity(description=f"Compromiso {n}", due_in_days=-(n + 1))
    make_meeting()


class TestPublicPage:
    def test_shows_the_plan_phases_with_seed_deadlines_and_goals(self, client, plan):
        response = client.get(PUBLIC)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<h1>") == 1
        for text in [
            "Fase de Información",
            "1 de noviembre de 2008",
            "1 de junio de 2008",
            "Fase de Democracia",
            "1 de diciembre de 2012",
            "histórico (Decreto 1151 de 2008, derogado)",
            "Para el año 2011 el Municipio de Puerto Guzmán",
            "Procedimientos de actualización del sitio Web",
            "Resolución N° 2336 de 09 de septiembre de 2008",
        ]:
            assert text in html, text
        assert html.count("<td>100 %</td>") == 3
        assert html.count("<td>50 %</td>") == 2

    def test_an_indicator_never_measured_says_so_instead_of_zero(self, client, plan):
        html = client.get(PUBLIC).content.decode()
        assert "sin medición" in html
        assert "todavía no hay evaluaciones" in html

    def test_live_values_after_measuring(self, client, plan):
        make_news()
        make_evaluation("INF-01")
        measure()
        html = client.get(PUBLIC).content.decode()
        today = timezone.localdate()
        assert f'datetime="{today:%Y-%m-%d}"' in html
        assert "0,12 por semana" in html
        assert "10 %" in html  # one of ten criteria of the Información phase
        assert "vencida" in html
        assert '<td>0,12 por semana<br><span class="gelt-muted">automático</span></td>' in html
        assert "(12,0 % de la meta)" in html
        assert (
            'PQRSD respondidas dentro del término legal <span class="gelt-muted">'
            "(complementario)</span></th>"
        ) in html
        assert (
            '<td>15 días como máximo<br><span class="gelt-muted">Máximo 15 días hábiles'
        ) in html
        assert 'aria-label="Fase de Información: 10,0 % de criterios cumplidos, meta 100 %"' in html

    def test_query_count_does_not_grow_with_history(self, client, plan, django_assert_num_queries):
        add_history(1)
        client.get(PUBLIC)  # creates the municipality's row on first use
        with django_assert_num_queries(8):
            assert client.get(PUBLIC).status_code == 200
        add_history(6, start=1)
        with django_assert_num_queries(8):
            assert client.get(PUBLIC).status_code == 200

    def test_actions_show_their_responsibles_indicators_and_plan_activities(self, client, plan):
        make_measurement("A1-FREC", "0.5", date=datetime.date(2026, 3, 7))
        Activity.objects.filter(code__isnull=False).update(status=Activity.Status.IN_PROGRESS)
        make_activity(description="Compromiso de una reunión", action=Action.objects.get(order=1))
        html = client.get(PUBLIC).content.decode()
        assert (
            "<strong>Responsables:</strong> Funcionarios de la Alcaldía, la Personería y el "
            "Concejo.; Comité GELT.</p>"
        ) in html
        assert "<li>Frecuencia de actualización de la página: meta Mínimo una vez" in html
        assert "valor 0,50 por semana (07/03/2026)</li>" in html
        assert '<span class="gelt-muted">(Comité GELT; en curso)</span>' in html
        assert "Compromiso de una reunión" not in html  # not one of the plan's activities

    def test_a_committee_deadline_is_written_out_in_spanish(self, client, plan):
        Phase.objects.filter(order=1).update(committee_deadline=datetime.date(2026, 8, 15))
        html = client.get(PUBLIC).content.decode()
        assert "<br>Fecha meta del comité: 15 de agosto de 2026</td>" in html

    def test_before_the_plan_is_loaded(self, client):
        response = client.get(PUBLIC)
        assert response.status_code == 200
        assert "todavía no se ha cargado" in response.content.decode()

    def test_linked_from_the_footer(self, client, plan):
        assert f'href="{PUBLIC}"' in client.get(PUBLIC).content.decode()


class TestDashboard:
    def test_shows_phases_indicators_activities_meeting_and_missing_evidence(
        self, committee_client
    ):
        make_activity(description="Actualizar el directorio de funcionarios", due_in_days=-2)
        make_meeting(agenda="Aprobar el informe de empalme")
        measure()
        response = committee_client.get(DASHBOARD)
        assert response.status_code == 200
        html = response.content.decode()
        for text in [
            "Tablero del Comité GEL-T",
            "Fase de Transacción",
            "01/12/2010",
            "Actualizar el directorio de funcionarios",
            "Aprobar el informe de empalme",
            "Criterios sin evidencia",
            "Medir ahora",
            '<svg class="gelt-bar"',
            'role="img"',
        ]:
            assert text in html, text

    def test_query_count_does_not_grow_with_history(
        self, committee_client, django_assert_num_queries
    ):
        add_history(1)
        committee_client.get(DASHBOARD)
        with django_assert_num_queries(12):
            assert committee_client.get(DASHBOARD).status_code == 200
        add_history(6, start=1)
        with django_assert_num_queries(12):
            assert committee_client.get(DASHBOARD).status_code == 200

    def test_trend_chart_after_two_measurements(self, committee_client):
        make_measurement("A6-EMPALME", 20, date=timezone.localdate() - datetime.timedelta(days=7))
        make_measurement("A6-EMPALME", 60)
        html = committee_client.get(DASHBOARD).content.decode()
        assert "<polyline" in html
        assert "mejora" in html

    def test_linked_from_the_admin(self, committee_client):
        assert DASHBOARD in committee_client.get("/admin/").content.decode()
        assert DASHBOARD in committee_client.get("/admin/gelt/").content.decode()

    def test_anonymous_goes_to_login(self, client, plan):
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_staff_without_gelt_permission_is_refused(self, client, plan):
        client.force_login(make_staff_user(groups=()))
        assert client.get(DASHBOARD).status_code == 403
        assert client.get(DASHBOARD + "informe/").status_code == 403

    def test_editors_see_it_but_cannot_measure(self, client, plan):
        client.force_login(make_staff_user(groups=(EDITORS_GROUP,)))
        response = client.get(DASHBOARD)
        assert response.status_code == 200
        assert "Medir ahora" not in response.content.decode()
        assert client.post(DASHBOARD + "medir/").status_code == 403
        assert not Measurement.objects.exists()


class TestMeasureButton:
    def test_records_and_reports_then_updates_the_same_day(self, committee_client, committee):
        response = committee_client.post(DASHBOARD + "medir/", follow=True)
        assert response.status_code == 200
        assert "Verificaciones ejecutadas" in response.content.decode()
        count = Measurement.objects.count()
        assert count > 0
        assert Evaluation.objects.filter(evaluator=committee, automatic=True).exists()
        committee_client.post(DASHBOARD + "medir/")
        assert Measurement.objects.count() == count

    def test_get_is_not_allowed(self, committee_client):
        assert committee_client.get(DASHBOARD + "medir/").status_code == 405

    def test_csrf_is_required(self, committee):
        client = Client(enforce_csrf_checks=True)
        client.force_login(committee)
        assert client.post(DASHBOARD + "medir/").status_code == 403
        assert not Measurement.objects.exists()


class TestExports:
    @pytest.mark.parametrize(
        ("kind", "code"), [("evaluaciones", "INF-01"), ("mediciones", "A1-FREC")]
    )
    def test_query_count_does_not_grow_with_history(
        self, committee_client, django_assert_num_queries, kind, code
    ):
        add_history(1)
        url = f"{DASHBOARD}exportar/{kind}.csv"
        committee_client.get(url)
        with django_assert_num_queries(5):
            response = committee_client.get(url)
        assert response.status_code == 200
        assert code in response.content.decode()
        add_history(6, start=1)
        with django_assert_num_queries(5):
            assert committee_client.get(url).status_code == 200

    def test_csv_of_evaluations_has_a_bom_and_spanish_header(self, committee_client):
        make_evaluation("INF-01", evidence_text="Acta 3; con «comillas», y emoji 📄")
        response = committee_client.get(DASHBOARD + "exportar/evaluaciones.csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeffCódigo,Criterio,Fase,Fecha,Resultado")
        assert "INF-01" in text
        assert "emoji 📄" in text

    def test_xlsx_of_measurements_opens(self, committee_client):
        make_measurement("A6-EMPALME", 45)
        make_measurement("A1-FREC", None, date=datetime.date(2026, 1, 5))
        response = committee_client.get(DASHBOARD + "exportar/mediciones.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:4] == ("Código", "Indicador", "Fecha", "Valor")
        assert ("A6-EMPALME", 45) in [(row[0], row[3]) for row in rows[1:]]
        assert len(rows) == 3

    @pytest.mark.parametrize(
        "path", ["exportar/otra.csv", "exportar/mediciones.pdf", "exportar/📄.csv", "exportar/x"]
    )
    def test_unknown_exports_are_404(self, committee_client, path):
        assert committee_client.get(DASHBOARD + path).status_code == 404

    def test_staff_without_permission_cannot_export(self, client, plan):
        client.force_login(make_staff_user(groups=()))
        assert client.get(DASHBOARD + "exportar/evaluaciones.csv").status_code == 403


class TestDocuments:
    @pytest.mark.parametrize(("path", "queries"), [("informe/", 13), ("empalme/", 17)])
    def test_query_count_does_not_grow_with_history(
        self, committee_client, django_assert_num_queries, path, queries
    ):
        add_history(1)
        committee_client.get(DASHBOARD + path)
        with django_assert_num_queries(queries):
            assert committee_client.get(DASHBOARD + path).status_code == 200
        add_history(6, start=1)
        with django_assert_num_queries(queries):
            assert committee_client.get(DASHBOARD + path).status_code == 200

    def test_printable_report(self, committee_client):
        measure()
        response = committee_client.get(DASHBOARD + "informe/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<h1>") == 1
        assert "Informe del Comité GEL-T" in html
        assert "gelt-print" in html

    def test_empalme_document_from_the_data(self, committee_client):
        member = make_member(name="Ana Lucía Rosero")
        held = make_meeting(days_from_now=-10, decisions="Publicar el plan actualizado.")
        held.attendees.add(member)
        make_activity(description="Entregar las claves del portal", due_in_days=20, meeting=held)
        measure()
        response = committee_client.get(DASHBOARD + "empalme/")
        assert response.status_code == 200
        html = response.content.decode()
        for text in [
            "Documento de empalme",
            "Gerardo Antonio Chacón Valderrama",
            "Ana Lucía Rosero",
            "Entregar las claves del portal",
            "Publicar el plan actualizado.",
            "Fase de Democracia",
            "Actividades pendientes (24)",
        ]:
            assert text in html, text


def test_every_gelt_admin_page_opens(committee_client):
    make_meeting()
    make_activity()
    make_evaluation("INF-01")
    make_measurement("A6-EMPALME", 10)
    for model in [
        "plan",
        "phase",
        "criterion",
        "evaluation",
        "action",
        "activity",
        "indicator",
        "measurement",
        "linkedentity",
        "committeemember",
        "meeting",
    ]:
        url = reverse(f"admin:gelt_{model}_changelist")
        assert committee_client.get(url).status_code == 200, url
        assert committee_client.get(reverse(f"admin:gelt_{model}_add")).status_code == 200, url
    assert (
        "Lista provisional de criterios"
        in committee_client.get("/admin/gelt/criterion/").content.decode()
    )
    criterion = Criterion.objects.get(code="INF-01")
    assert committee_client.get(f"/admin/gelt/criterion/{criterion.pk}/change/").status_code == 200
