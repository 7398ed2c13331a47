"""Each automatic check follows the data it reads: change the data, the GEL-T figure changes."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from gelt import compliance
from gelt.checks import CHECKS
from gelt.models import Administration, CommitteeMember, Criterion, Evaluation, Measurement
from portal.models import Entity
from pqrsd.filing import answer
from tests.gelt.factories import (
    load_plan,
    make_evaluation,
    make_linked_entity,
    make_meeting,
    make_member,
    measure,
)
from tests.participation.factories import make_comment, make_draft, make_survey
from tests.portal.factories import (
    make_document,
    make_entity,
    make_event,
    make_news,
    make_office,
    make_official,
    make_page,
)
from tests.pqrsd.factories import make_request
from tests.tramites.factories import make_procedure
from tests.transparency.factories import make_item, make_link
from tramites.models import ProcedureForm

pytestmark = pytest.mark.django_db


def run(key):
    return CHECKS[key](timezone.localdate())


def latest_value(code):
    return Measurement.objects.filter(indicator__code=code).latest("date", "pk").value


def test_every_key_in_the_shipped_plan_is_registered():
    load_plan()
    from gelt.models import Criterion, Indicator

    keys = set(Criterion.objects.exclude(check_key="").values_list("check_key", flat=True))
    keys |= set(Indicator.objects.exclude(check_key="").values_list("check_key", flat=True))
    assert keys - set(CHECKS) == set()


def test_publishing_a_news_item_raises_the_update_frequency():
    load_plan()
    measure()
    assert latest_value("A1-FREC") == 0
    make_news()
    measure()
    assert latest_value("A1-FREC") == Decimal("12.5")  # 1 week of 8 had a publication
    assert "noticias 1" in Measurement.objects.get(indicator__code="A1-FREC").evidence_text


def test_the_weekly_update_counts_weeks_with_an_update_not_an_average():
    """Eight news items in one week average one a week, yet seven weeks had none."""
    for hours in range(1, 9):
        make_news(publish_at=timezone.now() - datetime.timedelta(hours=hours))
    result = run("frecuencia_actualizacion")
    assert result.value == Decimal("12.5")
    assert "1 de las últimas 8 semanas" in result.evidence
    assert "7 sin ninguna" in result.evidence
    for weeks in range(1, 8):
        make_news(publish_at=timezone.now() - datetime.timedelta(weeks=weeks))
    assert run("frecuencia_actualizacion").value == 100


def test_drafts_and_scheduled_news_do_not_count_as_updates():
    make_news(status="draft")
    make_news(publish_at=timezone.now() + datetime.timedelta(days=2))
    make_news(publish_at=timezone.now() - datetime.timedelta(weeks=12))
    assert run("frecuencia_actualizacion").value == 0


def test_a_late_answer_lowers_the_on_time_share_and_raises_the_average():
    load_plan()
    filed = timezone.now() - datetime.timedelta(days=60)
    on_time, _ = make_request(now=filed)
    answer(on_time, text="Respuesta a tiempo.", user=None, now=filed + datetime.timedelta(days=3))
    measure()
    assert latest_value("C-PQRSD-TIEMPO") == 100
    days_before = latest_value("C-PQRSD-DIAS")

    late, _ = make_request(now=filed)
    answer(late, text="Respuesta tardía.", user=None, now=filed + datetime.timedelta(days=45))
    measure()
    assert latest_value("C-PQRSD-TIEMPO") == 50
    assert latest_value("C-PQRSD-DIAS") > days_before
    # Same day: the row was updated, not duplicated.
    assert Measurement.objects.filter(indicator__code="C-PQRSD-TIEMPO").count() == 1


def test_an_incomplete_sheet_lowers_the_complete_share_and_online_ones_raise_automation():
    reviewed = timezone.localdate()
    make_procedure(suit_code="5001", last_reviewed_on=reviewed)
    assert run("tramites_fichas_completas").value == 100
    make_procedure(requirements=0, steps=0, suit_code="5002", last_reviewed_on=reviewed)
    assert run("tramites_fichas_completas").value == 50
    assert run("tramites_en_linea").value == 0
    make_procedure(automation_level="full")
    assert run("tramites_en_linea").value == Decimal("33.3")
    assert run("tramites_totalmente_en_linea").value == Decimal("33.3")


def test_a_sheet_without_suit_number_or_review_is_not_complete_quality():
    """The old error: 100 % "cumple" with no SUIT number and no review."""
    make_procedure()
    make_procedure(suit_code="5004")
    make_procedure(last_reviewed_on=timezone.localdate())
    result = run("tramites_fichas_completas")
    assert result.value == 0
    assert "0 de 3 trámites y servicios" in result.evidence
    assert "1 con número SUIT" in result.evidence


def test_services_and_tramites_are_measured_apart():
    """A4 measures services and A5 trámites: one online service moves only A4."""
    load_plan()
    make_procedure(kind="tramite")
    make_procedure(kind="servicio", automation_level="full", online_url="https://x.gov.co/s")
    assert run("servicios_automatizados").value == 100
    assert run("tramites_automatizados").value == 0
    assert run("tramites_en_linea").value == 50
    measure()
    assert latest_value("A4-SERV-AUT") == 100
    assert latest_value("A5-TRAM-AUT") == 0
    make_procedure(kind="opa", suit_code="5005", last_reviewed_on=timezone.localdate())
    measure()
    assert latest_value("A5-TRAM-PUB") == 50
    assert latest_value("A4-SERV-PUB") == 0  # the service was never reviewed


def test_no_published_procedure_gives_no_value_with_a_reason():
    result = run("tramites_fichas_completas")
    assert result.value is None
    assert "No hay trámites" in result.evidence


def test_filling_a_transparency_item_raises_the_menu_share():
    empty = make_item("3")
    make_item("4")
    assert run("transparencia_menu").value == 0
    make_link(empty)
    assert run("transparencia_menu").value == 50


def test_participation_checks_follow_surveys_and_answered_comments():
    assert run("participacion_consultas").value == 0
    assert run("participacion_resultados").value is None
    make_survey()
    draft = make_draft()
    assert run("participacion_consultas").value == 2
    make_comment(draft)
    make_comment(draft, answer="Gracias, se acoge el comentario.")
    assert run("participacion_resultados").value == 50


def test_linked_entities_count_this_years_agreements_per_level():
    assert run("entidades_locales").value == 0
    make_linked_entity("local", name="Junta de Acción Comunal")
    make_linked_entity("local", agreement_date=datetime.date(2020, 3, 1))
    make_linked_entity("national", name="SENA")
    assert run("entidades_locales").value == 1
    assert "Junta de Acción Comunal" in run("entidades_locales").evidence
    assert run("entidades_nacionales").value == 1
    assert run("entidades_departamentales").value == 0


def test_plan_published_once_loaded():
    assert run("plan_publicado").value == 0
    load_plan()
    result = run("plan_publicado")
    assert result.value == 100
    assert "/gobierno-en-linea/" in result.evidence


def test_phase_share_keeps_unevaluated_criteria_apart():
    """A criterion nobody evaluated is "sin evaluar", not 0 %."""
    load_plan()
    result = run("criterios_fase_4")
    assert result.value is None
    assert "Ninguno de los 5 criterios" in result.evidence
    make_evaluation("TRF-01")
    assert run("criterios_fase_4").value == 100
    assert "4 sin evaluar" in run("criterios_fase_4").evidence
    make_evaluation("TRF-02", result="partial", score=50)
    assert run("criterios_fase_4").value == 75
    make_evaluation("TRF-03", result="not_met")
    assert run("criterios_fase_4").value == 50


def test_an_automatic_criterion_is_evaluated_with_its_evidence():
    load_plan()
    make_procedure(suit_code="5003", last_reviewed_on=timezone.localdate())
    measure()
    from gelt.models import Evaluation

    evaluation = Evaluation.objects.get(criterion__code="INF-05")
    assert (evaluation.result, evaluation.score, evaluation.automatic) == ("met", 100, True)
    assert "calidad completa" in evaluation.evidence_text
    assert evaluation.has_evidence is True


def test_a_failing_check_is_reported_and_the_others_still_run(monkeypatch):
    load_plan()

    def broken(today):
        raise ValueError("fuente caída")

    broken.label = "Verificación rota"
    monkeypatch.setitem(CHECKS, "rota", broken)
    from gelt.checks import measure_all
    from gelt.models import Criterion

    Criterion.objects.filter(code="INF-01").update(check_key="rota")
    outcomes = {o.target: o for o in measure_all(today=timezone.localdate())}
    assert outcomes["INF-01"].stored is False
    assert "la verificación falló (ValueError)" in outcomes["INF-01"].note
    assert outcomes["A1-FREC"].stored is True


# --- Criteria measured from the portal's own content --------------------------------------


def test_at_least_twenty_criteria_are_automatic_each_with_a_working_evidence_link(client):
    call_command("load_institution", stdout=io.StringIO())
    load_plan()
    automatic = Criterion.objects.exclude(check_key="")
    assert automatic.count() >= 20
    measure()
    evaluations = Evaluation.objects.filter(automatic=True)
    assert evaluations.count() == automatic.count()
    for evaluation in evaluations.select_related("criterion"):
        assert evaluation.evidence_url.startswith("/"), evaluation.criterion.code
        assert evaluation.evidence_text, evaluation.criterion.code
        response = client.get(evaluation.evidence_url)
        assert response.status_code == 200, (evaluation.criterion.code, evaluation.evidence_url)


def test_documents_by_type_feed_their_criteria():
    today = timezone.localdate()
    assert run("documentos_normatividad").value == 0
    make_document(kind="acuerdo")
    make_document(kind="decreto")
    result = run("documentos_normatividad")
    assert result.value == Decimal("66.7")
    assert "Falta: resoluciones (0)." in result.evidence
    make_document(kind="resolucion")
    assert run("documentos_normatividad").value == 100
    make_document(kind="presupuesto", issued_on=today)
    assert run("documentos_presupuesto").value == 50
    make_document(kind="presupuesto", issued_on=today.replace(year=today.year - 1))
    assert run("documentos_presupuesto").value == 100
    make_document(kind="plan", title="Plan de Desarrollo 2024-2027 «Guzmán avanza» 🙂")
    assert run("documentos_planes").value == 50
    make_document(kind="plan", title="Plan de Acción 2026", status="draft")
    assert run("documentos_planes").value == 50  # a draft is not published
    make_document(kind="informe", title="Informe de gestión 2026", issued_on=today)
    assert run("documentos_control").value == Decimal("66.7")
    make_document(kind="contratacion", title="Plan anual de adquisiciones", issued_on=today)
    assert run("documentos_contratacion").value == 100


def test_entity_information_and_contact_channels():
    entity = make_entity()
    result = run("entidad_informacion_basica")
    assert "Falta:" in result.evidence and "misión" in result.evidence
    before = result.value
    Entity.objects.filter(pk=entity.pk).update(mission="Servir", vision="Ser", objectives="X")
    make_official(make_office(entity))
    assert run("entidad_informacion_basica").value > before
    assert run("canales_contacto").value == 100  # the shipped municipality has them


def test_policies_forms_feeds_tracking_and_participation():
    assert run("politicas_sitio").value < 100
    make_page(slug="politica-de-privacidad", title="Política de privacidad")
    result = run("politicas_sitio")
    assert "política de tratamiento de datos personales" in result.evidence.split("Falta")[0]
    assert result.url == "/paginas/politica-de-privacidad/"

    assert run("formularios_descargables").value == 0
    procedure = make_procedure(tracking="Con el radicado en la ventanilla.")
    ProcedureForm.objects.create(
        procedure=procedure,
        title="Formulario único",
        file=SimpleUploadedFile("f.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    assert run("formularios_descargables").value == 1
    make_procedure()
    assert run("seguimiento_tramites").value == 50

    assert run("rss_noticias").value == 0
    make_news()
    assert run("rss_noticias").value == 50
    make_event()
    assert run("rss_noticias").value == 100
    assert run("noticias_y_eventos").value == Decimal("66.7")

    assert run("encuestas").value == 0
    make_survey()
    assert run("encuestas").value == 1
    assert run("proyectos_para_comentarios").value == 0
    make_draft()
    assert run("proyectos_para_comentarios").value == 1
    assert run("rendicion_cuentas").value == 0
    make_event(title="Audiencia pública de rendición de cuentas 2026")
    assert run("rendicion_cuentas").value == 1


def test_empalme_counts_committee_members_linked_in_the_current_period():
    load_plan()
    assert run("empalme_funcionarios").value is None  # no administration registered
    this_year = timezone.localdate().year
    Administration.objects.create(
        mayor="Alcaldesa", period_start=this_year, period_end=this_year + 3
    )
    mayor = make_member(name="Alcaldesa Municipal", position="Alcaldesa")
    make_member(name="Secretario de Planeación", position="Secretario")
    meeting = make_meeting(days_from_now=-1)
    meeting.attendees.add(mayor)
    result = run("empalme_funcionarios")
    members = CommitteeMember.objects.active().count()
    assert result.value == compliance.round_percent(Decimal(100) / members)
    assert "Secretario de Planeación" in result.evidence  # named as not yet linked
    measure()
    assert latest_value("A6-EMPALME") == result.value
