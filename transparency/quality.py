"""
Rules of the transparency menu as plain functions: how often an item must be updated, when it
is stale, its quality level (after the MOTA rubric of active transparency), the completeness
shares and the wording of the public change log. No ORM here; callers pass plain values.
"""

import datetime
from urllib.parse import urlsplit

# Update frequencies an editor can choose, with the number of days each allows.
# "cuando cambie" items (e.g. the organigram) are never stale by the calendar.
FREQUENCY_DAYS = {
    "mensual": 31,
    "trimestral": 92,
    "semestral": 183,
    "anual": 366,
    "cuando_cambie": None,
}
QUALITY_LEVELS = ("A", "AA", "AAA")
QUALITY_LABELS = {
    "A": "A: publicado como archivo o enlace",
    "AA": "AA: la información está en la página (HTML)",
    "AAA": "AAA: además, en datos abiertos legibles por máquina",
}

DATA_EXTENSIONS = {"csv", "json", "xml", "xls", "xlsx", "ods", "geojson", "rdf"}
FILE_EXTENSIONS = {"pdf", "doc", "docx", "odt", "txt", "zip", "ppt", "pptx", "rtf"}
DATA_HOSTS = ("datos.gov.co", "www.datos.gov.co")


def is_stale(last_updated: datetime.date | None, frequency: str, today: datetime.date) -> bool:
    """
    True when an item was not updated within its period.

    >>> is_stale(datetime.date(2026, 1, 1), "trimestral", datetime.date(2026, 4, 3))
    False
    >>> is_stale(datetime.date(2026, 1, 1), "trimestral", datetime.date(2026, 4, 4))
    True
    >>> is_stale(None, "cuando_cambie", datetime.date(2026, 4, 3))
    False

    An item with a period and no recorded update is stale: nobody can show it is current.
    """
    days = FREQUENCY_DAYS.get(frequency)
    if days is None:
        return False
    if last_updated is None:
        return True
    return (today - last_updated).days > days


def url_format(url: str) -> str:
    """
    What a link points at: "data" (machine-readable), "file" (a document), "page" (a path
    of this portal) or "external" (a page elsewhere, e.g. SECOP).
    """
    parts = urlsplit(url.strip())
    extension = (
        parts.path.rsplit(".", 1)[-1].lower() if "." in parts.path.rsplit("/", 1)[-1] else ""
    )
    if extension in DATA_EXTENSIONS or parts.hostname in DATA_HOSTS:
        return "data"
    if extension in FILE_EXTENSIONS:
        return "file"
    if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
        return "page"
    return "external"


def quality_level(*, has_html: bool, has_file: bool, has_data: bool) -> str | None:
    """
    The level of an item after the MOTA rubric: A when something is published (a file or a
    link), AA when the information is on a page of the portal as HTML, AAA when it is on a
    page and also offered as machine-readable data. None when nothing is published.

    >>> quality_level(has_html=True, has_file=False, has_data=True)
    'AAA'
    >>> quality_level(has_html=False, has_file=True, has_data=True)
    'A'
    """
    if has_html:
        return "AAA" if has_data else "AA"
    if has_file or has_data:
        return "A"
    return None


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, rounded to one decimal; None when `whole` is 0."""
    if whole <= 0:
        return None
    return round(100 * part / whole, 1)


def describe_changes(before: dict, after: dict) -> list[str]:
    """
    Plain-language sentences for the public log, comparing two snapshots of what an item
    points at. Each snapshot maps "pages", "procedures", "links", "documents" and "sources" to a
    set of human-readable names, and "applies" / "owner" to a value.
    """
    names = {
        "pages": "la página",
        "procedures": "el trámite",
        "links": "el enlace",
        "documents": "la lista de documentos",
        "sources": "el contenido del portal",
    }
    sentences = []
    for key, noun in names.items():
        old, new = set(before.get(key, ())), set(after.get(key, ()))
        sentences += [f"Se agregó {noun} «{name}»." for name in sorted(new - old)]
        sentences += [f"Se quitó {noun} «{name}»." for name in sorted(old - new)]
    if before.get("applies", True) != after.get("applies", True):
        if after.get("applies", True):
            sentences.append("El ítem vuelve a aplicar a la entidad.")
        else:
            reason = after.get("justification") or "sin razón registrada"
            sentences.append(f"Se marcó como «no aplica»: {reason}")
    elif not after.get("applies", True) and before.get("justification") != after.get(
        "justification"
    ):
        sentences.append(f"Cambió la razón de «no aplica»: {after.get('justification')}")
    if before.get("owner") != after.get("owner"):
        sentences.append(f"Dependencia responsable: {after.get('owner') or 'sin asignar'}.")
    return sentences
