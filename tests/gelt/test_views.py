"""The public progress page, the committee dashboard, its exports and its documents."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gelt.ita import store_snapshots
from gelt.models import Action, Activity, Criterion, Evaluation, Measurement, Phase
from portal.roles import COMMITTEE_GROUP, EDITORS_GROUP
from tests.gelt.factories import (
    load_plan,
    load_policy,
    make_activity,
    make_evaluation,
    make_measurement,
    make_meeting,
    make_member,
    measure,
)
from tests.portal.factories import make_news, make_official, make_staff_user
from transparency.stats import load_menu

pytestmark = pytest.mark.django_db

PUBLIC = "/gobierno-en-linea/"
DASHBOARD = "/admin/gelt/dashboard/"


@pytest.fixture
def plan():
    load_plan()
    load_policy()


@pytest.fixture
def menu():
    """The institution's entities and their transparency menus, as `make setup` loads them."""
    for command in ["load_institution", "load_transparency_menu"]:
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def committee(plan):
    return make_staff_user(groups=(COMMITTEE_GROUP,))


@pytest.fixture
def committee_client(client, committee):
    client.force_login(committee)
    return client


def menu_queries():
    """
    The queries of reading the state of every transparency menu (transparency's own fixed
    number, whatever the amount of data), which the ITA self-assessment adds to a GEL-T page.
    """
    with CaptureQueriesContext(connection) as context:
        load_menu(timezone.localdate(), entries=False)
    return len(context.captured_queries)


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
        make_activity(
            description=f"Compromiso {n}",
            due_in_days=-(n + 1),
            owner="",
            owner_official=make_official(name=f"Responsable {n}"),
        )
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
        assert "12,5 %" in html  # one week of eight had a publication
        # Every criterion of the Información phase is now evaluated (INF-01 by hand, the rest
        # by their automatic checks): its percentage is the one the overview computes.
        from gelt.overview import phase_progress

        information = phase_progress(today)[0]
        assert information.unevaluated == 0
        assert f"{information.percent} %".replace(".", ",") in html
        assert "vencida" in html
        assert '<td>12,5 %<br><span class="gelt-muted">automático</span></td>' in html
        assert "(12,5 % de la meta)" in html
        assert (
            'PQRSD respondidas dentro del término legal <span class="gelt-muted">'
            "(complementario)</span></th>"
        ) in html
        assert (
            '<td>15 días como máximo<br><span class="gelt-muted">Máximo 15 días hábiles'
        ) in html
        label = f"{information.percent} % de criterios cumplidos".replace(".", ",")
        assert f'aria-label="Fase de Información: {label}, meta 100 %"' in html

    def test_query_count_does_not_grow_with_history(
        self, client, plan, menu, django_assert_num_queries
    ):
        add_history(1)
        make_member(name="Miembro 1")
        client.get(PUBLIC)  # creates the municipality's row on first use
        # The page reads no entity's whole menu: the ITA figures are the measured snapshots
        # (one query with the entities) and the crosswalk reads only the mapped items.
        queries = 19
        assert queries < 11 + menu_queries()
        with django_assert_num_queries(queries):
            assert client.get(PUBLIC).status_code == 200
        add_history(6, start=1)
        for n in range(2, 8):
            make_member(name=f"Miembro {n}", committee_role=f"Papel {n}")
        fill_menu_items()
        store_snapshots(timezone.localdate())
        with django_assert_num_queries(queries):
            response = client.get(PUBLIC)
        assert response.status_code == 200
        assert "Miembro 7" in response.content.decode()

    def test_actions_show_their_responsibles_indicators_and_plan_activities(self, client, plan):
        make_measurement("A1-FREC", "50", date=datetime.date(2026, 3, 7))
        Activity.objects.filter(code__isnull=False).update(status=Activity.Status.IN_PROGRESS)
        make_activity(description="Compromiso de una reunión", action=Action.objects.get(order=1))
        html = client.get(PUBLIC).content.decode()
        assert (
            "<strong>Responsables:</strong> Funcionarios de la Alcaldía, la Personería y el "
            "Concejo.; Comité GELT.</p>"
        ) in html
        assert "<li>Frecuencia de actualización de la página (semanas con al menos una" in html
        assert "valor 50 % (07/03/2026)</li>" in html
        assert '<span class="gelt-muted">(Comité GELT; en curso)</span>' in html
        assert "Compromiso de una reunión" not in html  # not one of the plan's activities

    def test_a_committee_deadline_is_written_out_in_spanish(self, client, plan):
        Phase.objects.filter(order=1).update(committee_deadline=datetime.date(2026, 8, 15))
        html = client.get(PUBLIC).content.decode()
        assert "<strong>Fecha meta del comité: 15 de agosto de 2026</strong>" in html
        assert html.count("<strong>Sin fecha meta vigente</strong>") == 4

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
            "1 de diciembre de 2010",
            "Sin fecha meta vigente",
            "Política de Gobierno Digital (vigente)",
            "Actualizar el directorio de funcionarios",
            "Aprobar el informe de empalme",
            "Criterios sin evidencia",
            "Medir ahora",
            '<svg class="gelt-bar"',
            'role="img"',
        ]:
            assert text in html, text

    def test_query_count_does_not_grow_with_history(
        self, committee_client, menu, django_assert_num_queries
    ):
        add_history(1)
        committee_client.get(DASHBOARD)
        # 2 of them: when the automatic checks last measured; 3 renew the staff idle time
        queries = 19 + menu_queries()
        with django_assert_num_queries(queries):
            assert committee_client.get(DASHBOARD).status_code == 200
        add_history(6, start=1)
        with django_assert_num_queries(queries):
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
        with django_assert_num_queries(8):
            response = committee_client.get(url)
        assert response.status_code == 200
        assert code in response.content.decode()
        add_history(6, start=1)
        with django_assert_num_queries(8):
            assert committee_client.get(url).status_code == 200

    def test_csv_of_evaluations_has_a_bom_and_spanish_header(self, committee_client):
        make_evaluation("INF-01", evidence_text="Acta 3; con «comillas», y emoji 📄")
        response = committee_client.get(DASHBOARD + "exportar/evaluaciones.csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        text = response.content.decode("utf-8")
        # Excel configured for Colombia: ";" separates columns, "," is the decimal mark.
        assert text.startswith("\ufeffCódigo;Criterio;Fase;Fecha;Resultado")
        assert ";Cumple;100,00;no;" in text
        assert '"Acta 3; con «comillas», y emoji 📄"' in text
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
    @pytest.mark.parametrize(("path", "queries"), [("informe/", 18), ("empalme/", 25)])
    def test_query_count_does_not_grow_with_history(
        self, committee_client, menu, django_assert_num_queries, path, queries
    ):
        add_history(1)
        committee_client.get(DASHBOARD + path)
        queries += menu_queries()
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
            "Ana Lucía Rosero",
            "Entregar las claves del portal",
            "Publicar el plan actualizado.",
            "Fase de Democracia",
            "Compromisos y actividades pendientes (24)",
            "No hay una administración municipal registrada como actual",
            "Política de Gobierno Digital (vigente)",
            "Solicitudes PQRSD pendientes por dependencia",
        ]:
            assert text in html, text
        # The 2008 mayor is history, not the administration that hands over.
        assert "Gerardo Antonio Chacón Valderrama" not in html


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


# --- Phases against the committee's own target date ------------------------------------------


def evaluate_phase_one(met):
    """Every criterion of the first phase evaluated: `met` of them met, the rest not met."""
    for n, criterion in enumerate(Criterion.objects.filter(phase__order=1)):
        make_evaluation(criterion, result="met" if n < met else "not_met")


class TestPhaseTargets:
    def test_setting_a_target_in_the_admin_records_who_when_and_the_progress(
        self, committee_client, committee
    ):
        from django.contrib.auth.models import Permission

        committee.user_permissions.add(Permission.objects.get(codename="change_phase"))
        phase = Phase.objects.get(order=1)
        evaluate_phase_one(met=1)
        url = reverse("admin:gelt_phase_change", args=[phase.pk])
        form = committee_client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
        data.update(
            committee_deadline="2027-06-30",
            committee_deadline_reason="Acta del comité del 10/02/2026",
            **{
                "criteria-TOTAL_FORMS": "0",
                "criteria-INITIAL_FORMS": "0",
                "criteria-MIN_NUM_FORMS": "0",
                "criteria-MAX_NUM_FORMS": "1000",
            },
        )
        response = committee_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        phase.refresh_from_db()
        assert phase.committee_deadline == datetime.date(2027, 6, 30)
        assert phase.committee_deadline_set_by == committee
        assert timezone.localdate(phase.committee_deadline_set_at) == timezone.localdate()
        assert phase.committee_deadline_baseline == 10  # 1 of 10 criteria met
        html = committee_client.get(DASHBOARD).content.decode()
        assert "<strong>Fecha meta del comité: 30 de junio de 2027</strong>" in html
        assert f"fijada por {committee.get_username()}" in html
        assert "(Acta del comité del 10/02/2026)" in html

    def test_without_a_target_a_phase_says_so_instead_of_overdue(self, client, plan):
        html = client.get(PUBLIC).content.decode()
        assert html.count("Sin fecha meta vigente") == 5
        assert "vencida</span>" not in html
        assert "histórico (Decreto 1151 de 2008, derogado)" in html

    def test_behind_and_on_track_against_the_committee_target(self, client, plan):
        today = timezone.localdate()
        started = timezone.now() - datetime.timedelta(days=100)
        Phase.objects.filter(order=1).update(
            committee_deadline=today + datetime.timedelta(days=100),
            committee_deadline_set_at=started,
            committee_deadline_baseline=0,
        )  # half the time gone: 50 % needed, 10 % done
        Phase.objects.filter(order=2).update(
            committee_deadline=today - datetime.timedelta(days=1),
            committee_deadline_set_at=started,
        )
        evaluate_phase_one(met=1)
        make_evaluation(Criterion.objects.filter(phase__order=2).first(), result="not_met")
        html = client.get(PUBLIC).content.decode()
        assert '<span class="gelt-status gelt-status-warn">atrasada</span>' in html
        assert '<span class="gelt-status gelt-status-bad">vencida</span>' in html
        assert html.count("Sin fecha meta vigente") == 3


# --- Política de Gobierno Digital (vigente): elements, crosswalk, ITA self-assessment ---------


def fill_menu_items():
    """The Alcaldía's 1.10 with content and up to date, 4.1 with content but stale."""
    from transparency.models import MenuItem

    alcaldia = MenuItem.objects.filter(entity__kind="alcaldia")
    pqr = alcaldia.get(code="1.10")
    pqr.links.create(label="PQRSD", url="/pqrsd/")
    pqr.update_frequency = MenuItem.Frequency.ON_CHANGE
    pqr.save()
    budget = alcaldia.get(code="4.1")
    budget.links.create(label="Presupuesto", url="https://example.org/presupuesto.pdf")
    budget.update_frequency = MenuItem.Frequency.YEARLY
    budget.last_updated = timezone.localdate() - datetime.timedelta(days=400)
    budget.save()


class TestCurrentPolicy:
    def test_public_page_shows_elements_crosswalk_and_ita_self_assessment(self, client, plan, menu):
        from gelt.ita import self_assessment

        fill_menu_items()
        make_evaluation("INT-02", result="met")
        html = client.get(PUBLIC).content.decode()
        assert '<h2 id="gelt-politica">Política de Gobierno Digital (vigente)</h2>' in html
        for text in [
            "Decreto 767 de 2022",
            "Cultura y apropiación",
            "Servicios ciudadanos digitales",
            "Iniciativa dinamizadora",
            "INT-02 PQR en línea",
            "Autoevaluación tipo ITA",
        ]:
            assert text in html, text
        # The crosswalk row of INT-02 links its ITA item and says how it counts and is measured
        # (read from the mapped items only, with the same state as the whole menu gives).
        assert "/transparencia/" in html and "#item-1-10" in html
        assert "con contenido y al día" in html
        criterion = Criterion.objects.get(code="INT-02")
        if criterion.check_key:
            assert "automática:" in html
        assert "manual (el comité)" in html
        alcaldia = next(
            a for a in self_assessment(timezone.localdate()) if a.entity.kind == "alcaldia"
        )
        name = alcaldia.entity.name
        assert f"{name}: sin medir" in html
        entity_url = reverse("gelt:ita_entity", args=[alcaldia.entity.slug])
        assert f'href="{entity_url}">Calcular ahora la autoevaluación de {name}' in html

        measure()  # the daily timer stores every entity's figures
        html = client.get(PUBLIC).content.decode()
        assert "sin medir" not in html
        total = alcaldia.total
        expected = f"{total.percent} % ({total.up_to_date} de {total.applicable})"
        assert expected.replace(".", ",") in html
        assert "Medido el <time" in html
        assert f'href="{entity_url}">Lo que falta en {name}, ítem por ítem' in html
        # The lists of what is missing are on each entity's page, not here.
        assert "Presupuesto general de ingresos, gastos e inversión: desactualizado" not in html
        assert 'class="gelt-missing"' not in html
        missing = {m.item.code: m.reason for m in alcaldia.missing}
        assert missing["4.1"] == "desactualizado"
        assert "1.10" not in missing
        assert total.applicable == total.up_to_date + len(alcaldia.missing)
        assert sum(c.applicable for c in alcaldia.categories) == total.applicable

    def test_an_element_without_criteria_says_so(self, client, plan):
        html = client.get(PUBLIC).content.decode()
        assert "Ningún criterio GEL-T de 2008 le corresponde" in html  # e.g. Gobernanza

    def test_dashboard_report_and_empalme_show_the_policy_and_targets(self, committee_client):
        for path in ["", "informe/", "empalme/"]:
            html = committee_client.get(DASHBOARD + path).content.decode()
            assert "Política de Gobierno Digital (vigente)" in html, path
            assert "Sin fecha meta vigente" in html, path

    def test_policy_elements_are_editable_in_the_admin(self, committee_client):
        from django.contrib.auth.models import User

        admin = User.objects.create_superuser("jefe", "jefe@example.org", "x")
        committee_client.force_login(admin)
        for name in ["policyelement", "policymapping", "administration"]:
            response = committee_client.get(reverse(f"admin:gelt_{name}_changelist"))
            assert response.status_code == 200, name
        element = __import__("gelt.models", fromlist=["PolicyElement"]).PolicyElement.objects.get(
            code="GOB"
        )
        response = committee_client.get(
            reverse("admin:gelt_policyelement_change", args=[element.pk])
        )
        assert response.status_code == 200
        assert "- Seleccione una opción -" in response.content.decode()
        assert "Select an option" not in response.content.decode()


# --- Empalme: current administration, PQRSD backlog, owners, publishing -----------------------


def make_backlog():
    """Two open requests in one office (one overdue) and one answered elsewhere."""
    from pqrsd.models import Request, RequestStatus
    from tests.portal.factories import make_office
    from tests.pqrsd.factories import make_request

    planeacion = make_office(name="Secretaría de Planeación")
    gobierno = make_office(name="Secretaría de Gobierno")
    today = timezone.localdate()
    late, _ = make_request()
    fresh, _ = make_request()
    answered, _ = make_request()
    filed = today - datetime.timedelta(days=20)
    Request.objects.filter(pk=late.pk).update(
        office=planeacion, filed_on=filed, due_date=today - datetime.timedelta(days=3)
    )
    Request.objects.filter(pk=fresh.pk).update(
        office=planeacion, filed_on=filed, due_date=today + datetime.timedelta(days=5)
    )
    Request.objects.filter(pk=answered.pk).update(
        office=gobierno,
        filed_on=filed,
        status=RequestStatus.ANSWERED,
        due_date=today - datetime.timedelta(days=3),
    )


class TestEmpalme:
    def test_built_from_the_current_administration_backlog_and_owners(self, committee_client):
        from gelt.models import Administration
        from tests.portal.factories import make_official

        Administration.objects.create(
            mayor="María Fernanda Yela", period_start=2024, period_end=2027, is_current=True
        )
        Administration.objects.create(
            mayor="Alcalde Anterior", period_start=2020, period_end=2023, is_current=False
        )
        make_backlog()
        official = make_official(name="Jhon Mutumbajoy", email="jhon@example.org")
        make_activity(
            description="Migrar el registro de activos", owner="", owner_official=official
        )
        html = committee_client.get(DASHBOARD + "empalme/").content.decode()
        for text in [
            "Administración saliente: María Fernanda Yela, periodo 2024–2027.",
            '<th scope="row">Secretaría de Planeación</th><td>2</td><td class="gelt-late">1</td>',
            "Jhon Mutumbajoy, Profesional universitario<br>",
            "jhon@example.org",
            "Registro de activos de información (7.1.1)",
        ]:
            assert text in html, text
        assert "Alcalde Anterior" not in html
        assert "Secretaría de Gobierno" not in html  # its request was answered

    def test_publishing_creates_a_published_document_of_the_alcaldia(self, committee_client):
        from portal.models import Document
        from tests.portal.factories import make_entity

        alcaldia = make_entity()
        admin = __import__("django.contrib.auth.models", fromlist=["User"]).User
        boss = admin.objects.create_superuser("jefa", "jefa@example.org", "x")
        committee_client.force_login(boss)
        make_backlog()
        response = committee_client.post(DASHBOARD + "empalme/publicar/", follow=True)
        assert response.status_code == 200
        document = Document.objects.get()
        assert document.is_published()
        assert document.entity == alcaldia and document.kind == Document.Kind.INFORME
        assert document.author == boss
        text = document.file.read().decode("utf-8")
        assert "DOCUMENTO DE EMPALME DEL COMITÉ GEL-T" in text
        assert "Secretaría de Planeación: 2 abiertas, 1 vencida sin respuesta" in text
        assert "POLÍTICA DE GOBIERNO DIGITAL (VIGENTE" in text
        assert "Documento de empalme publicado" in response.content.decode()
        assert Client().get(document.get_absolute_url()).status_code == 200

    def test_publishing_needs_the_document_permission_and_a_post(self, committee_client):
        from portal.models import Document

        assert committee_client.get(DASHBOARD + "empalme/publicar/").status_code == 405
        assert committee_client.post(DASHBOARD + "empalme/publicar/").status_code == 403
        assert (
            "Publicar en el portal"
            not in committee_client.get(DASHBOARD + "empalme/").content.decode()
        )
        assert not Document.objects.exists()

    def test_prints_cleanly(self, committee_client):
        html = committee_client.get(DASHBOARD + "empalme/").content.decode()
        assert "gelt/print.css" in html
        assert 'class="gelt-print"' in html and 'class="gelt-noprint"' in html


class TestCommitteeOnThePublicPage:
    def test_current_members_with_name_and_role(self, client, plan):
        make_member(name="Ana Lucía Rosero", committee_role="Secretaria técnica")
        html = client.get(PUBLIC).content.decode()
        assert "<strong>Ana Lucía Rosero</strong>" in html
        assert "Secretaria técnica" in html
        assert "Gerardo Antonio Chacón Valderrama" not in html  # the 2008 committee


def test_activity_owner_is_chosen_among_users_and_officials(committee_client):
    from django.contrib.auth.models import User

    committee_client.force_login(User.objects.create_superuser("root", "r@example.org", "x"))
    html = committee_client.get(reverse("admin:gelt_activity_add")).content.decode()
    assert 'name="owner_user"' in html and 'name="owner_official"' in html
    assert "responsable (texto)" in html.lower() or "Responsable (texto)" in html
    assert "- Seleccione una opción -" in html


def test_gelt_admin_reads_in_spanish(client, plan):
    """Django 6.1's new texts ("- Select an option -", "Run") come translated by gelt/locale."""
    from django.apps import apps
    from django.contrib.auth.models import User

    make_activity()
    client.force_login(User.objects.create_superuser("root", "r@example.org", "x"))
    for model in apps.get_app_config("gelt").get_models():
        if model._meta.proxy:
            continue
        for view in ["changelist", "add"]:
            response = client.get(reverse(f"admin:gelt_{model._meta.model_name}_{view}"))
            if response.status_code == 403:  # read-only models have no add page
                continue
            html = response.content.decode()
            where = f"{model._meta.model_name} {view}"
            assert response.status_code == 200, where
            for english in ["Select an option", ">Run<", 'alt="Search"', ">Logout<"]:
                assert english not in html, (where, english)
    html = client.get(reverse("admin:gelt_activity_changelist")).content.decode()
    assert ">Ejecutar</button>" in html


def test_csv_numbers_use_the_decimal_comma_and_the_links_say_which_file_is_for_excel(
    committee_client,
):
    make_measurement("A6-EMPALME", "45.5")
    text = committee_client.get(DASHBOARD + "exportar/mediciones.csv").content.decode()
    assert ";45,50;" in text
    html = committee_client.get(DASHBOARD).content.decode()
    assert "Mediciones (Excel, XLSX)" in html
    assert "CSV con «;» y coma decimal" in html


def test_empalme_includes_the_information_assets_registry(
    committee_client,
):
    from transparency.models import InformationAsset as asset_model

    html = committee_client.get(DASHBOARD + "empalme/").content.decode()
    assert "El registro de activos de información está vacío" in html
    from tests.portal.factories import make_office

    office = make_office(name="Secretaría General")
    asset_model.objects.create(
        entity=office.entity,
        office=office,
        category="Actas del Concejo de Gobierno",
        description="Actas firmadas",
        format="PDF",
    )
    html = committee_client.get(DASHBOARD + "empalme/").content.decode()
    assert '<th scope="row">Actas del Concejo de Gobierno</th>' in html
    assert "Secretaría General" in html


class TestBadInput:
    @pytest.fixture
    def root_client(self, client, plan):
        from django.contrib.auth.models import User

        client.force_login(User.objects.create_superuser("raiz", "raiz@example.org", "x"))
        return client

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"mayor": "", "period_start": "", "period_end": ""}, "Este campo es obligatorio."),
            (
                {"mayor": "Yela 🌿 Ñañez", "period_start": "2027", "period_end": "2024"},
                "El periodo no puede terminar antes de empezar.",
            ),
            (
                {"mayor": "x" * 500, "period_start": "2024", "period_end": "2027"},
                "Asegúrese de que este valor tenga como máximo 150 caracteres",
            ),
            (
                {"mayor": "Yela", "period_start": "dos mil", "period_end": "-3"},
                "Ingrese un número entero.",
            ),
        ],
    )
    def test_administration_form_answers_in_spanish_and_keeps_what_was_typed(
        self, root_client, data, message
    ):
        from gelt.models import Administration

        response = root_client.post(
            reverse("admin:gelt_administration_add"), {**data, "is_current": "on"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        if data["mayor"] and len(data["mayor"]) < 100:
            assert f'value="{data["mayor"]}"' in html
        assert not Administration.objects.exists()

    def test_a_malformed_target_date_is_refused_in_spanish(self, root_client):
        phase = Phase.objects.get(order=1)
        url = reverse("admin:gelt_phase_change", args=[phase.pk])
        form = root_client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
        data.update(
            committee_deadline="31/02/2027 📅",
            **{
                "criteria-TOTAL_FORMS": "0",
                "criteria-INITIAL_FORMS": "0",
                "criteria-MIN_NUM_FORMS": "0",
                "criteria-MAX_NUM_FORMS": "1000",
            },
        )
        response = root_client.post(url, data)
        assert response.status_code == 200
        assert "Ingrese una fecha válida." in response.content.decode()
        phase.refresh_from_db()
        assert phase.committee_deadline is None and phase.committee_deadline_set_by is None

    def test_clearing_the_target_clears_who_set_it(self, root_client):
        from django.contrib.auth.models import User

        phase = Phase.objects.get(order=1)
        phase.committee_deadline = datetime.date(2027, 1, 1)
        phase.committee_deadline_set_by = User.objects.get()
        phase.committee_deadline_set_at = timezone.now()
        phase.save()
        url = reverse("admin:gelt_phase_change", args=[phase.pk])
        form = root_client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
        data.update(
            committee_deadline="",
            **{
                "criteria-TOTAL_FORMS": "0",
                "criteria-INITIAL_FORMS": "0",
                "criteria-MIN_NUM_FORMS": "0",
                "criteria-MAX_NUM_FORMS": "1000",
            },
        )
        assert root_client.post(url, data).status_code == 302
        phase.refresh_from_db()
        assert phase.committee_deadline is None
        assert phase.committee_deadline_set_by is None and phase.committee_deadline_set_at is None


def test_ita_self_assessment_exports_item_by_item(
    committee_client, menu, django_assert_num_queries
):
    fill_menu_items()
    html = committee_client.get(DASHBOARD).content.decode()
    assert "autoevaluación ITA (Excel, XLSX)" in html
    url = DASHBOARD + "exportar/autoevaluacion-ita.xlsx"
    committee_client.get(url)
    # session, user, permissions + menu, then the staff idle time (a savepoint and an update)
    with django_assert_num_queries(7 + menu_queries()):
        response = committee_client.get(url)
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Entidad", "Categoría", "Numeral", "Ítem", "Estado")
    by_code = {(row[0], row[2]): row for row in rows[1:]}
    alcaldia = next(name for name, code in by_code if code == "1.10" and "Alcald" in name)
    assert by_code[(alcaldia, "1.10")][4:6] == ("con contenido y al día", "sí")
    assert by_code[(alcaldia, "4.1")][4:6] == ("desactualizado", "no")
    csv_text = committee_client.get(DASHBOARD + "exportar/autoevaluacion-ita.csv").content
    assert csv_text.decode("utf-8").startswith("\ufeffEntidad;Categoría;Numeral;Ítem;Estado")


def test_an_activity_without_any_owner_is_refused_in_spanish(client, plan):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("raiz", "raiz@example.org", "x"))
    response = client.post(
        reverse("admin:gelt_activity_add"),
        {"description": "Revisar el menú 📋 de transparencia", "status": "pending"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Elija un responsable: un usuario del portal, un servidor del directorio" in html
    assert "Revisar el menú 📋 de transparencia</textarea>" in html
    assert not Activity.objects.filter(description__startswith="Revisar").exists()


def test_an_editor_of_another_entity_cannot_publish_the_empalme_as_the_alcaldias(client, plan):
    from django.contrib.auth.models import Permission

    from portal.models import Document, Entity
    from tests.portal.factories import make_entity, make_office

    make_entity()  # the Alcaldía
    personeria = make_entity(Entity.Kind.PERSONERIA)
    editor = make_staff_user(make_office(entity=personeria), groups=(EDITORS_GROUP,))
    editor.user_permissions.add(Permission.objects.get(codename="view_phase"))
    client.force_login(editor)
    assert client.get(DASHBOARD + "empalme/").status_code == 200
    assert "Publicar en el portal" not in client.get(DASHBOARD + "empalme/").content.decode()
    assert client.post(DASHBOARD + "empalme/publicar/").status_code == 403
    assert not Document.objects.exists()


def test_an_editor_of_the_alcaldia_publishes_the_empalme(client, plan):
    from django.contrib.auth.models import Permission

    from portal.models import Document
    from tests.portal.factories import make_entity, make_office

    editor = make_staff_user(make_office(entity=make_entity()), groups=(EDITORS_GROUP,))
    editor.user_permissions.add(Permission.objects.get(codename="view_phase"))
    client.force_login(editor)
    assert client.post(DASHBOARD + "empalme/publicar/").status_code == 302
    document = Document.objects.get()
    assert document.author == editor and document.file.name.endswith(".txt")


def test_exports_never_hand_a_formula_to_the_spreadsheet(committee_client):
    make_evaluation("INF-01", evidence_text='=HYPERLINK("http://x.example","clic")')
    make_evaluation("INF-02", evidence_text="@SUM(1+1) y más", result="partial")
    text = committee_client.get(DASHBOARD + "exportar/evaluaciones.csv").content.decode()
    assert ';"\'=HYPERLINK(""http://x.example"",""clic"")";' in text
    assert ";'@SUM(1+1) y más;" in text
    response = committee_client.get(DASHBOARD + "exportar/evaluaciones.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert '\'=HYPERLINK("http://x.example","clic")' in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
