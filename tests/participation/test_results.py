"""Pure arithmetic and formats of results and reports: no database."""

from participation.results import CHART_WIDTH, bars, csv_cell, percent


def test_percent_has_one_decimal_and_survives_zero():
    assert percent(1, 3) == 33.3
    assert percent(2, 2) == 100.0
    assert percent(5, 0) == 0.0


def test_bars_are_proportional_to_the_people_who_answered():
    chart = bars([("Sí", 3), ("No", 1)], 4)
    assert [(b.label, b.count, b.percent, b.width) for b in chart] == [
        ("Sí", 3, 75.0, 450),
        ("No", 1, 25.0, 150),
    ]


def test_multiple_choice_bars_may_add_up_to_more_than_100():
    chart = bars([("Web", 2), ("Ventanilla", 2)], 2)
    assert sum(b.percent for b in chart) == 200.0
    assert all(b.width == CHART_WIDTH for b in chart)


def test_bars_with_no_answers_are_empty_not_an_error():
    assert [b.width for b in bars([("A", 0), ("B", 0)], 0)] == [0, 0]


def test_csv_cell_defuses_spreadsheet_formulas():
    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell("+57 300") == "'+57 300"
    assert csv_cell("-1") == "'-1"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("Normal 🌳") == "Normal 🌳"
    assert csv_cell(None) == ""
    assert csv_cell(12) == "12"
