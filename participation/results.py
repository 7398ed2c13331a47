"""Arithmetic and formats of survey results and comment reports (plain values, no ORM)."""

from dataclasses import dataclass

# Width of a full (100 %) bar of the server-rendered SVG charts, in SVG user units.
CHART_WIDTH = 600


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: float  # share of the people who answered the question, 0–100
    width: int  # bar length in SVG units, proportional to `percent`


@dataclass(frozen=True)
class QuestionResult:
    question: object
    answered: int  # people who answered this question
    bars: list[Bar]  # empty for a free-text question


def percent(part: int, whole: int) -> float:
    """`part` as a percentage of `whole`, one decimal; 0.0 when `whole` is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


def bars(counts: list[tuple[str, int]], answered: int) -> list[Bar]:
    """
    One bar per option. Percentages are over the people who answered the question, so in a
    multiple-choice question they may add up to more than 100.

    >>> [(b.label, b.percent, b.width) for b in bars([("Sí", 3), ("No", 1)], 4)]
    [('Sí', 75.0, 450), ('No', 25.0, 150)]
    """
    result = []
    for label, count in counts:
        share = percent(count, answered)
        result.append(
            Bar(
                label=label,
                count=count,
                percent=share,
                width=round(CHART_WIDTH * share / 100),
            )
        )
    return result


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """
    A value safe for a spreadsheet: text a spreadsheet would run as a formula gets a leading
    apostrophe (CSV injection), everything else is passed through as text.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
