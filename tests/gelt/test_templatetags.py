"""Formatting of GEL-T figures: values with their unit and the phase bar."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from gelt.models import Phase
from gelt.overview import PhaseProgress
from gelt.templatetags.gelt_tags import measure


def phase_bar(name, percent, goal):
    row = PhaseProgress(Phase(name=name, goal=goal), percent, "en curso")
    return render_to_string("gelt/includes/phase_bar.html", {"row": row})


def test_phase_bar_draws_the_percent_and_a_line_at_the_goal():
    with translation.override("es"):
        svg = phase_bar("Fase de Información", Decimal("45.5"), 80)
    assert 'aria-label="Fase de Información: 45,5 % de criterios cumplidos, meta 80 %"' in svg
    assert "<title>Fase de Información: 45,5 % (meta 80 %)</title>" in svg
    assert '<rect x="0" y="3" width="45.5" height="8" fill="#004884"/>' in svg
    assert '<line x1="80.0" x2="80.0"' in svg


def test_phase_bar_without_criteria_is_empty_and_escapes_the_name():
    svg = phase_bar("Fase <Democracia>", None, 100)
    assert 'aria-label="Fase &lt;Democracia&gt;: sin criterios, meta 100 %"' in svg
    assert '<rect x="0" y="3" width="0" height="8" fill="#004884"/>' in svg


def test_measure_writes_the_unit_in_spanish():
    with translation.override("es"):
        assert measure(Decimal("75.5"), "percent") == "75,5 %"
        assert measure(Decimal("1.25"), "per_week") == "1,25 por semana"
        assert measure(Decimal("0.5"), "per_week") == "0,50 por semana"
        assert measure(Decimal("3.00"), "count") == "3"
        assert measure(Decimal("12"), "days") == "12 días"
        assert measure(None, "days") == "sin dato"
