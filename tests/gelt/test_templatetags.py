"""Formatting of GEL-T figures: the phase bar and the public page's lists."""

from decimal import Decimal

from django.utils import translation

from gelt.templatetags.gelt_tags import (
    action_indicator_items,
    activity_items,
    indicator_rows,
    phase_bar,
)


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


def indicator(**overrides):
    row = {
        "name": "Trámites en línea",
        "in_plan": True,
        "goal": "80 %",
        "higher_is_better": True,
        "goal_text": "",
        "value_text": "sin medición",
        "automatic": False,
        "measured": False,
        "date": "",
        "label": "sin medición",
        "attainment": None,
    }
    return row | overrides


def test_indicator_rows_write_each_cell():
    html = indicator_rows(
        [
            indicator(),
            indicator(
                name="Días de respuesta <PQRSD>",
                in_plan=False,
                goal="15 días",
                higher_is_better=False,
                goal_text="Máximo 15 días hábiles",
                value_text="20 días",
                automatic=True,
                date="07/03/2026",
                label="por debajo de la meta",
                attainment=Decimal("75.5"),
            ),
        ]
    )
    assert html.count("<tr>") == 2
    assert "<td>80 %</td>\n<td>sin medición</td>\n<td>—</td>\n<td>sin medición</td>" in html
    assert (
        'Días de respuesta &lt;PQRSD&gt; <span class="gelt-muted">(complementario)</span></th>'
    ) in html
    assert '<td>15 días como máximo<br><span class="gelt-muted">Máximo 15 días' in html
    assert '<td>20 días<br><span class="gelt-muted">automático</span></td>' in html
    assert "<td>07/03/2026</td>" in html
    with translation.override("es"):
        assert "(75,5 % de la meta)" in indicator_rows([indicator(attainment=Decimal("75.5"))])


def test_action_items_and_activities():
    items = action_indicator_items(
        [indicator(), indicator(measured=True, value_text="3", date="01/02/2026", goal_text="4")]
    )
    assert items == (
        "<li>Trámites en línea: meta ; sin medición</li>"
        "<li>Trámites en línea: meta 4; valor 3 (01/02/2026)</li>"
    )
    activities = activity_items([{"description": "A & B", "owner": "Comité", "status": "en curso"}])
    assert activities == '<li>A &amp; B <span class="gelt-muted">(Comité; en curso)</span></li>'
