"""
The state of the transparency menu, for the public page, the admin and the GEL-T checks.

`load_menu()` reads a menu with everything its items point at in a fixed number of queries
and attaches an `ItemState` to each item; `menu_stats()` sums those states. The rules
themselves (staleness, quality level, shares) are the plain functions of `quality`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.utils import timezone

from portal.models import Document, Page
from tramites.models import Procedure

from . import quality
from .models import ExternalLink, MenuItem
from .sources import Feed, SourceIndex

DOCUMENTS_PER_ITEM = 5
DOCUMENT_KIND_LABELS = dict(Document.Kind.choices)
# A document whose file ends in a machine-readable extension (".csv", ".JSON"…) is open data.
DATA_FILE = Q(file__iregex=rf"\.({'|'.join(sorted(quality.DATA_EXTENSIONS))})$")


@dataclass(frozen=True)
class MenuStats:
    """
    Completeness and quality of a menu. `items` counts the applicable leaf items; `stale`
    counts filled items not updated within their period; `share_up_to_date` is the share of
    items that are filled and current.
    """

    items: int
    filled: int
    empty: int
    stale: int
    not_applicable: int
    by_quality: dict = field(default_factory=dict)
    share_filled: float | None = None
    share_up_to_date: float | None = None


@dataclass
class ItemState:
    """What one item shows the citizen, computed from what it points at."""

    is_leaf: bool = True
    filled: bool = False
    stale: bool = False
    last_updated: datetime.date | None = None
    quality: str | None = None
    computed_quality: str | None = None
    documents: list = field(default_factory=list)
    document_count: int = 0
    document_counts: list = field(default_factory=list)  # (kind, label, count) per kind
    feed: Feed = field(default_factory=Feed)
    live: bool = False  # filled only by a page computed on every visit: never stale


class DocumentIndex:
    """
    The published documents that the items' filters select, in two queries for any number of
    items: counts grouped by (kind, entity), and by year too when an item asks for one year,
    and the newest `per_item` documents of each (kind, entity) and of each (kind, entity,
    year) an item asks for (the newest of a union of groups are among the newest of each
    group). Both are indexed by (kind, entity), so each item reads only its own groups.
    """

    def __init__(self, items, now, per_item=DOCUMENTS_PER_ITEM):
        self.per_item = per_item
        self.groups = {}  # (kind, entity_id) → [{"year" if asked, "total", "data"}, …]
        self.recent = {}  # (kind, entity_id) → documents, newest first
        kinds = sorted({kind for item in items for kind in item.document_kinds})
        if not kinds:
            return
        entity_ids = {self._entity_id(item) for item in items if item.document_kinds}
        years = {item.document_year for item in items if item.document_year is not None}
        documents = Document.objects.published(now).filter(kind__in=kinds, entity__in=entity_ids)
        # Counted by year only when an item lists one year's documents.
        by_year = ["year"] if years else []
        for group in (
            documents.annotate(year=ExtractYear("issued_on"))
            .values("kind", "entity_id", *by_year)
            .annotate(total=Count("id"), data=Count("id", filter=DATA_FILE))
            .order_by()
        ):
            self.groups.setdefault((group["kind"], group["entity_id"]), []).append(group)
        newest_first = [F("issued_on").desc(), F("id").desc()]
        recent = documents.annotate(
            year=ExtractYear("issued_on"),
            rank=Window(
                RowNumber(), partition_by=[F("kind"), F("entity_id")], order_by=newest_first
            ),
        )
        newest = Q(rank__lte=per_item)
        if years:  # and the newest of each year an item asks for
            recent = recent.annotate(
                rank_in_year=Window(
                    RowNumber(),
                    partition_by=[F("kind"), F("entity_id"), ExtractYear("issued_on")],
                    order_by=newest_first,
                )
            )
            newest |= Q(rank_in_year__lte=per_item, year__in=years)
        recent = (
            recent.filter(newest)
            .only("title", "slug", "kind", "number", "issued_on", "publish_at", "entity", "file")
            .order_by("-issued_on", "-id")
        )
        for document in recent:
            self.recent.setdefault((document.kind, document.entity_id), []).append(document)

    @staticmethod
    def _entity_id(item):
        return item.document_entity_id or item.entity_id

    def _groups(self, item, kind):
        year = item.document_year
        groups = self.groups.get((kind, self._entity_id(item)), [])
        return [g for g in groups if year is None or g["year"] == year]

    def counts(self, item):
        """(total, machine-readable) published documents the item's filter selects."""
        groups = [g for kind in item.document_kinds for g in self._groups(item, kind)]
        return sum(g["total"] for g in groups), sum(g["data"] for g in groups)

    def counts_by_kind(self, item):
        return {
            kind: sum(g["total"] for g in self._groups(item, kind)) for kind in item.document_kinds
        }

    def newest(self, item):
        year = item.document_year
        selected = [
            document
            for kind in item.document_kinds
            for document in self.recent.get((kind, self._entity_id(item)), [])
            if year is None or document.year == year
        ]
        selected.sort(key=lambda d: (d.issued_on, d.id), reverse=True)
        return selected[: self.per_item]


# Sources whose content is also offered as machine-readable data (CSV or JSON downloads).
DATA_SOURCES = {
    "tramites",
    "directorio",
    "contratistas",
    "pqrsd_informes",
    "datos_abiertos",
    *SourceIndex.INSTRUMENT_SOURCES,
}


def assess(item, documents, sources, *, is_leaf, today):
    """The ItemState of one item with its links attached by `load_menu()`."""
    pages = item.published_pages
    links = item.link_list
    procedures = item.published_procedures
    document_total, document_data = documents.counts(item)
    feed = sources.feed(item)
    formats = {link.format for link in links}
    computed = quality.quality_level(
        has_html=bool(pages or procedures or feed.filled or "page" in formats),
        has_file=bool(document_total or formats & {"file", "external"}),
        has_data=bool(
            document_data
            or procedures
            or (feed.filled and item.content_source in DATA_SOURCES)
            or "data" in formats
        ),
    )
    dated_content = bool(
        pages or links or procedures or document_total or feed.total and not feed.live
    )
    filled = dated_content or feed.filled
    newest_documents = documents.newest(item)
    # Editing a linked page or sheet, publishing a matching document or anything the item's
    # source lists updates the item.
    last_updated = max(
        [
            *([item.last_updated] if item.last_updated else []),
            *(timezone.localdate(obj.updated_at) for obj in [*pages, *procedures]),
            *(timezone.localdate(doc.publish_at) for doc in newest_documents[:1]),
            *([feed.last_date] if feed.last_date else []),
        ],
        default=None,
    )
    live = filled and not dated_content
    return ItemState(
        is_leaf=is_leaf,
        feed=feed,
        live=live,
        filled=item.applies and filled,
        stale=item.applies
        and filled
        and not live
        and quality.is_stale(last_updated, item.update_frequency, today),
        last_updated=last_updated,
        computed_quality=computed,
        quality=(item.quality_override or computed) if filled else None,
        documents=newest_documents,
        document_count=document_total,
        document_counts=[
            (kind, DOCUMENT_KIND_LABELS.get(kind, kind), count)
            for kind, count in documents.counts_by_kind(item).items()
        ],
    )


def attach_links(items, selected, now):
    """
    Give each item its published pages and procedures (by title) and its links, as
    `published_pages`, `published_procedures` and `link_list`: three queries that pick the
    items with `selected` as a subquery, where prefetch_related would send every item's id.
    """
    chosen = selected.values("pk")
    linked = {
        "published_pages": Page.objects.published(now)
        .filter(transparency_items__in=chosen)
        .annotate(item_id=F("transparency_items"))
        .only("title", "slug", "updated_at")
        .order_by("title", "pk"),
        "published_procedures": Procedure.objects.published(now)
        .filter(transparency_items__in=chosen)
        .annotate(item_id=F("transparency_items"))
        .only("name", "slug", "updated_at")
        .order_by("name", "pk"),
        "link_list": ExternalLink.objects.filter(item__in=chosen),
    }
    for attribute, queryset in linked.items():
        by_item = {}
        for row in queryset:
            by_item.setdefault(row.item_id, []).append(row)
        for item in items:
            setattr(item, attribute, by_item.get(item.pk, []))


def load_menu(today: datetime.date, entity=None, queryset=None, *, entries=True):
    """
    The items of one entity's menu (or of every menu when `entity` is None) in official
    order, each with its published pages, procedures and links and its `state`, in a fixed
    number of queries. With `entries=False` (pages that show only each item's state) the
    feeds carry their counts and dates but not their newest rows.
    """
    selected = queryset if queryset is not None else MenuItem.objects.all()
    if entity is not None:
        selected = selected.of_entity(entity)
    now = timezone.now()
    # One entity's menu: its items share the entity at hand, and are in the order of their
    # positions. Every menu: the items of an entity share one copy of it, in the entities'
    # order. The entity whose documents an item lists is shown only with the entries (its id
    # is enough to count them).
    related = ["owner_office", *(["document_entity"] if entries else [])]
    menu = selected.select_related(*related).annotate(
        has_children=Exists(MenuItem.objects.filter(parent=OuterRef("pk")))
    )
    if entity is None:
        menu = menu.prefetch_related("entity").order_by("entity__order", "entity", "position")
    else:
        menu = menu.order_by("position")
    items = list(menu)
    attach_links(items, selected, now)
    if entity is not None:
        for item in items:
            item.entity = entity
    # Without entries an item's newest document only dates it.
    documents = DocumentIndex(items, now, per_item=DOCUMENTS_PER_ITEM if entries else 1)
    sources = SourceIndex(items, now, entries=entries)
    for item in items:
        item.state = assess(item, documents, sources, is_leaf=not item.has_children, today=today)
    return items


def summarize(items) -> MenuStats:
    """Sum the states of items returned by `load_menu()`."""
    leaves = [item for item in items if item.state.is_leaf]
    applicable = [item for item in leaves if item.applies]
    filled = [item for item in applicable if item.state.filled]
    stale = [item for item in filled if item.state.stale]
    by_quality = dict.fromkeys([*quality.QUALITY_LEVELS, "none"], 0)
    for item in applicable:
        by_quality[item.state.quality or "none"] += 1
    return MenuStats(
        items=len(applicable),
        filled=len(filled),
        empty=len(applicable) - len(filled),
        stale=len(stale),
        not_applicable=len(leaves) - len(applicable),
        by_quality=by_quality,
        share_filled=quality.share(len(filled), len(applicable)),
        share_up_to_date=quality.share(len(filled) - len(stale), len(applicable)),
    )


def menu_stats(today: datetime.date, entity=None) -> MenuStats:
    """Completeness and quality of one entity's menu, or of all menus when `entity` is None."""
    return summarize(load_menu(today, entity))


@dataclass
class CategoryCoverage:
    """The state of one category of one entity's menu (a row of the coverage tables)."""

    entity: object
    code: str
    label: str
    items: int = 0
    filled: int = 0
    stale: int = 0
    not_applicable: int = 0
    last_updated: datetime.date | None = None

    @property
    def empty(self):
        return self.items - self.filled

    @property
    def share_filled(self):
        return quality.share(self.filled, self.items)


def coverage(items):
    """
    One CategoryCoverage per entity and category, in official order, from items returned by
    `load_menu()`: the leaf items that apply, those with content, stale and "no aplica".
    """
    rows = {}
    for item in items:
        if item.parent_id is None:
            rows[(item.entity_id, item.code)] = CategoryCoverage(item.entity, item.code, item.label)
    for item in items:
        row = rows.get((item.entity_id, item.code.split(".", 1)[0]))
        if row is None or not item.state.is_leaf:
            continue
        if not item.applies:
            row.not_applicable += 1
            continue
        row.items += 1
        if item.state.filled:
            row.filled += 1
            row.stale += item.state.stale
            if item.state.last_updated and (
                row.last_updated is None or item.state.last_updated > row.last_updated
            ):
                row.last_updated = item.state.last_updated
    return list(rows.values())
