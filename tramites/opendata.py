"""
The published catalogue as open data (CSV and JSON) and as schema.org structured data.

Both exports are written from COLUMNS, one line per column: its name, its description and how
to read it from a sheet. Column names are stable: add new ones at the end, never rename or
remove one (docs/datos-abiertos.md copies the table).
"""

from collections.abc import Callable
from dataclasses import dataclass

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
    One column of the exports. `read(sheet, absolute)` gives its JSON value; `absolute` turns a
    path into a full address. The CSV writes lists one item per line (the item's `line` key
    when items are objects), booleans as si/no and None as an empty cell.
    """

    name: str
    description: str
    read: Callable
    line: str | None = None

    def csv_cell(self, value):
        if isinstance(value, list):
            return "\n".join(item[self.line] if self.line else item for item in value)
        if isinstance(value, bool):
            return "si" if value else "no"
        return value


def field(name):
    """A column that is the sheet's attribute `name` as stored."""
    return lambda sheet, absolute: getattr(sheet, name)


def whole_pesos(sheet, absolute):
    return None if sheet.cost_amount is None else int(sheet.cost_amount)


def requirements(sheet, absolute):
    return [
        {"descripcion": description, "requiere_documento": needs_document}
        for description, needs_document in sheet.open_data_lists["requirements"]
    ]


def steps(sheet, absolute):
    return [description for (description,) in sheet.open_data_lists["steps"]]


def forms(sheet, absolute):
    storage = ProcedureForm._meta.get_field("file").storage
    return [
        {"titulo": title, "url": absolute(storage.url(name))}
        for title, name in sheet.open_data_lists["forms"]
    ]


# The lists the columns above read, as (model, fields) read in one query each by `for_export`.
LISTS = {
    "requirements": (Requirement, ("description", "needs_document")),
    "steps": (Step, ("description",)),
    "forms": (ProcedureForm, ("title", "file")),
}


def for_export(sheets) -> list:
    """
    The sheets of the queryset `sheets`, each with `open_data_lists`: its requirements, steps
    and forms in their order, as plain values (one query per list, selected by `sheets` as a
    subquery; no model instances: the exports are tables).
    """
    read = list(sheets)
    if not read:
        return read
    by_id = {}
    for sheet in read:
        sheet.open_data_lists = {name: [] for name in LISTS}
        by_id[sheet.pk] = sheet.open_data_lists
    for name, (model, fields) in LISTS.items():
        rows = model.objects.filter(procedure__in=sheets.values("pk"))
        for procedure_id, *values in rows.values_list("procedure_id", *fields):
            # A sheet published between the two queries is left for the next export.
            if procedure_id in by_id:
                by_id[procedure_id][name].append(tuple(values))
    return read


COLUMNS = [
    Column("identificador", "Ruta única y estable de la ficha (slug).", field("slug")),
    Column(
        "codigo_suit",
        "Número único del trámite en el SUIT; vacío si aún no se ha verificado.",
        field("suit_code"),
    ),
    Column("clase", "tramite, opa o servicio.", lambda s, a: KIND_CODES[s.kind]),
    Column("nombre", "Nombre del trámite.", field("name")),
    Column("tema", "Tema del catálogo.", lambda s, a: s.category.name if s.category else ""),
    Column(
        "entidad",
        "Entidad responsable (Alcaldía, Personería, Concejo).",
        lambda s, a: s.office.entity.name,
    ),
    Column("dependencia", "Dependencia que lo atiende.", lambda s, a: s.office.name),
    Column("proposito", "Para qué sirve.", field("purpose")),
    Column("quien_puede_solicitarlo", "Quién puede pedirlo.", field("who_may_ask")),
    Column("requisitos", "Requisitos, uno por línea, en orden.", requirements, "descripcion"),
    Column(
        "pasos",
        "Pasos, uno por línea, en orden.",
        steps,
    ),
    Column("es_gratuito", "si o no.", field("is_free")),
    Column(
        "costo_valor",
        "Valor en pesos colombianos, sin decimales; vacío si varía o es gratuito.",
        whole_pesos,
    ),
    Column(
        "costo_descripcion", "Cómo se calcula el costo cuando varía.", field("cost_description")
    ),
    Column("costo_norma", "Norma que fija el costo.", field("cost_legal_basis")),
    Column("lugar_de_pago", "Dónde y cómo se paga.", field("payment_place")),
    Column(
        "tiempo_respuesta",
        "Número de días; 0 es inmediato; vacío si no se ha indicado.",
        field("response_time_value"),
    ),
    Column(
        "tiempo_respuesta_unidad",
        "dias_habiles o dias_calendario.",
        lambda s, a: TIME_UNIT_CODES[s.response_time_unit],
    ),
    Column(
        "tiempo_respuesta_observaciones",
        "Aclaraciones sobre el tiempo de respuesta.",
        field("response_time_notes"),
    ),
    Column(
        "atencion_presencial_direccion",
        "Dirección de atención presencial.",
        field("in_person_address"),
    ),
    Column(
        "atencion_presencial_horario", "Horario de atención presencial.", field("in_person_hours")
    ),
    Column("telefono", "Teléfono de atención.", field("phone")),
    Column("correo", "Correo electrónico de atención.", field("email")),
    Column(
        "nivel_automatizacion",
        "solo_informacion, parcialmente_en_linea o totalmente_en_linea.",
        lambda s, a: AUTOMATION_CODES[s.automation_level],
    ),
    Column("enlace_en_linea", "Dirección donde se hace en línea, si existe.", field("online_url")),
    Column("resultado", "Lo que obtiene quien lo hace.", field("result")),
    Column("fundamento_legal", "Normas que lo regulan.", field("legal_basis")),
    Column("seguimiento", "Cómo hacer seguimiento a la solicitud.", field("tracking")),
    Column(
        "formularios", "Direcciones de los formularios descargables, una por línea.", forms, "url"
    ),
    Column(
        "url_ficha",
        "Dirección de la ficha en el portal.",
        lambda s, absolute: absolute(s.get_absolute_url()),
    ),
    Column(
        "fecha_ultima_revision",
        "Fecha (AAAA-MM-DD) de la última revisión; vacía si nunca.",
        lambda s, a: s.last_reviewed_on.isoformat() if s.last_reviewed_on else None,
    ),
    Column(
        "por_revisar",
        "si mientras ningún funcionario haya confirmado la ficha.",
        field("needs_review"),
    ),
    Column(
        "fecha_actualizacion",
        "Fecha y hora (ISO 8601) del último cambio de la ficha.",
        lambda s, a: s.updated_at.isoformat(),
    ),
]


def json_record(sheet, absolute) -> dict:
    """One sheet as a JSON object: every column, with lists, booleans, numbers and null."""
    return {column.name: column.read(sheet, absolute) for column in COLUMNS}


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
