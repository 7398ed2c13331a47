"""
The open-data catalogue (/datos/): every dataset the portal publishes, declared once.

DATASETS is the one registry. Each entry says what the dataset is (title, description, the
entity that publishes it, how often it changes, keywords), its data dictionary (column, meaning,
type), the files it is downloaded as (the URL name of each export and its media type) and how to
read its last modification from the data. The /datos/ pages, the DCAT catalogue
(/datos/catalogo.jsonld) and each page's schema.org Dataset are all written from it, so a new
dataset is one entry here (and its section in docs/datos-abiertos.md).

The exports themselves live in their apps and read only what `published()` returns (or, for
PQRSD, counts without any requester's data); tests/test_datasets.py downloads every file.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from gelt.models import Evaluation, Measurement
from portal import opendata as portal_opendata
from portal.directory_views import CONTRACTOR_COLUMNS, OFFICIAL_COLUMNS
from portal.models import Contractor, Entity, Event, Official
from pqrsd import stats as pqrsd_stats
from pqrsd.models import Request
from tramites import opendata as tramites_opendata
from tramites.models import Procedure
from transparency import opendata as transparency_opendata
from transparency.models import ChangeLogEntry, MenuItem
from transparency.sources import INSTRUMENTS

# The licence of every dataset. Creative Commons Attribución 4.0 Internacional is the licence
# MinTIC's "Guía para el uso y aprovechamiento de Datos Abiertos en Colombia" is itself
# published under and one of those datos.gov.co offers; Ley 1712 de 2014 (art. 6 j) asks for
# data free to reuse. See docs/datos-abiertos.md, "Licencia", to change it.
LICENSE_NAME = "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.es"
LICENSE_URI = "https://creativecommons.org/licenses/by/4.0/"

IANA = "https://www.iana.org/assignments/media-types/"
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"


@dataclass(frozen=True)
class Frequency:
    label: str  # Spanish, as the pages show it
    uri: str  # the EU frequency vocabulary that DCAT-AP and CKAN use


CONTINUOUS = Frequency("Continua: cada cambio se publica al momento", EU_FREQUENCY + "UPDATE_CONT")
DAILY = Frequency("Diaria", EU_FREQUENCY + "DAILY")
QUARTERLY = Frequency("Trimestral", EU_FREQUENCY + "QUARTERLY")
ANNUAL = Frequency("Anual", EU_FREQUENCY + "ANNUAL")
IRREGULAR = Frequency("Irregular: cuando cambia", EU_FREQUENCY + "IRREG")


@dataclass(frozen=True)
class Field:
    """A column of the data dictionary."""

    name: str
    description: str
    type: str  # texto, número entero, número decimal, fecha, fecha y hora, sí/no, dirección web…


@dataclass(frozen=True)
class Distribution:
    """One file of a dataset: its format, the URL name of its export and its media type."""

    format: str  # CSV, JSON
    url_name: str
    media_type: str
    url_kwargs: tuple[tuple[str, str], ...] = ()  # fixed URL arguments (e.g. the instrument)
    entity_kwarg: str = ""  # the URL argument that takes the publishing entity's slug

    def url_for(self, entity_slug: str = "") -> str:
        kwargs = dict(self.url_kwargs)
        if self.entity_kwarg:
            kwargs[self.entity_kwarg] = entity_slug
        return reverse(self.url_name, kwargs=kwargs)


def csv_and_json(
    csv_name: str, json_name: str, *, entity_kwarg: str = "", **kwargs
) -> tuple[Distribution, Distribution]:
    url_kwargs = tuple(sorted(kwargs.items()))
    return (
        Distribution("CSV", csv_name, "text/csv", url_kwargs, entity_kwarg),
        Distribution("JSON", json_name, "application/json", url_kwargs, entity_kwarg),
    )


@dataclass(frozen=True)
class Download:
    """A distribution with its address, as pages and catalogues link it."""

    format: str
    media_type: str
    url: str

    @property
    def media_type_uri(self) -> str:
        return IANA + self.media_type


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    publisher: str  # an Entity.Kind: the entity that answers for the data
    frequency: Frequency
    keywords: tuple[str, ...]
    fields: tuple[Field, ...]
    distributions: tuple[Distribution, ...]
    # Reads the newest change of the data (an aware datetime, or None when there is none) in
    # one query; `memo`, a dict shared by one listing, lets datasets read their dates together.
    last_modified: Callable[[dict], datetime.datetime | None]
    landing_page: str = ""  # URL name of the page that shows the same data to people
    # The transparency source (transparency.models.Source) whose menu item may carry the
    # dataset's address on datos.gov.co (the 7.1 instruments).
    source: str = ""
    # True when the data carries dates without times (its last modification is the start of
    # that day, shown and published as a date).
    dated: bool = False
    # True when the files are the publisher entity's own (their URLs take its slug): listed
    # only while that entity exists and once it has data (an instrument not yet filled in).
    per_entity: bool = False

    def get_absolute_url(self) -> str:
        return reverse("datos:dataset", args=[self.slug])


def newest(model_or_queryset, *fields) -> datetime.datetime | None:
    """The latest value of `fields` over the rows, in one query (None when there are none)."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    values = queryset.aggregate(**{name: Max(name) for name in fields}).values()
    return max((value for value in values if value is not None), default=None)


# The type of each column of the trámites export (its names and meanings are in
# tramites/opendata.py, COLUMNS).
PROCEDURE_TYPES = {
    "codigo_suit": "texto",
    "es_gratuito": "sí/no",
    "costo_valor": "número entero (pesos)",
    "tiempo_respuesta": "número entero (días)",
    "enlace_en_linea": "dirección web",
    "url_ficha": "dirección web",
    "requisitos": "lista de textos",
    "pasos": "lista de textos",
    "formularios": "lista de direcciones web",
    "fecha_ultima_revision": "fecha",
    "por_revisar": "sí/no",
    "fecha_actualizacion": "fecha y hora",
}

UNDESCRIBED = "Sin descripción todavía."

PQRSD_FIELDS = {
    "entidad": ("Alcaldía, Personería o Concejo.", "texto"),
    "dependencia": ("Dependencia responsable, o «Por asignar» si aún no se repartió.", "texto"),
    "recibidas": ("Solicitudes radicadas en el periodo.", "número entero"),
    "respondidas": ("De ellas, las que ya tienen respuesta.", "número entero"),
    "respondidas_a_tiempo": (
        "Respondidas a más tardar en la fecha límite (con prórroga si la hubo).",
        "número entero",
    ),
    "vencidas_sin_respuesta": (
        "Abiertas con la fecha límite ya pasada (sin contar las suspendidas).",
        "número entero",
    ),
    "base_porcentaje_a_tiempo": (
        "Solicitudes sobre las que se mide la oportunidad: las respondidas más las vencidas "
        "sin respuesta.",
        "número entero",
    ),
    "porcentaje_a_tiempo": (
        "respondidas_a_tiempo / base_porcentaje_a_tiempo × 100, con un decimal; vacío si la "
        "base es cero.",
        "número decimal",
    ),
    "respuestas_promediadas": (
        "Respuestas cuyo tiempo en días hábiles se conoce (la base del promedio).",
        "número entero",
    ),
    "promedio_dias_habiles_respuesta": (
        "Días hábiles promedio entre el recibo y la respuesta, con un decimal.",
        "número decimal",
    ),
    "nivel": (
        "«dependencia» para la fila de una dependencia; «total_entidad» para el total de la "
        "entidad, que sigue a sus dependencias (no lo sume con ellas).",
        "texto",
    ),
}

# The Decreto 1081 report (pqrsd/stats.py REPORT_COLUMNS): the statistics' meanings plus its own.
PQRSD_REPORT_FIELDS = {
    **PQRSD_FIELDS,
    "trasladadas": (
        "Trasladadas a la autoridad competente por no ser de competencia de la entidad "
        "(Ley 1755 de 2015, art. 21).",
        "número entero",
    ),
    "respondidas_tarde": ("Respondidas después de la fecha límite.", "número entero"),
    "acceso_negado": (
        "Respuestas que negaron, total o parcialmente, el acceso a la información (Ley 1712 "
        "de 2014, arts. 18 y 19).",
        "número entero",
    ),
}


# The directory (Res. 1519, item 1.5; Decreto 1081 de 2015, art. 2.1.1.2.1.5): the only personal
# data the catalogue publishes, because the law orders it. Meanings of the columns of
# portal/directory_views.py (OFFICIAL_COLUMNS, CONTRACTOR_COLUMNS).
DIRECTORY_FIELDS = {
    "entidad": ("Entidad (Alcaldía, Personería o Concejo).", "texto"),
    "dependencia": ("Dependencia donde presta sus servicios.", "texto"),
    "nombre": ("Nombres y apellidos.", "texto"),
    "cargo": ("Empleo, cargo o actividad que desempeña.", "texto"),
    "correo_institucional": ("Correo electrónico institucional.", "texto (correo)"),
    "telefono_institucional": ("Teléfono institucional.", "texto"),
    "pais_nacimiento": ("País de nacimiento.", "texto"),
    "departamento_nacimiento": ("Departamento de nacimiento.", "texto"),
    "municipio_nacimiento": ("Municipio de nacimiento.", "texto"),
    "formacion_academica": ("Formación académica.", "texto"),
    "experiencia": ("Experiencia laboral y profesional.", "texto"),
    "url_sigep": (
        "Dirección de su hoja de vida en el SIGEP (puede reemplazar formación y experiencia).",
        "dirección web",
    ),
    "escala_salarial": ("Escala salarial del empleo.", "texto"),
    "fecha_ingreso": ("Fecha de vinculación (AAAA-MM-DD).", "fecha"),
    "es_jefe_dependencia": ("si cuando dirige su dependencia; no en otro caso.", "sí/no"),
    "numero_contrato": ("Número del contrato.", "texto"),
    "objeto": ("Objeto del contrato.", "texto"),
    "valor_honorarios": ("Valor total de los honorarios, en pesos.", "número decimal (pesos)"),
    "fecha_inicio": ("Fecha de inicio del contrato (AAAA-MM-DD).", "fecha"),
    "fecha_terminacion": ("Fecha de terminación del contrato (AAAA-MM-DD).", "fecha"),
    "url_secop": ("Dirección del contrato en el SECOP.", "dirección web"),
}

# transparency/opendata.py writes "url" and "número"; the dictionary says it in words.
TYPE_WORDS = {"url": "dirección web"}

# How titles ("… de la Alcaldía") and descriptions ("… que la Alcaldía genera") name an entity.
ENTITY_NAMES = {
    Entity.Kind.ALCALDIA: ("de la Alcaldía", "la Alcaldía"),
    Entity.Kind.PERSONERIA: ("de la Personería", "la Personería"),
    Entity.Kind.CONCEJO: ("del Concejo", "el Concejo"),
}
INSTRUMENT_DESCRIPTIONS = {
    "registro_activos": (
        "Inventario de la información pública que {entity} genera, obtiene, adquiere o "
        "controla: categoría, descripción, idioma, medio de conservación, formato, si está "
        "publicada o disponible y dónde se consulta (Ley 1712 de 2014, art. 13; Decreto 1081 "
        "de 2015, art. 2.1.1.5.1.1; Resolución 1519 de 2020, ítem 7.1.1)."
    ),
    "indice_clasificada": (
        "Inventario de la información de {entity} calificada como clasificada o reservada, "
        "con el fundamento de cada excepción, su alcance y su plazo (Ley 1712 de 2014, "
        "arts. 18 a 20; Decreto 1081 de 2015, art. 2.1.1.5.2.1; Resolución 1519 de 2020, "
        "ítem 7.1.2)."
    ),
    "esquema_publicacion": (
        "La información que {entity} publica de forma proactiva: qué, en qué formato, con qué "
        "frecuencia, dónde se consulta y quién responde por ella (Ley 1712 de 2014, art. 12; "
        "Decreto 1081 de 2015, art. 2.1.1.5.3.1; Resolución 1519 de 2020, ítem 7.1.3)."
    ),
}


def described(columns, meanings):
    """Fields for column names whose meaning and type are declared in `meanings`."""
    return tuple(Field(name, *meanings.get(name, (UNDESCRIBED, "texto"))) for name in columns)


def typed(columns):
    """Fields for columns that declare their own meaning and type."""
    return tuple(Field(c.name, c.description, TYPE_WORDS.get(c.type, c.type)) for c in columns)


def instrument_datasets():
    """The three instruments of 7.1 as one dataset per instrument and entity."""
    for source, (model, instrument) in INSTRUMENTS.items():
        title = transparency_opendata.INSTRUMENT_TITLES[source]
        for kind, (of_entity, entity) in ENTITY_NAMES.items():
            yield Dataset(
                slug=f"{instrument}-{kind}",
                title=f"{title} {of_entity}",
                description=INSTRUMENT_DESCRIPTIONS[source].format(entity=entity),
                publisher=kind,
                frequency=IRREGULAR,
                keywords=("transparencia", "Ley 1712", "instrumentos de gestión", title),
                fields=typed(transparency_opendata.INSTRUMENT_COLUMNS[source]),
                distributions=csv_and_json(
                    "transparency:instrument_csv",
                    "transparency:instrument_json",
                    entity_kwarg="entity_slug",
                    instrument=instrument,
                ),
                last_modified=partial(instrument_modified, model, kind),
                per_entity=True,
                source=source,
            )


def instrument_modified(model, kind, memo):
    """The newest change of an instrument's rows of an entity: one query for all entities."""
    if model not in memo:
        dates = model.objects.values("entity__kind").annotate(newest=Max("updated_at"))
        memo[model] = {row["entity__kind"]: row["newest"] for row in dates}
    return memo[model].get(kind)


# /gobierno-en-linea/datos.json (gelt/views.py, data_json): three tables in one JSON object.
GELT_FIELDS = {
    "fases": [
        ("orden", "Número de la fase (1 a 5).", "número entero"),
        ("nombre", "Nombre de la fase.", "texto"),
        ("meta_porcentaje", "Meta de cumplimiento de la fase, en %.", "número"),
        ("avance_porcentaje", "Avance ponderado de sus criterios evaluados, en %.", "número"),
        ("estado", "Estado frente a la meta y al plazo.", "texto"),
        ("criterios", "Cuántos criterios tiene la fase.", "número entero"),
        ("criterios_sin_evaluar", "Cuántos aún no tienen evaluación.", "número entero"),
        ("fecha_meta_comite", "Fecha que fijó el comité (AAAA-MM-DD); null si no hay.", "fecha"),
        (
            "plazo_historico_territorial",
            "Plazo del Decreto 1151 de 2008 para entidades territoriales (AAAA-MM-DD).",
            "fecha",
        ),
    ],
    "criterios": [
        ("codigo", "Código del criterio.", "texto"),
        ("nombre", "Texto del criterio.", "texto"),
        ("fase", "Número de su fase.", "número entero"),
        ("fase_nombre", "Nombre de su fase.", "texto"),
        ("peso", "Peso del criterio en su fase.", "número"),
        ("automatico", "true si el portal lo mide solo.", "sí/no"),
        ("verificacion", "Clave de la medición automática; null si es manual.", "texto"),
        ("resultado", "met, partial, not_met o sin_evaluar.", "texto"),
        ("resultado_texto", "El resultado en palabras.", "texto"),
        ("evaluacion", "automática o manual; null si no se ha evaluado.", "texto"),
        ("puntaje", "Puntaje de 0 a 100 de la última evaluación; null si no hay.", "número"),
        ("fecha", "Fecha de la última evaluación (AAAA-MM-DD); null si no hay.", "fecha"),
        ("evidencia", "Qué se verificó.", "texto"),
        ("url_evidencia", "Dirección de la evidencia; null si no hay.", "dirección web"),
    ],
    "indicadores": [
        ("codigo", "Código del indicador.", "texto"),
        ("nombre", "Nombre del indicador.", "texto"),
        ("accion", "Número de la acción del plan a la que pertenece; null si no.", "número"),
        ("unidad", "Unidad del indicador (%, número, por semana, días).", "texto"),
        ("meta", "Meta numérica; null si no tiene.", "número"),
        ("meta_texto", "La meta en palabras.", "texto"),
        ("mas_es_mejor", "true si un valor mayor es mejor.", "sí/no"),
        ("automatico", "true si el portal lo mide solo.", "sí/no"),
        ("ultimo_valor", "Último valor medido; null si no hay.", "número"),
        ("fecha", "Fecha de la última medición (AAAA-MM-DD); null si no hay.", "fecha"),
        ("estado", "Estado frente a la meta.", "texto"),
        ("en_el_plan", "true si está en el plan de acción.", "sí/no"),
    ],
}


def gelt_measured(memo):
    """The day of the newest evaluation or measurement of the GEL-T plan."""
    days = [newest(Evaluation, "date"), newest(Measurement, "date")]
    return start_of_day(max((day for day in days if day), default=None))


def requests_changed(memo):
    """The newest filing, answer or closing of a PQRSD: read once for both PQRSD datasets."""
    if Request not in memo:
        memo[Request] = newest(Request, "filed_at", "answered_at", "closed_at")
    return memo[Request]


def transparency_changed(memo):
    """The newest change of the menu: an item edited, or a change logged (content bound)."""
    moments = [newest(MenuItem, "updated_at"), newest(ChangeLogEntry, "created_at")]
    return max((moment for moment in moments if moment), default=None)


DATASETS = [
    Dataset(
        slug="tramites",
        title="Catálogo de trámites, OPA y servicios",
        description=(
            "Todos los trámites, otros procedimientos administrativos (OPA) y servicios "
            "publicados por las entidades del municipio, con sus requisitos, pasos, costos, "
            "tiempos de respuesta, canales de atención y nivel de automatización, como en la "
            "ficha del SUIT."
        ),
        publisher=Entity.Kind.ALCALDIA,
        frequency=CONTINUOUS,
        keywords=("trámites", "servicios", "SUIT", "atención al ciudadano"),
        fields=tuple(
            Field(c.name, c.description, PROCEDURE_TYPES.get(c.name, "texto"))
            for c in tramites_opendata.COLUMNS
        ),
        distributions=csv_and_json("tramites:export_csv", "tramites:export_json"),
        last_modified=lambda memo: newest(Procedure.objects.published(), "updated_at"),
        landing_page="tramites:catalogue",
    ),
    Dataset(
        slug="estadisticas-pqrsd",
        title="Estadísticas de PQRSD por entidad y dependencia",
        description=(
            "Peticiones, quejas, reclamos, sugerencias y denuncias recibidas, respondidas, "
            "respondidas a tiempo y vencidas, y el tiempo promedio de respuesta en días hábiles, "
            "por entidad y dependencia (Ley 1712 de 2014; Decreto 1081 de 2015, art. "
            "2.1.1.6.2). Solo cifras: ningún dato de quien hizo la solicitud."
        ),
        publisher=Entity.Kind.ALCALDIA,
        frequency=DAILY,
        keywords=("PQRSD", "peticiones", "quejas", "atención al ciudadano", "Ley 1712"),
        # A column added in pqrsd/stats.py shows as undescribed until it is described above
        # (tests/test_datasets.py fails meanwhile), instead of breaking every page.
        fields=described(pqrsd_stats.OPEN_DATA_COLUMNS, PQRSD_FIELDS),
        distributions=csv_and_json("pqrsd:stats_csv", "pqrsd:stats_json"),
        last_modified=requests_changed,
        landing_page="pqrsd:stats",
    ),
    Dataset(
        slug="informe-solicitudes-pqrsd",
        title="Informe de solicitudes de acceso a la información y PQRSD",
        description=(
            "Por entidad y dependencia, para un año o un trimestre (?anio=AAAA&trimestre=N): "
            "solicitudes recibidas, trasladadas a otra autoridad, respondidas a tiempo y tarde, "
            "vencidas sin respuesta y con acceso a la información negado (Decreto 1081 de "
            "2015, art. 2.1.1.6.2). Cada solicitud con su tiempo de respuesta está en "
            "/pqrsd/informes-solicitudes.csv y .json, por partes de 1.000 solicitudes "
            "(?parte=N). Solo cifras y radicados: ningún dato de quien hizo la solicitud."
        ),
        publisher=Entity.Kind.ALCALDIA,
        frequency=QUARTERLY,
        keywords=("PQRSD", "acceso a la información", "Ley 1712", "transparencia pasiva"),
        fields=described(pqrsd_stats.REPORT_COLUMNS, PQRSD_REPORT_FIELDS),
        distributions=csv_and_json("pqrsd:report_csv", "pqrsd:report_json"),
        last_modified=requests_changed,
        landing_page="pqrsd:report",
    ),
    Dataset(
        slug="eventos",
        title="Eventos del municipio",
        description=(
            "Eventos publicados por la Alcaldía, la Personería y el Concejo, pasados y "
            "próximos: rendiciones de cuentas, audiencias públicas, sesiones, jornadas y "
            "actividades culturales, con su fecha, lugar y entidad organizadora."
        ),
        publisher=Entity.Kind.ALCALDIA,
        frequency=CONTINUOUS,
        keywords=("eventos", "agenda", "rendición de cuentas", "participación"),
        fields=typed(portal_opendata.EVENT_COLUMNS),
        distributions=csv_and_json("portal:event_csv", "portal:event_json"),
        last_modified=lambda memo: newest(Event.objects.published(), "updated_at"),
        landing_page="portal:event_list",
    ),
    Dataset(
        slug="directorio",
        title="Directorio de servidores públicos",
        description=(
            "Los servidores públicos de la Alcaldía, la Personería y el Concejo con los datos "
            "que la ley ordena publicar: cargo, dependencia, correo y teléfono institucionales, "
            "lugar de nacimiento, formación, experiencia o enlace al SIGEP, escala salarial y "
            "fecha de ingreso (Decreto 1081 de 2015, art. 2.1.1.2.1.5; Resolución 1519 de 2020, "
            "ítem 1.5)."
        ),
        publisher=Entity.Kind.ALCALDIA,
        frequency=CONTINUOUS,
        keywords=("directorio", "servidores públicos", "talento humano", "Ley 1712"),
        fields=described((name for name, _ in OFFICIAL_COLUMNS), DIRECTORY_FIELDS),
        distributions=csv_and_json("portal:directory_csv", "portal:directory_json"),
        last_modified=lambda memo: newest(Official, "updated_at"),  # leaving is a change too
        landing_page="portal:directory",
    ),
    Dataset(
        slug="contratistas",
        title="Directorio de contratistas de prestación de servicios",
        description=(
            "Los contratistas de prestación de servicios de las entidades del municipio, con "
            "los datos que la ley ordena publicar y su contrato: número, objeto, valor de los "
            "honorarios, fechas de inicio y terminación y enlace al SECOP (Decreto 1081 de "
            "2015, art. 2.1.1.2.1.5; Resolución 1519 de 2020, ítem 1.5)."
        ),
        publisher=Entity.Kind.ALCALDIA,
        frequency=CONTINUOUS,
        keywords=("contratistas", "contratación", "SECOP", "Ley 1712"),
        fields=described((name for name, _ in CONTRACTOR_COLUMNS), DIRECTORY_FIELDS),
        distributions=csv_and_json("portal:contractors_csv", "portal:contractors_json"),
        last_modified=lambda memo: newest(Contractor, "updated_at"),
        landing_page="portal:contractors",
    ),
    Dataset(
        slug="cobertura-transparencia",
        title="Cobertura del menú de Transparencia y acceso a la información",
        description=(
            "Por entidad y categoría del menú de la Resolución 1519 de 2020 (Anexo 2): cuántos "
            "ítems aplican, cuántos tienen información, cuántos están en construcción o "
            "desactualizados y cuándo se actualizó la categoría por última vez."
        ),
        publisher=Entity.Kind.ALCALDIA,
        frequency=DAILY,
        keywords=("transparencia", "Ley 1712", "Resolución 1519", "cumplimiento"),
        fields=typed(transparency_opendata.COVERAGE_COLUMNS),
        distributions=csv_and_json("transparency:coverage_csv", "transparency:coverage_json"),
        last_modified=transparency_changed,
        landing_page="transparency:menu",
    ),
    Dataset(
        slug="gobierno-en-linea",
        title="Avance del plan Gobierno en Línea Territorial (GEL-T)",
        description=(
            "El tablero del comité GEL-T como datos: cada fase con su meta y avance, cada "
            "criterio con su última evaluación (resultado, puntaje, fecha y evidencia) y cada "
            "indicador con su meta y su último valor. Son las mismas cifras de la página "
            "pública del plan; el portal mide cada día las que puede calcular."
        ),
        publisher=Entity.Kind.ALCALDIA,
        frequency=DAILY,
        keywords=("Gobierno en Línea", "GEL-T", "Gobierno Digital", "indicadores"),
        fields=tuple(
            Field(f"{table}[].{name}", description, type_)
            for table, columns in GELT_FIELDS.items()
            for name, description, type_ in columns
        ),
        distributions=(Distribution("JSON", "gelt:data_json", "application/json"),),
        last_modified=gelt_measured,
        landing_page="gelt:public",
        dated=True,
    ),
    *instrument_datasets(),
]

BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


@dataclass(frozen=True)
class Listing:
    """A dataset as the pages show it: with its publisher's name and its last modification."""

    dataset: Dataset
    publisher: str
    modified: datetime.datetime | None
    downloads: tuple[Download, ...]
    datos_gov_co_url: str = ""  # the same dataset federated on datos.gov.co, when known


def datos_gov_co_links(memo) -> dict:
    """
    {(entity kind, source): address on datos.gov.co} that editors wrote on the transparency
    items of the 7.1 instruments (one query per listing).
    """
    if "datos.gov.co" not in memo:
        items = (
            MenuItem.objects.filter(content_source__in=list(INSTRUMENTS))
            .exclude(datos_gov_co_url="")
            .values_list("entity__kind", "content_source", "datos_gov_co_url")
        )
        memo["datos.gov.co"] = {(kind, source): url for kind, source, url in items}
    return memo["datos.gov.co"]


def listings(datasets=None) -> list[Listing]:
    """
    The datasets with their publisher, last modification and files: one query per dataset,
    plus one for the entities. A dataset of one entity is left out while the entity does not
    exist or the dataset has no rows.
    """
    datasets = DATASETS if datasets is None else datasets
    entities = {
        kind: (name, slug)
        for kind, name, slug in Entity.objects.values_list("kind", "name", "slug")
    }
    items, memo = [], {}
    for dataset in datasets:
        name, slug = entities.get(dataset.publisher, ("", ""))
        if dataset.per_entity and not slug:
            continue
        downloads = tuple(
            Download(d.format, d.media_type, d.url_for(slug)) for d in dataset.distributions
        )
        publisher = name or Entity.Kind(dataset.publisher).label
        modified = dataset.last_modified(memo)
        if dataset.per_entity and modified is None:
            continue
        federated = ""
        if dataset.source:
            federated = datos_gov_co_links(memo).get((dataset.publisher, dataset.source), "")
        items.append(Listing(dataset, publisher, modified, downloads, federated))
    return items


def _place(municipality) -> str:
    return f"{municipality.name}, {municipality.department}, Colombia"


def _datetime(moment, dated=False):
    if dated:
        return {"@value": timezone.localdate(moment).isoformat(), "@type": "xsd:date"}
    return {"@value": moment.isoformat(), "@type": "xsd:dateTime"}


def start_of_day(day: datetime.date | None) -> datetime.datetime | None:
    """A date as the aware moment its day starts in Colombia, so it compares with moments."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def dcat_catalog(items: list[Listing], absolute, municipality) -> dict:
    """
    The catalogue in DCAT (JSON-LD), the vocabulary CKAN and datos.gov.co harvest.
    `absolute` turns a path into a full address.
    """
    datasets = []
    for item in items:
        dataset = item.dataset
        publisher = {"@type": "foaf:Organization", "foaf:name": item.publisher}
        entry = {
            "@id": absolute(dataset.get_absolute_url()),
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.slug,
            "dct:title": {"@value": dataset.title, "@language": "es"},
            "dct:description": {"@value": dataset.description, "@language": "es"},
            "dct:publisher": publisher,
            # Whom to write about the data: the portal's contact address.
            "dcat:contactPoint": {
                "@type": "vcard:Organization",
                "vcard:fn": item.publisher,
                "vcard:hasEmail": {"@id": f"mailto:{municipality.contact_email}"},
            },
            "dct:license": {"@id": LICENSE_URI},
            "dct:accrualPeriodicity": {"@id": dataset.frequency.uri},
            "dct:language": {
                "@id": "http://publications.europa.eu/resource/authority/language/SPA"
            },
            "dct:spatial": {"@type": "dct:Location", "locn:geographicName": _place(municipality)},
            "dcat:keyword": list(dataset.keywords),
            "dcat:landingPage": {"@id": absolute(dataset.get_absolute_url())},
            **({"dct:relation": {"@id": item.datos_gov_co_url}} if item.datos_gov_co_url else {}),
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": f"{dataset.title} ({download.format})",
                    "dct:format": download.format,
                    "dct:license": {"@id": LICENSE_URI},
                    "dcat:mediaType": {"@id": download.media_type_uri},
                    "dcat:downloadURL": {"@id": absolute(download.url)},
                    "dcat:accessURL": {"@id": absolute(download.url)},
                }
                for download in item.downloads
            ],
        }
        if item.modified:
            entry["dct:modified"] = _datetime(item.modified, dataset.dated)
        datasets.append(entry)
    modified = max((item.modified for item in items if item.modified), default=None)
    # The catalogue is the Alcaldía's, which runs the portal.
    alcaldia = next(
        (item.publisher for item in items if item.dataset.publisher == Entity.Kind.ALCALDIA),
        f"Alcaldía de {municipality.name}",
    )
    catalog = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "locn": "http://www.w3.org/ns/locn#",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute(reverse("datos:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": {"@value": f"Datos abiertos de {municipality.name}", "@language": "es"},
        "dct:description": {
            "@value": (
                f"Conjuntos de datos abiertos que publican la Alcaldía, la Personería y el "
                f"Concejo de {municipality.name} ({municipality.department}) en su portal."
            ),
            "@language": "es",
        },
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": alcaldia},
        "dct:license": {"@id": LICENSE_URI},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/SPA"},
        "foaf:homepage": {"@id": absolute(reverse("datos:index"))},
        "dcat:dataset": datasets,
    }
    if modified:
        catalog["dct:modified"] = _datetime(modified)
    return catalog


def schema_dataset(item: Listing, absolute, municipality) -> dict:
    """The dataset's page as schema.org Dataset (what search engines read)."""
    dataset = item.dataset
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description,
        "url": absolute(dataset.get_absolute_url()),
        "identifier": dataset.slug,
        "keywords": list(dataset.keywords),
        "license": LICENSE_URI,
        "isAccessibleForFree": True,
        "inLanguage": "es-CO",
        "publisher": {"@type": "GovernmentOrganization", "name": item.publisher},
        "creator": {"@type": "GovernmentOrganization", "name": item.publisher},
        "spatialCoverage": {"@type": "Place", "name": _place(municipality)},
        **({"sameAs": item.datos_gov_co_url} if item.datos_gov_co_url else {}),
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": f"Datos abiertos de {municipality.name}",
            "url": absolute(reverse("datos:index")),
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": download.media_type,
                "contentUrl": absolute(download.url),
            }
            for download in item.downloads
        ],
        "variableMeasured": [
            {"@type": "PropertyValue", "name": field.name, "description": field.description}
            for field in dataset.fields
        ],
    }
    if item.modified and dataset.dated:
        data["dateModified"] = timezone.localdate(item.modified).isoformat()
    elif item.modified:
        data["dateModified"] = item.modified.isoformat()
    return data
