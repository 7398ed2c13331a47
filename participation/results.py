"""Arithmetic and formats of survey results and comment reports (plain values, no ORM)."""

from dataclasses import dataclass

# Geometry of the server-rendered SVG bar charts, in SVG user units.
ROW_HEIGHT = 56  # a label line, then the bar
BAR_OFFSET = 24  # from the top of the row to the top of the bar
BAR_HEIGHT = 22
CHART_WIDTH = 600


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: float  # share of the people who answered the question, 0–100
    width: int  # bar length in SVG units, proportional to `percent`
    y: int  # top of the bar's label row in the chart


@dataclass(frozen=True)
class QuestionResult:
    question: object
    answered: int  # people who answered this question
    bars: list[Bar]  # empty for a free-text question

    @property
    def height(self) -> int:
        return chart_height(len(self.bars))

    @property
    def summary(self) -> str:
        return chart_summary(str(self.question), self.bars)


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
    for index, (label, count) in enumerate(counts):
        share = percent(count, answered)
        result.append(
            Bar(
                label=label,
                count=count,
                percent=share,
                width=round(CHART_WIDTH * share / 100),
                y=index * ROW_HEIGHT,
            )
        )
    return result


def chart_height(number_of_bars: int) -> int:
    return max(number_of_bars, 1) * ROW_HEIGHT


def chart_summary(question: str, chart: list[Bar]) -> str:
    """The text alternative of a chart: every option with its count and percentage."""
    parts = [f"{bar.label}: {bar.count} ({format_percent(bar.percent)})" for bar in chart]
    return f"{question}. " + "; ".join(parts) + "."


def format_percent(value: float | None) -> str:
    """Colombian style: decimal comma and a space before the sign. None reads "sin datos"."""
    if value is None:
        return "sin datos"
    text = f"{value:.1f}".replace(".", ",")
    if text.endswith(",0"):
        text = text[:-2]
    return f"{text} %"


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
