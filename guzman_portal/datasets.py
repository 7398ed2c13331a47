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

from django.db.models import Max
from django.urls import reverse

from portal import opendata as portal_opendata
from portal.models import Entity, Event
from pqrsd import stats as pqrsd_stats
from pqrsd.models import Request
from tramites import opendata as tramites_opendata
from tramites.models import Procedure

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
    url_kwargs: tuple[tuple[str, str], ...] = ()  # for exports of one entity or instrument

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs=dict(self.url_kwargs))

    @property
    def media_type_uri(self) -> str:
        return IANA + self.media_type


def csv_and_json(csv_name: str, json_name: str, **kwargs) -> tuple[Distribution, Distribution]:
    url_kwargs = tuple(sorted(kwargs.items()))
    return (
        Distribution("CSV", csv_name, "text/csv", url_kwargs),
        Distribution("JSON", json_name, "application/json", url_kwargs),
    )


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
    # Reads the newest change of the data, in one query: an aware datetime or None.
    last_modified: Callable[[], datetime.datetime | None]
    landing_page: str = ""  # URL name of the page that shows the same data to people

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
}


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
        last_modified=lambda: newest(Procedure.objects.published(), "updated_at"),
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
        fields=tuple(
            Field(name, *PQRSD_FIELDS.get(name, (UNDESCRIBED, "texto")))
            for name in pqrsd_stats.OPEN_DATA_COLUMNS
        ),
        distributions=csv_and_json("pqrsd:stats_csv", "pqrsd:stats_json"),
        last_modified=lambda: newest(Request, "filed_at", "answered_at", "closed_at"),
        landing_page="pqrsd:stats",
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
        fields=tuple(Field(c.name, c.description, c.type) for c in portal_opendata.EVENT_COLUMNS),
        distributions=csv_and_json("portal:event_csv", "portal:event_json"),
        last_modified=lambda: newest(Event.objects.published(), "updated_at"),
        landing_page="portal:event_list",
    ),
]

BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


@dataclass(frozen=True)
class Listing:
    """A dataset as the pages show it: with its publisher's name and its last modification."""

    dataset: Dataset
    publisher: str
    modified: datetime.datetime | None


def listings(datasets=None) -> list[Listing]:
    """The datasets with their publisher and modification: one query per dataset, plus one."""
    datasets = DATASETS if datasets is None else datasets
    names = dict(Entity.objects.values_list("kind", "name"))
    return [
        Listing(
            dataset,
            names.get(dataset.publisher) or Entity.Kind(dataset.publisher).label,
            dataset.last_modified(),
        )
        for dataset in datasets
    ]


def _place(municipality) -> str:
    return f"{municipality.name}, {municipality.department}, Colombia"


def _datetime(moment):
    return {"@value": moment.isoformat(), "@type": "xsd:dateTime"}


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
            "dct:license": {"@id": LICENSE_URI},
            "dct:accrualPeriodicity": {"@id": dataset.frequency.uri},
            "dct:language": {
                "@id": "http://publications.europa.eu/resource/authority/language/SPA"
            },
            "dct:spatial": {"@type": "dct:Location", "locn:geographicName": _place(municipality)},
            "dcat:keyword": list(dataset.keywords),
            "dcat:landingPage": {"@id": absolute(dataset.get_absolute_url())},
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": f"{dataset.title} ({distribution.format})",
                    "dct:format": distribution.format,
                    "dct:license": {"@id": LICENSE_URI},
                    "dcat:mediaType": {"@id": distribution.media_type_uri},
                    "dcat:downloadURL": {"@id": absolute(distribution.url)},
                    "dcat:accessURL": {"@id": absolute(distribution.url)},
                }
                for distribution in dataset.distributions
            ],
        }
        if item.modified:
            entry["dct:modified"] = _datetime(item.modified)
        datasets.append(entry)
    modified = max((item.modified for item in items if item.modified), default=None)
    catalog = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "locn": "http://www.w3.org/ns/locn#",
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
        "dct:publisher": {
            "@type": "foaf:Organization",
            "foaf:name": f"Alcaldía de {municipality.name}",
        },
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
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": f"Datos abiertos de {municipality.name}",
            "url": absolute(reverse("datos:index")),
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": distribution.media_type,
                "contentUrl": absolute(distribution.url),
            }
            for distribution in dataset.distributions
        ],
        "variableMeasured": [
            {"@type": "PropertyValue", "name": field.name, "description": field.description}
            for field in dataset.fields
        ],
    }
    if item.modified:
        data["dateModified"] = item.modified.isoformat()
    return data
