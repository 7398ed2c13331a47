"""
An ITA-style self-assessment (Índice de Transparencia y Acceso a la Información, Procuraduría)
of each entity, computed from its transparency menu (Res. 1519 de 2020 Anexo 2): per category,
the applicable items that have content and are up to date, and the list of what is missing.

The rules of "has content" and "up to date" are transparency's (`transparency.stats`); this
module only groups them the way the entity's annual ITA report asks.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from transparency.stats import load_menu

from .compliance import round_percent

EMPTY = "sin contenido publicado"
STALE = "desactualizado"
UP_TO_DATE = "con contenido y al día"
NOT_APPLICABLE = "no aplica"


def item_state_label(item) -> str:
    """How one item counts in the self-assessment, in Spanish."""
    if not item.applies:
        return NOT_APPLICABLE
    if not item.state.filled:
        return EMPTY
    return STALE if item.state.stale else UP_TO_DATE


@dataclass
class Missing:
    """An applicable item that does not count: empty, or not updated within its period."""

    item: object
    reason: str

    @property
    def last_updated(self):
        return self.item.state.last_updated


@dataclass
class Score:
    """Applicable items and those with content and up to date, with what is missing."""

    code: str
    label: str
    applicable: int = 0
    up_to_date: int = 0
    not_applicable: int = 0
    missing: list = field(default_factory=list)
    url: str = ""

    @property
    def percent(self) -> Decimal | None:
        if not self.applicable:
            return None
        return round_percent(Decimal(self.up_to_date) * 100 / self.applicable)

    def add(self, item):
        if not item.applies:
            self.not_applicable += 1
            return
        self.applicable += 1
        if not item.state.filled:
            self.missing.append(Missing(item, EMPTY))
        elif item.state.stale:
            self.missing.append(Missing(item, STALE))
        else:
            self.up_to_date += 1


@dataclass
class EntityAssessment:
    entity: object
    categories: list
    total: Score
    items: dict = field(default_factory=dict)  # code → item with its `state`

    @property
    def missing(self):
        return [m for category in self.categories for m in category.missing]


def category_code(code: str) -> str:
    return code.split(".", 1)[0]


def assess_entity(entity, entity_items) -> EntityAssessment:
    """One entity's menu items (from load_menu, in official order) scored by category."""
    categories: dict[str, Score] = {}
    for item in entity_items:
        if "." not in item.code:
            categories[item.code] = Score(
                item.code, item.label, url=item.category_url(entity, item.code)
            )
    total = Score("", "Total")
    for item in entity_items:
        if not item.state.is_leaf or "." not in item.code:
            continue
        category = categories.get(category_code(item.code))
        if category is None:
            continue
        category.add(item)
        total.add(item)
    items = {item.code: item for item in entity_items}
    return EntityAssessment(entity, list(categories.values()), total, items)


def self_assessment(today: datetime.date) -> list[EntityAssessment]:
    """Every entity's menu scored by category, in the fixed number of queries of load_menu."""
    by_entity: dict = {}
    for item in load_menu(today, entries=False):
        by_entity.setdefault(item.entity_id, (item.entity, []))[1].append(item)
    return [assess_entity(entity, entity_items) for entity, entity_items in by_entity.values()]


def entity_assessment(today: datetime.date, entity) -> EntityAssessment:
    """One entity's self-assessment, live: only its own menu is read."""
    return assess_entity(entity, load_menu(today, entity, entries=False))


def store_snapshots(today: datetime.date) -> int:
    """
    Store every entity's self-assessment figures (per category and total, without the item
    lists) as its dated ITA snapshot, the one the public page shows. Returns how many.
    """
    from .models import ItaSnapshot

    now = timezone.now()
    assessments = self_assessment(today)
    for assessment in assessments:
        ItaSnapshot.objects.update_or_create(
            entity=assessment.entity,
            defaults={
                "measured_at": now,
                "applicable": assessment.total.applicable,
                "up_to_date": assessment.total.up_to_date,
                "categories": [
                    {
                        "code": c.code,
                        "label": c.label,
                        "applicable": c.applicable,
                        "up_to_date": c.up_to_date,
                        "not_applicable": c.not_applicable,
                        "missing": len(c.missing),
                    }
                    for c in assessment.categories
                ],
            },
        )
    return len(assessments)


def counts(item) -> bool:
    """True when an item counts for the self-assessment: applicable, with content, up to date."""
    return item.applies and item.state.filled and not item.state.stale


def assessed_items(today: datetime.date) -> list:
    """Every entity's leaf items (the ones the self-assessment scores), in official order."""
    return [
        item for item in load_menu(today, entries=False) if item.state.is_leaf and "." in item.code
    ]
