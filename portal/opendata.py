"""
Open data of the portal's own content, written from a list of columns: the events calendar.

Each column says its name, what it means, its type (as the data dictionary of /datos/ shows it)
and what it reads from an event's row. Column names are stable: add new ones at the end, never
rename or remove one (docs/datos-abiertos.md lists them).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone


@dataclass(frozen=True)
class Column:
    """
    One column. `source` is the field it reads with `values()` (a related one through `__`);
    `read(value, absolute)`, when given, turns that value into the JSON one (`absolute` turns a
    path into a full address); without it the value is written as read.
    """

    name: str
    description: str
    type: str
    source: str
    read: Callable | None = None


def _iso(moment, absolute):
    return moment.isoformat() if moment else None


def event_address(slug, absolute):
    """The event's page: its URL name reversed, as Event.get_absolute_url() does."""
    return absolute(reverse("portal:event_detail", args=[slug]))


EVENT_COLUMNS = [
    Column("identificador", "Ruta única y estable del evento (slug).", "texto", "slug"),
    Column("titulo", "Título del evento.", "texto", "title"),
    Column("resumen", "Resumen del evento.", "texto", "summary"),
    Column(
        "entidad",
        "Entidad que lo organiza (Alcaldía, Personería, Concejo).",
        "texto",
        "entity__name",
    ),
    Column("lugar", "Lugar donde se realiza.", "texto", "location"),
    Column("inicio", "Fecha y hora de inicio (ISO 8601).", "fecha y hora", "starts_at", _iso),
    Column(
        "fin",
        "Fecha y hora de fin (ISO 8601); vacía si no se indicó.",
        "fecha y hora",
        "ends_at",
        _iso,
    ),
    Column("url", "Dirección del evento en el portal.", "dirección web", "slug", event_address),
    Column(
        "fecha_actualizacion",
        "Fecha y hora (ISO 8601) del último cambio del evento.",
        "fecha y hora",
        "updated_at",
        _iso,
    ),
]


def records(queryset, columns, absolute) -> list[dict]:
    """
    The rows of `queryset`, in its order, as JSON objects of `columns`: one `values()` query
    for the fields the columns read. Open data is a table: no model instances.
    """
    rows = queryset.values(*dict.fromkeys(column.source for column in columns))
    return [
        {
            column.name: (
                row[column.source]
                if column.read is None
                else column.read(row[column.source], absolute)
            )
            for column in columns
        }
        for row in rows
    ]


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
