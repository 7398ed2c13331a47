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

from portal.models import Document

from . import quality
from .models import MenuItem

DOCUMENTS_PER_ITEM = 5
DATA_FILE_SUFFIXES = tuple(f".{extension}" for extension in sorted(quality.DATA_EXTENSIONS))


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


class DocumentIndex:
    """
    The published documents that the items' filters select, in two queries for any number of
    items: counts grouped by (kind, entity, year), and the newest few documents of each group
    (the newest of a union of groups are among the newest of each group).
    """

    def __init__(self, items, now):
        self.groups = []
        self.recent = []
        kinds = sorted({kind for item in items for kind in item.document_kinds})
        if not kinds:
            return
        documents = Document.objects.published(now).filter(kind__in=kinds)
        data_files = Q()
        for suffix in DATA_FILE_SUFFIXES:
            data_files |= Q(file__iendswith=suffix)
        self.groups = list(
            documents.annotate(year=ExtractYear("issued_on"))
            .values("kind", "entity_id", "year")
            .annotate(total=Count("id"), data=Count("id", filter=data_files))
            .order_by()
        )
        self.recent = list(
            documents.annotate(
                year=ExtractYear("issued_on"),
                rank=Window(
                    RowNumber(),
                    partition_by=[F("kind"), F("entity_id"), ExtractYear("issued_on")],
                    order_by=[F("issued_on").desc(), F("id").desc()],
                ),
            )
            .filter(rank__lte=DOCUMENTS_PER_ITEM)
            .only("title", "slug", "kind", "number", "issued_on", "publish_at", "entity", "file")
            .order_by("-issued_on", "-id")
        )

    @staticmethod
    def _selects(item, kind, entity_id, year):
        wanted_entity = item.document_entity_id or item.entity_id
        return (
            kind in item.document_kinds
            and entity_id == wanted_entity
            and (item.document_year is None or year == item.document_year)
        )

    def counts(self, item):
        """(total, machine-readable) published documents the item's filter selects."""
        total = data = 0
        for group in self.groups:
            if self._selects(item, group["kind"], group["entity_id"], group["year"]):
                total += group["total"]
                data += group["data"]
        return total, data

    def counts_by_kind(self, item):
        totals = dict.fromkeys(item.document_kinds, 0)
        for group in self.groups:
            if self._selects(item, group["kind"], group["entity_id"], group["year"]):
                totals[group["kind"]] += group["total"]
        return totals

    def newest(self, item):
        selected = [d for d in self.recent if self._selects(item, d.kind, d.entity_id, d.year)]
        return selected[:DOCUMENTS_PER_ITEM]


def assess(item, documents, *, is_leaf, today):
    """The ItemState of one item loaded by `MenuItem.objects.with_links()`."""
    pages = item.published_pages
    links = item.link_list
    procedures = item.published_procedures
    document_total, document_data = documents.counts(item)
    formats = {link.format for link in links}
    computed = quality.quality_level(
        has_html=bool(pages or procedures or "page" in formats),
        has_file=bool(document_total or formats & {"file", "external"}),
        has_data=bool(document_data or procedures or "data" in formats),
    )
    filled = bool(pages or links or procedures or document_total)
    newest_documents = documents.newest(item)
    # Editing a linked page or sheet, or publishing a matching document, updates the item.
    last_updated = max(
        [
            *([item.last_updated] if item.last_updated else []),
            *(timezone.localdate(obj.updated_at) for obj in [*pages, *procedures]),
            *(timezone.localdate(doc.publish_at) for doc in newest_documents[:1]),
        ],
        default=None,
    )
    labels = dict(Document.Kind.choices)
    return ItemState(
        is_leaf=is_leaf,
        filled=item.applies and filled,
        stale=item.applies
        and filled
        and quality.is_stale(last_updated, item.update_frequency, today),
        last_updated=last_updated,
        computed_quality=computed,
        quality=(item.quality_override or computed) if filled else None,
        documents=newest_documents,
        document_count=document_total,
        document_counts=[
            (kind, labels.get(kind, kind), count)
            for kind, count in documents.counts_by_kind(item).items()
        ],
    )


def load_menu(today: datetime.date, entity=None, queryset=None):
    """
    The items of one entity's menu (or of every menu when `entity` is None) in official
    order, each with its `state`, in a fixed number of queries.
    """
    items = queryset if queryset is not None else MenuItem.objects.all()
    if entity is not None:
        items = items.of_entity(entity)
    items = list(
        items.with_links(timezone.now())
        .annotate(has_children=Exists(MenuItem.objects.filter(parent=OuterRef("pk"))))
        .order_by("entity__order", "entity", "position")
    )
    documents = DocumentIndex(items, timezone.now())
    for item in items:
        item.state = assess(item, documents, is_leaf=not item.has_children, today=today)
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
