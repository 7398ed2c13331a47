"""
The published catalogue as open data (CSV and JSON) and as schema.org structured data.

Both exports are written from COLUMNS, one line per column: its name, its description, what it
reads from a sheet's row and how to write it. Column names are stable: add new ones at the end,
never rename or remove one (docs/datos-abiertos.md copies the table).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from .models import ProcedureForm, Requirement, Step

KIND_CODES = {"tramite": "tramite", "opa": "opa", "servicio": "servicio"}
AUTOMATION_CODES = {
    "info": "solo_informacion",
    "partial": "parcialmente_en_linea",
    "full": "totalmente_en_linea",
}
TIME_UNIT_CODES = {"business": "dias_habiles", "calendar": "dias_calendario"}


@dataclass(frozen=True)
class Column:
    """
    One column of the exports. `source` is what it reads from a sheet's row (see `rows`): a
    field for `values()`, related ones through `__`, or the name of one of LISTS. `read(value,
    absolute)`, when given, turns that value into the JSON one (`absolute` turns a path into a
    full address); without it the value is written as read. The CSV writes lists one item per
    line (the item's `line` key when items are objects), booleans as si/no and None as an empty
    cell.
    """

    name: str
    description: str
    source: str
    read: Callable | None = None
    line: str | None = None

    def csv_cell(self, value):
        if isinstance(value, list):
            return "\n".join(item[self.line] if self.line else item for item in value)
        if isinstance(value, bool):
            return "si" if value else "no"
        return value


def whole_pesos(amount, absolute):
    return None if amount is None else int(amount)


def iso_or_none(moment, absolute):
    return None if moment is None else moment.isoformat()


def requirements(items, absolute):
    return [
        {"descripcion": description, "requiere_documento": needs_document}
        for description, needs_document in items
    ]


def steps(items, absolute):
    return [description for (description,) in items]


def forms(items, absolute):
    storage = ProcedureForm._meta.get_field("file").storage
    return [{"titulo": title, "url": absolute(storage.url(name))} for title, name in items]


def sheet_address(slug, absolute):
    """The sheet's page: its URL name reversed, as Procedure.get_absolute_url() does."""
    return absolute(reverse("tramites:detail", args=[slug]))


# The lists the columns above read, as (model, fields) read in one query each by `rows`.
LISTS = {
    "requirements": (Requirement, ("description", "needs_document")),
    "steps": (Step, ("description",)),
    "forms": (ProcedureForm, ("title", "file")),
}


COLUMNS = [
    Column("identificador", "Ruta única y estable de la ficha (slug).", "slug"),
    Column(
        "codigo_suit",
        "Número único del trámite en el SUIT; vacío si aún no se ha verificado.",
        "suit_code",
    ),
    Column("clase", "tramite, opa o servicio.", "kind", lambda kind, a: KIND_CODES[kind]),
    Column("nombre", "Nombre del trámite.", "name"),
    Column("tema", "Tema del catálogo.", "category__name", lambda name, a: name or ""),
    Column(
        "entidad",
        "Entidad responsable (Alcaldía, Personería, Concejo).",
        "office__entity__name",
    ),
    Column("dependencia", "Dependencia que lo atiende.", "office__name"),
    Column("proposito", "Para qué sirve.", "purpose"),
    Column("quien_puede_solicitarlo", "Quién puede pedirlo.", "who_may_ask"),
    Column(
        "requisitos",
        "Requisitos, uno por línea, en orden.",
        "requirements",
        requirements,
        "descripcion",
    ),
    Column("pasos", "Pasos, uno por línea, en orden.", "steps", steps),
    Column("es_gratuito", "si o no.", "is_free"),
    Column(
        "costo_valor",
        "Valor en pesos colombianos, sin decimales; vacío si varía o es gratuito.",
        "cost_amount",
        whole_pesos,
    ),
    Column("costo_descripcion", "Cómo se calcula el costo cuando varía.", "cost_description"),
    Column("costo_norma", "Norma que fija el costo.", "cost_legal_basis"),
    Column("lugar_de_pago", "Dónde y cómo se paga.", "payment_place"),
    Column(
        "tiempo_respuesta",
        "Número de días; 0 es inmediato; vacío si no se ha indicado.",
        "response_time_value",
    ),
    Column(
        "tiempo_respuesta_unidad",
        "dias_habiles o dias_calendario.",
        "response_time_unit",
        lambda unit, a: TIME_UNIT_CODES[unit],
    ),
    Column(
        "tiempo_respuesta_observaciones",
        "Aclaraciones sobre el tiempo de respuesta.",
        "response_time_notes",
    ),
    Column(
        "atencion_presencial_direccion", "Dirección de atención presencial.", "in_person_address"
    ),
    Column("atencion_presencial_horario", "Horario de atención presencial.", "in_person_hours"),
    Column("telefono", "Teléfono de atención.", "phone"),
    Column("correo", "Correo electrónico de atención.", "email"),
    Column(
        "nivel_automatizacion",
        "solo_informacion, parcialmente_en_linea o totalmente_en_linea.",
        "automation_level",
        lambda level, a: AUTOMATION_CODES[level],
    ),
    Column("enlace_en_linea", "Dirección donde se hace en línea, si existe.", "online_url"),
    Column("resultado", "Lo que obtiene quien lo hace.", "result"),
    Column("fundamento_legal", "Normas que lo regulan.", "legal_basis"),
    Column("seguimiento", "Cómo hacer seguimiento a la solicitud.", "tracking"),
    Column(
        "formularios",
        "Direcciones de los formularios descargables, una por línea.",
        "forms",
        forms,
        "url",
    ),
    Column("url_ficha", "Dirección de la ficha en el portal.", "slug", sheet_address),
    Column(
        "fecha_ultima_revision",
        "Fecha (AAAA-MM-DD) de la última revisión; vacía si nunca.",
        "last_reviewed_on",
        iso_or_none,
    ),
    Column(
        "por_revisar",
        "si mientras ningún funcionario haya confirmado la ficha.",
        "needs_review",
    ),
    Column(
        "fecha_actualizacion",
        "Fecha y hora (ISO 8601) del último cambio de la ficha.",
        "updated_at",
        iso_or_none,
    ),
]


def rows(sheets) -> list[dict]:
    """
    The sheets of the queryset `sheets` as the rows COLUMNS read, in the queryset's order: one
    `values()` query for the fields the columns name (the related names joined in it), and one
    query per list, each item as a tuple of its LISTS fields in the list's order (selected by
    `sheets` as a subquery). The exports are tables: no model instances.
    """
    sources = dict.fromkeys(column.source for column in COLUMNS if column.source not in LISTS)
    read = list(sheets.values("pk", *sources))
    if not read:
        return read
    by_id = {}
    for row in read:
        row.update({name: [] for name in LISTS})
        by_id[row["pk"]] = row
    for name, (model, fields) in LISTS.items():
        items = model.objects.filter(procedure__in=sheets.values("pk"))
        for procedure_id, *values in items.values_list("procedure_id", *fields):
            # A sheet published between the two queries is left for the next export.
            if procedure_id in by_id:
                by_id[procedure_id][name].append(tuple(values))
    return read


def json_record(row, absolute) -> dict:
    """
    One sheet's row (see `rows`) as a JSON object: every column, with lists, booleans, numbers
    and null.
    """
    return {
        column.name: (
            row[column.source] if column.read is None else column.read(row[column.source], absolute)
        )
        for column in COLUMNS
    }


def csv_row(record) -> list:
    """A `json_record` as a CSV row: lists as lines, booleans as si/no."""
    return [column.csv_cell(record[column.name]) for column in COLUMNS]


def government_service(procedure, url, municipality) -> dict:
    """schema.org GovernmentService for a sheet; `url` is the sheet's absolute address."""
    place = f"{municipality.name}, {municipality.department}"
    channels = []
    if procedure.in_person_address:
        channels.append(
            {
                "@type": "ServiceChannel",
                "name": "Atención presencial",
                "servicePostalAddress": {
                    "@type": "PostalAddress",
                    "streetAddress": procedure.in_person_address,
                    "addressLocality": municipality.name,
                    "addressRegion": municipality.department,
                    "addressCountry": "CO",
                },
                "availableLanguage": "es",
            }
        )
    if procedure.is_online:
        channels.append(
            {"@type": "ServiceChannel", "name": "En línea", "serviceUrl": procedure.online_url}
        )
    if procedure.phone:
        channels.append(
            {
                "@type": "ServiceChannel",
                "name": "Teléfono",
                "servicePhone": {"@type": "ContactPoint", "telephone": procedure.phone},
            }
        )
    if procedure.response_time_value is not None:
        duration = f"P{procedure.response_time_value}D"
        for channel in channels:
            channel["processingTime"] = duration
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": procedure.name,
        "url": url,
        "description": procedure.purpose,
        "serviceType": procedure.get_kind_display(),
        "areaServed": {"@type": "City", "name": place},
        "provider": {
            "@type": "GovernmentOrganization",
            "name": procedure.office.entity.name,
            "department": {"@type": "GovernmentOrganization", "name": procedure.office.name},
        },
        "availableChannel": channels,
    }
    if procedure.category:
        data["category"] = procedure.category.name
    if procedure.who_may_ask:
        data["audience"] = {"@type": "Audience", "audienceType": procedure.who_may_ask}
    if procedure.is_free or procedure.cost_amount is not None:
        price = 0 if procedure.is_free else int(procedure.cost_amount)
        data["offers"] = {"@type": "Offer", "price": str(price), "priceCurrency": "COP"}
    return data
