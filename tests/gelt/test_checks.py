"""Each automatic check follows the data it reads: change the data, the GEL-T figure changes."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gelt.checks import CHECKS
from gelt.models import Measurement
from pqrsd.filing import answer
from tests.gelt.factories import load_plan, make_evaluation, make_linked_entity, measure
from tests.participation.factories import make_comment, make_draft, make_survey
from tests.portal.factories import make_news
from tests.pqrsd.factories import make_request
from tests.tramites.factories import make_procedure
from tests.transparency.factories import make_item, make_link

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


def test_phase_share_follows_the_committees_evaluations():
    load_plan()
    assert run("criterios_fase_4").value == 0
    make_evaluation("TRF-01")
    assert run("criterios_fase_4").value == 20
    make_evaluation("TRF-02", result="partial", score=50)
    assert run("criterios_fase_4").value == 30


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
