"""
Open data of the portal's own content, written from a list of columns: the events calendar.

Each column says its name, what it means, its type (as the data dictionary of /datos/ shows it)
and how to read it from an object. Column names are stable: add new ones at the end, never
rename or remove one (docs/datos-abiertos.md lists them).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse, JsonResponse
from django.utils import timezone


@dataclass(frozen=True)
class Column:
    """One column: `read(obj, absolute)` gives its JSON value; `absolute` makes a full URL."""

    name: str
    description: str
    type: str
    read: Callable


def _iso(moment):
    return moment.isoformat() if moment else None


EVENT_COLUMNS = [
    Column(
        "identificador", "Ruta única y estable del evento (slug).", "texto", lambda e, a: e.slug
    ),
    Column("titulo", "Título del evento.", "texto", lambda e, a: e.title),
    Column("resumen", "Resumen del evento.", "texto", lambda e, a: e.summary),
    Column(
        "entidad",
        "Entidad que lo organiza (Alcaldía, Personería, Concejo).",
        "texto",
        lambda e, a: e.entity.name,
    ),
    Column("lugar", "Lugar donde se realiza.", "texto", lambda e, a: e.location),
    Column(
        "inicio",
        "Fecha y hora de inicio (ISO 8601).",
        "fecha y hora",
        lambda e, a: _iso(e.starts_at),
    ),
    Column(
        "fin",
        "Fecha y hora de fin (ISO 8601); vacía si no se indicó.",
        "fecha y hora",
        lambda e, a: _iso(e.ends_at),
    ),
    Column(
        "url",
        "Dirección del evento en el portal.",
        "dirección web",
        lambda e, a: a(e.get_absolute_url()),
    ),
    Column(
        "fecha_actualizacion",
        "Fecha y hora (ISO 8601) del último cambio del evento.",
        "fecha y hora",
        lambda e, a: _iso(e.updated_at),
    ),
]


def records(objects, columns, absolute) -> list[dict]:
    return [{column.name: column.read(obj, absolute) for column in columns} for obj in objects]


def csv_response(records, columns, filename) -> HttpResponse:
    """UTF-8 with a byte order mark (Excel shows the accents), one row per record."""
    content = io.StringIO()
    content.write("\ufeff")
    writer = csv.writer(content)
    writer.writerow(column.name for column in columns)
    for record in records:
        writer.writerow("" if record[c.name] is None else record[c.name] for c in columns)
    response = HttpResponse(content.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(records, *, key, description) -> JsonResponse:
    """{"descripcion", "generado", "ultima_modificacion", "total", <key>: [records]}."""
    updates = [r["fecha_actualizacion"] for r in records if r.get("fecha_actualizacion")]
    data = {
        "descripcion": description,
        "generado": timezone.now().isoformat(),
        # Every update time is written alike in UTC, so the latest is also the greatest text.
        "ultima_modificacion": max(updates, default=None),
        "total": len(records),
        key: records,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
