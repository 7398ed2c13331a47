"""
The instruments 7.1.1–7.1.3 and the coverage of the transparency menu as open data (CSV and
JSON). Each table's columns are declared once, here: name, meaning, type and how to read the
value from a row. docs/datos-abiertos.md copies these tables (a test checks it); column names
are stable: add new ones at the end, never rename or remove one.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    type: str  # "texto", "fecha", "número", "url"
    read: Callable

    @property
    def header(self):
        """The column's header on the item's page."""
        return HEADERS.get(self.name) or self.name.replace("_", " ").capitalize()


HEADERS = {
    "entidad": "Entidad",
    "categoria": "Categoría de información",
    "descripcion": "Descripción del contenido",
    "idioma": "Idioma",
    "medio_de_conservacion": "Medio de conservación o soporte",
    "formato": "Formato",
    "publicada_o_disponible": "Publicada o disponible",
    "lugar_de_consulta": "Lugar de consulta",
    "dependencia": "Dependencia",
    "titulo": "Nombre o título de la información",
    "fecha_de_generacion": "Fecha de generación",
    "responsable_de_la_produccion": "Responsable de la producción",
    "responsable_de_la_informacion": "Responsable de la información",
    "objetivo_legitimo": "Objetivo legítimo de la excepción",
    "fundamento_constitucional_o_legal": "Fundamento constitucional o legal",
    "fundamento_juridico": "Fundamento jurídico de la excepción",
    "excepcion": "Excepción total o parcial",
    "fecha_de_calificacion": "Fecha de la calificación",
    "plazo": "Plazo de la clasificación o reserva",
    "frecuencia_de_actualizacion": "Frecuencia de actualización",
}


def attr(name):
    return lambda row: getattr(row, name)


def display(name):
    """The human label of a choice field (e.g. "Electrónico")."""
    return lambda row: getattr(row, f"get_{name}_display")()


def iso(name):
    def read(row):
        value = getattr(row, name)
        return value.isoformat() if isinstance(value, datetime.date) else value

    return read


ENTITY = Column(
    "entidad", "Sujeto obligado que publica el instrumento.", "texto", lambda r: r.entity.name
)
OFFICE = Column(
    "dependencia",
    "Dependencia que produce o custodia la información.",
    "texto",
    lambda r: r.office.name,
)
LANGUAGE = Column("idioma", "Idioma en que está la información.", "texto", attr("language"))
MEDIUM = Column(
    "medio_de_conservacion",
    "Medio de conservación o soporte: Electrónico, Físico, o Físico y electrónico.",
    "texto",
    display("medium"),
)

INSTRUMENT_COLUMNS = {
    # Decreto 1081 de 2015, arts. 2.1.1.5.1.1 y ss.; Resolución 1519 de 2020, ítem 7.1.1 a–g.
    "registro_activos": [
        ENTITY,
        Column(
            "categoria",
            "Nombre o título de la categoría de información.",
            "texto",
            attr("category"),
        ),
        Column(
            "descripcion",
            "Descripción del contenido de la categoría de información.",
            "texto",
            attr("description"),
        ),
        LANGUAGE,
        MEDIUM,
        Column("formato", "Formato (PDF, XLSX, HTML, papel…).", "texto", attr("format")),
        Column(
            "publicada_o_disponible",
            "Publicada, o Disponible (se entrega si se solicita).",
            "texto",
            display("availability"),
        ),
        Column(
            "lugar_de_consulta",
            "Dirección donde se consulta, si está publicada.",
            "url",
            attr("location"),
        ),
        OFFICE,
    ],
    # Decreto 1081 de 2015, arts. 2.1.1.5.2.1 y ss.; Resolución 1519 de 2020, ítem 7.1.2 a–m.
    "indice_clasificada": [
        ENTITY,
        Column(
            "categoria",
            "Nombre o título de la categoría de información.",
            "texto",
            attr("category"),
        ),
        Column("titulo", "Nombre o título de la información.", "texto", attr("title")),
        LANGUAGE,
        MEDIUM,
        Column(
            "fecha_de_generacion",
            "Fecha de generación de la información (AAAA-MM-DD).",
            "fecha",
            iso("generated_on"),
        ),
        Column(
            "responsable_de_la_produccion",
            "Nombre del responsable de la producción de la información.",
            "texto",
            attr("producer_name"),
        ),
        Column(
            "responsable_de_la_informacion",
            "Nombre del responsable de la información.",
            "texto",
            attr("responsible_name"),
        ),
        Column(
            "objetivo_legitimo",
            "Objetivo legítimo de la excepción.",
            "texto",
            attr("legitimate_aim"),
        ),
        Column(
            "fundamento_constitucional_o_legal",
            "Fundamento constitucional o legal (p. ej. Ley 1712 de 2014, art. 18).",
            "texto",
            attr("legal_basis"),
        ),
        Column(
            "fundamento_juridico",
            "Fundamento jurídico de la excepción.",
            "texto",
            attr("legal_ground"),
        ),
        Column("excepcion", "Excepción total o parcial.", "texto", display("scope")),
        Column(
            "fecha_de_calificacion",
            "Fecha en que se calificó la información como clasificada o reservada.",
            "fecha",
            iso("classified_on"),
        ),
        Column("plazo", "Plazo de la clasificación o reserva.", "texto", attr("term")),
        OFFICE,
    ],
    # Decreto 1081 de 2015, arts. 2.1.1.5.3.1 y ss.; Resolución 1519 de 2020, ítem 7.1.3 a–i.
    "esquema_publicacion": [
        ENTITY,
        Column("titulo", "Nombre o título de la información.", "texto", attr("title")),
        LANGUAGE,
        MEDIUM,
        Column("formato", "Formato (HTML, PDF, CSV…).", "texto", attr("format")),
        Column(
            "fecha_de_generacion",
            "Fecha de generación de la información.",
            "texto",
            attr("generated"),
        ),
        Column(
            "frecuencia_de_actualizacion",
            "Frecuencia de actualización.",
            "texto",
            display("update_frequency"),
        ),
        Column(
            "lugar_de_consulta",
            "Lugar de consulta (dirección o sitio físico).",
            "texto",
            attr("location"),
        ),
        Column(
            "responsable_de_la_produccion",
            "Nombre del responsable de la producción de la información.",
            "texto",
            attr("producer_name"),
        ),
        Column(
            "responsable_de_la_informacion",
            "Nombre del responsable de la información.",
            "texto",
            attr("responsible_name"),
        ),
        OFFICE,
    ],
}

INSTRUMENT_TITLES = {
    "registro_activos": "Registro de activos de información",
    "indice_clasificada": "Índice de información clasificada y reservada",
    "esquema_publicacion": "Esquema de publicación de información",
}

# One row per entity and category of the menu (see stats.coverage()).
COVERAGE_COLUMNS = [
    Column("entidad", "Sujeto obligado.", "texto", lambda r: r.entity.name),
    Column("categoria", "Numeral de la categoría del menú (1 a 10).", "texto", lambda r: r.code),
    Column("nombre_categoria", "Nombre oficial de la categoría.", "texto", lambda r: r.label),
    Column(
        "items_que_aplican", "Ítems finales que aplican a la entidad.", "número", lambda r: r.items
    ),
    Column(
        "items_con_informacion",
        "Ítems que aplican y tienen información.",
        "número",
        lambda r: r.filled,
    ),
    Column(
        "items_en_construccion",
        "Ítems que aplican y aún no tienen información.",
        "número",
        lambda r: r.empty,
    ),
    Column(
        "items_desactualizados",
        "Ítems con información no actualizada en su plazo.",
        "número",
        lambda r: r.stale,
    ),
    Column(
        "items_no_aplica",
        "Ítems que no aplican a la entidad (con razón legal).",
        "número",
        lambda r: r.not_applicable,
    ),
    Column(
        "porcentaje_con_informacion",
        "Ítems con información sobre los que aplican, en %.",
        "número",
        lambda r: r.share_filled,
    ),
    Column(
        "ultima_actualizacion",
        "Fecha más reciente de actualización de un ítem de la categoría (AAAA-MM-DD).",
        "fecha",
        lambda r: r.last_updated.isoformat() if r.last_updated else None,
    ),
]
