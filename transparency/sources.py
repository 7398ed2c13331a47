"""
What a bound item (`MenuItem.content_source`) lists: the published content of its own entity,
read for any number of items in a fixed number of queries.

`SourceIndex(items, now)` answers, for each item, a `Feed`: the newest entries with their dates,
how many there are, where to see them all, and the date of the newest one (the item's "last
updated"). It runs one query per kind of source the items use (plus one per distinct event
keyword); without entries, one query counts most of them together. Only `published()` content
(or, for the directory, the people listed in it) of the item's own entity ever enters a feed.

Surveys and draft regulations come from the participation app, which transparency sits above
(pyproject.toml, "Apps in layers"). The PQRSD pages, the GEL-T plan and the open-data catalogue
are linked by URL name only; they are computed from current data on every visit ("en vivo"), so
they have no date of their own and never make an item stale (docs/transparencia.md).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, DateTimeField, F, Max, Q, Value, Window
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from participation.models import DraftRegulation, Survey
from portal.models import Contractor, Event, Office, Official
from tramites.models import Procedure

from .models import ClassifiedInformation, InformationAsset, PublicationSchemeEntry, Source
from .opendata import INSTRUMENT_COLUMNS

PARTICIPATION_MODELS = {"Survey": Survey, "DraftRegulation": DraftRegulation}

ENTRIES_PER_ITEM = 5


@dataclass
class Entry:
    """One thing a feed lists: its title, its address and its date."""

    title: str
    url: str
    date: datetime.date | None = None
    meta: str = ""


@dataclass
class Feed:
    """What a source publishes for one item."""

    entries: list = field(default_factory=list)
    total: int = 0
    last_date: datetime.date | None = None
    more_url: str = ""
    more_label: str = ""
    live: bool = False
    table: str = ""  # "registro_activos" … when the item shows an instrument's table
    rows: list = field(default_factory=list)
    headers: list = field(default_factory=list)
    csv_url: str = ""
    json_url: str = ""
    datos_gov_co_url: str = ""

    @property
    def filled(self):
        return bool(self.total or self.live)


@dataclass
class Bucket:
    rows: list = field(default_factory=list)
    total: int = 0
    last: datetime.datetime | datetime.date | None = None
    columns: dict = field(default_factory=dict)  # directory: item code → people with the datum


def newest_by_entity(queryset, *, entity, order_by, last, limit=ENTRIES_PER_ITEM):
    """
    {entity id: Bucket} for the rows of `queryset`, in one query: the first `limit` rows of each
    entity ordered by `order_by` (descending), the entity's count and the newest `last` value.
    """
    within = {"partition_by": [F(entity)]}
    rows = (
        queryset.annotate(
            entity_key=F(entity),
            rank=Window(RowNumber(), order_by=[F(order_by).desc(), F("pk").desc()], **within),
            total=Window(Count("pk"), **within),
            newest=Window(Max(last), **within),
        )
        .filter(rank__lte=limit)
        .order_by("entity_key", "rank")
    )
    buckets = {}
    for row in rows:
        bucket = buckets.setdefault(row.entity_key, Bucket(total=row.total, last=row.newest))
        bucket.rows.append(row)
    return buckets


def local_date(value):
    if (
        value is None
        or isinstance(value, datetime.date)
        and not isinstance(value, datetime.datetime)
    ):
        return value
    return timezone.localdate(value)


def reverse_or_blank(name, *args):
    """The address of a URL name, or "" while the app that owns it is not installed yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


INSTRUMENTS = {
    Source.ASSETS: (InformationAsset, "registro-de-activos"),
    Source.CLASSIFIED: (ClassifiedInformation, "indice-de-informacion-clasificada"),
    Source.SCHEME: (PublicationSchemeEntry, "esquema-de-publicacion"),
}
INSTRUMENT_SLUGS = {slug: (source, model) for source, (model, slug) in INSTRUMENTS.items()}
ENTITY_SOURCES = {
    Source.MISSION: lambda e: bool(e.mission.strip() or e.vision.strip()),
    Source.FUNCTIONS: lambda e: bool(e.functions.strip()),
    Source.CONTACT: lambda e: bool(e.address.strip() and (e.phone.strip() or e.email.strip())),
}
# Items of 1.4 that ask for one datum of the entity (official numbering, as DIRECTORY_COLUMNS).
ENTITY_COLUMNS = {
    "1.4.a": lambda e: bool(e.phone.strip() or e.email.strip()),
    "1.4.b": lambda e: bool(e.address.strip()),
    "1.4.c": lambda e: bool(e.address.strip()),
    "1.4.d": lambda e: bool(e.office_hours.strip()),
}


# The directory items of Res. 1519 (1.5.x) are its columns: such an item counts only the
# visible people whose row has that datum, so 1.5.2 stays "en construcción" while nobody's
# birthplace is published. Keyed by the official numbering; other items count every person.
DIRECTORY_COLUMNS = {
    Source.DIRECTORY: {
        "1.5.2": ~Q(birth_department="") & ~Q(birth_municipality=""),
        "1.5.3": ~Q(education="") | ~Q(sigep_url=""),
        "1.5.4": ~Q(experience="") | ~Q(sigep_url=""),
        "1.5.7": ~Q(email=""),
        "1.5.8": ~Q(phone=""),
        "1.5.9": ~Q(salary_scale=""),
    },
    Source.CONTRACTORS: {
        "1.5.10": ~Q(contract_object="") & Q(contract_value__isnull=False),
    },
}


class SourceIndex:
    """The feeds of a list of items (see the module's docstring)."""

    INSTRUMENT_SOURCES = tuple(INSTRUMENTS)

    def __init__(self, items, now, *, entries=True):
        self.now = now
        # Without entries (pages that show only each item's state) a feed has its count and
        # date, read with aggregates instead of loading the newest rows.
        self.entries = entries
        self.buckets = {}  # (source, keyword) → {entity id: Bucket}
        self.totals = {}  # bucket key → (queryset, newest field): counted together at the end
        self.live_links = {}  # source → entries of the pages computed on every visit
        # A sub-item bound to its parent's instrument is one of the table's columns.
        self.parent_source = {item.pk: item.content_source for item in items}
        wanted = {}
        for item in items:
            if item.content_source:
                wanted.setdefault(item.content_source, set()).add(item.entity_id)
        for source, entity_ids in wanted.items():
            self._load(source, entity_ids, items)
        self._count_totals()

    def _load(self, source, entity_ids, items):
        now = self.now
        if source == Source.STRUCTURE:
            self.totals[source] = (Office.objects.filter(entity__in=entity_ids), None)
        elif source == Source.DIRECTORY:
            self.buckets[source] = self._counts(Official.objects.active(), entity_ids, source)
        elif source == Source.CONTRACTORS:
            self.buckets[source] = self._counts(Contractor.objects.active(), entity_ids, source)
        elif source == Source.PROCEDURES:
            self._newest(
                source,
                Procedure.objects.published(now).filter(entity__in=entity_ids),
                order_by="updated_at",
                last="updated_at",
            )
        elif source == Source.EVENTS:
            keywords = {i.event_keyword.strip() for i in items if i.content_source == source}
            for keyword in keywords:
                events = Event.objects.published(now).filter(entity__in=entity_ids)
                if keyword:
                    events = events.filter(title__icontains=keyword)
                self._newest(
                    (source, keyword.lower()), events, order_by="starts_at", last="publish_at"
                )
        elif source in (Source.SURVEYS, Source.DRAFTS, Source.PARTICIPATION):
            for name in self._participation_models(source):
                model = PARTICIPATION_MODELS[name]
                self._newest(
                    (Source.PARTICIPATION, name),
                    model.objects.published(now).filter(entity__in=entity_ids),
                    order_by="publish_at",
                    last="publish_at",
                )
        elif source in INSTRUMENTS and not self.entries:
            model, _ = INSTRUMENTS[source]
            self.totals[source] = (model.objects.filter(entity__in=entity_ids), "updated_at")
        elif source in INSTRUMENTS:
            model, _ = INSTRUMENTS[source]
            rows = list(
                model.objects.filter(entity__in=entity_ids)
                .select_related("office")
                .order_by("entity_id", "order", "pk")
            )
            buckets = {}
            for row in rows:
                bucket = buckets.setdefault(row.entity_id, Bucket())
                bucket.rows.append(row)
                bucket.total += 1
                bucket.last = max(filter(None, [bucket.last, row.updated_at]))
            self.buckets[source] = buckets

    def _newest(self, key, queryset, *, order_by, last):
        """
        The bucket `key` of a published queryset: its newest rows when entries are shown,
        else only its count and date, read with the other totals.
        """
        if key in self.buckets or key in self.totals:  # surveys asked for by two sources
            return
        if self.entries:
            self.buckets[key] = newest_by_entity(
                queryset, entity="entity_id", order_by=order_by, last=last
            )
        else:
            self.totals[key] = (queryset, last)

    def _count_totals(self):
        """
        The buckets of `self.totals` (count and newest date per entity, no rows) in one query:
        one `GROUP BY entity` per bucket, tagged with the bucket's number, joined by UNION ALL.
        """
        keys = list(self.totals)
        counts = [
            queryset.order_by()
            .values("entity_id")
            .annotate(
                bucket=Value(number),
                total=Count("pk"),
                newest=Max(last) if last else Value(None, output_field=DateTimeField()),
            )
            for number, (queryset, last) in enumerate(self.totals.values())
        ]
        if not counts:
            return
        for key in keys:
            self.buckets[key] = {}
        for row in counts[0].union(*counts[1:], all=True).order_by():
            bucket = Bucket(total=row["total"], last=row["newest"])
            self.buckets[keys[row["bucket"]]][row["entity_id"]] = bucket

    @staticmethod
    def _participation_models(source):
        return {
            Source.SURVEYS: ["Survey"],
            Source.DRAFTS: ["DraftRegulation"],
            Source.PARTICIPATION: ["Survey", "DraftRegulation"],
        }[source]

    @staticmethod
    def _counts(queryset, entity_ids, source):
        """
        {entity id: Bucket(total, newest update, people with each column)} of directory rows,
        in one query.
        """
        columns = list(DIRECTORY_COLUMNS[source].items())
        with_column = {f"column_{n}": Count("pk", filter=q) for n, (_, q) in enumerate(columns)}
        buckets = {}
        for row in (
            queryset.filter(office__entity__in=entity_ids)
            .values("office__entity_id")
            .annotate(total=Count("pk"), last=Max("updated_at"), **with_column)
            .order_by()
        ):
            buckets[row["office__entity_id"]] = Bucket(
                total=row["total"],
                last=row["last"],
                columns={code: row[f"column_{n}"] for n, (code, _) in enumerate(columns)},
            )
        return buckets

    def feed(self, item):
        """
        The Feed of one item (an empty one when it has no source). Without entries it carries
        only what the item's state reads: its count, its date and whether it is live.
        """
        source, entity = item.content_source, item.entity
        if not source:
            return Feed()
        if source in ENTITY_SOURCES:
            has_it = ENTITY_COLUMNS.get(item.code) if source == Source.CONTACT else None
            if not (has_it or ENTITY_SOURCES[source])(entity):
                return Feed()
            feed = Feed(total=1, last_date=local_date(entity.updated_at))
            if self.entries:
                label = f"{Source(source).label}: {entity.name}"
                feed.entries = [Entry(label, entity.get_absolute_url())]
            return feed
        if source == Source.STRUCTURE:
            offices = self.buckets.get(source, {}).get(entity.pk, Bucket()).total
            if not offices:
                return Feed()
            feed = Feed(total=offices, last_date=local_date(entity.updated_at))
            if self.entries:
                feed.entries = [
                    Entry(
                        f"Organigrama de {entity.name}",
                        reverse_or_blank("portal:organigram", entity.slug)
                        or entity.get_absolute_url(),
                        meta=f"{offices} dependencia{'s' if offices != 1 else ''}",
                    )
                ]
            return feed
        if source in (Source.DIRECTORY, Source.CONTRACTORS):
            bucket = self.buckets.get(source, {}).get(entity.pk)
            if bucket is None or not bucket.total:
                return Feed()
            count = bucket.columns.get(item.code, bucket.total)
            if not count:
                return Feed()
            feed = Feed(total=count, last_date=local_date(bucket.last))
            if not self.entries:
                return feed
            if source == Source.DIRECTORY:
                url, label = reverse("portal:directory"), "Ver el directorio"
                noun = "servidor público" if bucket.total == 1 else "servidores públicos"
            else:
                url, label = reverse("portal:contractors"), "Ver los contratistas"
                noun = "contratista" if bucket.total == 1 else "contratistas"
            people = f"{bucket.total} {noun}"
            if count != bucket.total:
                people = f"{count} de {people} con este dato"
            feed.more_url = f"{url}?entidad={entity.slug}"
            feed.more_label = f"{label} ({people})"
            return feed
        if source == Source.PROCEDURES:
            bucket = self.buckets.get(source, {}).get(entity.pk, Bucket())
            feed = Feed(total=bucket.total, last_date=local_date(bucket.last))
            if self.entries:
                feed.entries = [
                    Entry(p.name, p.get_absolute_url(), local_date(p.updated_at), "trámite")
                    for p in bucket.rows
                ]
                feed.more_url = reverse("tramites:catalogue")
                feed.more_label = (
                    f"Ver los {bucket.total} trámites y servicios" if bucket.total else ""
                )
            return feed
        if source == Source.EVENTS:
            keyword = item.event_keyword.strip().lower()
            bucket = self.buckets.get((source, keyword), {}).get(entity.pk, Bucket())
            feed = Feed(total=bucket.total, last_date=local_date(bucket.last))
            if self.entries:
                feed.entries = [
                    Entry(e.title, e.get_absolute_url(), local_date(e.starts_at), "evento")
                    for e in bucket.rows
                ]
                feed.more_url = reverse("portal:event_list")
                feed.more_label = "Ver el calendario de eventos" if bucket.total else ""
            return feed
        if source in (Source.SURVEYS, Source.DRAFTS, Source.PARTICIPATION):
            buckets = [
                (name, self.buckets.get((Source.PARTICIPATION, name), {}).get(entity.pk))
                for name in self._participation_models(source)
            ]
            buckets = [(name, b) for name, b in buckets if b is not None]
            feed = Feed(
                total=sum(b.total for _, b in buckets),
                last_date=max((local_date(b.last) for _, b in buckets), default=None),
            )
            if self.entries:
                meta = {"Survey": "encuesta", "DraftRegulation": "proyecto normativo"}
                feed.entries = sorted(
                    (
                        Entry(
                            row.title,
                            row.get_absolute_url(),
                            local_date(row.publish_at),
                            meta[name],
                        )
                        for name, bucket in buckets
                        for row in bucket.rows
                    ),
                    key=lambda entry: entry.date,
                    reverse=True,
                )[:ENTRIES_PER_ITEM]
                feed.more_url = reverse_or_blank("participation:index")
                feed.more_label = "Ver todos los espacios de participación" if buckets else ""
            return feed
        if source in INSTRUMENTS:
            return self._instrument_feed(item, source, entity)
        if source not in self.live_links:  # the same few addresses for every item
            self.live_links[source] = self._live_links(source)
        entries = list(self.live_links[source])
        return Feed(entries=entries, total=len(entries), live=bool(entries))

    def _instrument_feed(self, item, source, entity):
        _, slug = INSTRUMENTS[source]
        bucket = self.buckets.get(source, {}).get(entity.pk, Bucket())
        feed = Feed(total=bucket.total, last_date=local_date(bucket.last))
        if not self.entries:
            return feed
        if self.parent_source.get(item.parent_id) == source:
            parent_code = item.code.rsplit(".", 1)[0]
            if bucket.total:
                title = f"Columna de la tabla del numeral {parent_code}"
                feed.entries = [Entry(title, f"#item-{parent_code.replace('.', '-')}")]
            return feed
        columns = INSTRUMENT_COLUMNS[source]
        feed.table = source
        feed.headers = [column.header for column in columns[1:]]  # the entity is the page's
        feed.rows = [
            ["" if (v := column.read(row)) is None else v for column in columns[1:]]
            for row in bucket.rows
        ]
        feed.csv_url = reverse("transparency:instrument_csv", args=[entity.slug, slug])
        feed.json_url = reverse("transparency:instrument_json", args=[entity.slug, slug])
        feed.datos_gov_co_url = item.datos_gov_co_url
        return feed

    @staticmethod
    def _live_links(source):
        links = {
            Source.PQRSD_STATS: [
                (
                    "Informe trimestral de solicitudes: recibidas, trasladadas, respondidas a "
                    "tiempo y tarde, y acceso negado",
                    "pqrsd:report",
                ),
                ("Tiempo de respuesta de cada solicitud", "pqrsd:report_requests"),
                ("Informe de solicitudes en CSV (datos abiertos)", "pqrsd:report_csv"),
                ("Estadísticas de PQRSD por entidad y dependencia", "pqrsd:stats"),
                ("Estadísticas de PQRSD en CSV (datos abiertos)", "pqrsd:stats_csv"),
            ],
            Source.PQRSD_FORM: [
                ("Radicar una petición, queja, reclamo, sugerencia o denuncia", "pqrsd:file"),
                ("Consultar el estado de una solicitud", "pqrsd:track"),
            ],
            Source.GELT: [("Plan de acción Gobierno en Línea Territorial", "gelt:public")],
            Source.OPEN_DATA: [("Catálogo de datos abiertos del portal", "datos:index")],
        }[source]
        return [Entry(label, url) for label, name in links if (url := reverse_or_blank(name))]


def instrument_slug(source):
    """The slug of an instrument's downloads ("registro-de-activos", …)."""
    return INSTRUMENTS[source][1]
