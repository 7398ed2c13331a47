"""
The period a PQRSD report covers: a year, or a quarter of it, read from ?anio= and ?trimestre=.
Plain functions over dates; a bad value gives a Spanish message and a sensible period, never an
error.
"""

import datetime
from dataclasses import dataclass

FIRST_YEAR = 2000
LAST_YEAR = 2999
QUARTER_NAMES = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto"}
QUARTER_MONTHS = {
    1: "enero a marzo",
    2: "abril a junio",
    3: "julio a septiembre",
    4: "octubre a diciembre",
}


@dataclass(frozen=True)
class Period:
    year: int | None  # None: every year
    quarter: int | None  # 1–4, or None for the whole year
    start: datetime.date | None
    end: datetime.date | None
    message: str = ""  # why the period is not the one asked for, in Spanish

    @property
    def label(self) -> str:
        """«segundo trimestre de 2026 (abril a junio)», «año 2026» or «todos los años»."""
        if self.year is None:
            return "todos los años"
        if self.quarter is None:
            return f"año {self.year}"
        return (
            f"{QUARTER_NAMES[self.quarter]} trimestre de {self.year} "
            f"({QUARTER_MONTHS[self.quarter]})"
        )

    @property
    def query(self) -> str:
        """The query string that asks for this period again ("" for every year)."""
        if self.year is None:
            return ""
        return f"?anio={self.year}" + (f"&trimestre={self.quarter}" if self.quarter else "")

    @property
    def slug(self) -> str:
        """For file names: 2026, 2026-T2 or todos."""
        if self.year is None:
            return "todos"
        return f"{self.year}-T{self.quarter}" if self.quarter else str(self.year)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a quarter: (2026, 1) → 1 Jan and 31 Mar 2026."""
    first_month = 3 * (quarter - 1) + 1
    start = datetime.date(year, first_month, 1)
    if quarter == 4:
        return start, datetime.date(year, 12, 31)
    return start, datetime.date(year, first_month + 3, 1) - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def _number(text: str, low: int, high: int) -> int | None:
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 4 and low <= int(text) <= high:
        return int(text)
    return None


def parse_period(
    year_text: str | None, quarter_text: str | None, *, today: datetime.date, every_year: bool
) -> Period:
    """
    The period asked for. Without a year: every year when `every_year` (the statistics page),
    otherwise this year (the legal report always covers a year or a quarter). A year that is
    not a number between 2000 and 2999, or a quarter other than 1–4, is ignored with a message.
    """
    year_text, quarter_text = (year_text or "").strip(), (quarter_text or "").strip()
    messages = []
    year = _number(year_text, FIRST_YEAR, LAST_YEAR)
    if year is None and year_text:
        fallback = "se muestran todos los años" if every_year else f"se muestra {today.year}"
        messages.append(f"El año pedido no es válido; {fallback}.")
    if year is None and not every_year:
        year = today.year
    quarter = _number(quarter_text, 1, 4)
    if quarter is None and quarter_text:
        messages.append("El trimestre debe ser 1, 2, 3 o 4; se muestra el año completo.")
    if quarter is not None and year is None:
        messages.append("Para ver un trimestre elija también el año.")
        quarter = None
    if year is None:
        return Period(None, None, None, None, " ".join(messages))
    if quarter is None:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    else:
        start, end = quarter_bounds(year, quarter)
    return Period(year, quarter, start, end, " ".join(messages))


def recent_years(today: datetime.date, count: int = 5) -> list[int]:
    return list(range(today.year, today.year - count, -1))
