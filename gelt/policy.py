"""
The "Política de Gobierno Digital (vigente)" view: each element of the current policy with the
GEL-T criteria that correspond to it, the ITA item of each and the automatic check that measures
it, beside the ITA-style self-assessment of each entity. Fixed number of queries.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from portal.models import Entity
from transparency.models import MenuItem
from transparency.stats import load_menu

from . import ita
from .checks import CHECKS
from .models import ItaSnapshot, PolicyElement, PolicyMapping, Result


@dataclass
class MappingRow:
    mapping: PolicyMapping
    criterion: object  # with its latest evaluation (from the overview's phases)
    ita_item: object  # the main entity's menu item with its state, or None

    @property
    def check_label(self):
        check = CHECKS.get(self.criterion.check_key)
        return check.label if check else ""

    @property
    def result_label(self):
        if self.criterion.latest_date is None:
            return "sin evaluar"
        return Result(self.criterion.latest_result).label

    @property
    def ita_state(self):
        return ita.item_state_label(self.ita_item) if self.ita_item else ""

    @property
    def met(self):
        return self.criterion.latest_result == Result.MET


@dataclass
class ElementRow:
    element: PolicyElement
    rows: list

    @property
    def met(self):
        return sum(1 for row in self.rows if row.met)

    @property
    def automatic(self):
        return sum(1 for row in self.rows if row.criterion.check_key)


def main_assessment(assessments):
    """The Alcaldía's self-assessment (the ITA crosswalk reads its menu), else the first."""
    for assessment in assessments:
        if assessment.entity.kind == Entity.Kind.ALCALDIA:
            return assessment
    return assessments[0] if assessments else None


def _crosswalk(phases, menu):
    criteria = {c.pk: c for row in phases for c in row.criteria}
    by_element = {}
    for mapping in PolicyMapping.objects.order_by(
        "criterion__phase__order", "criterion__order", "criterion__code", "pk"
    ):
        criterion = criteria.get(mapping.criterion_id)
        if criterion is None:  # a criterion the committee no longer evaluates
            continue
        row = MappingRow(mapping, criterion, menu.get(mapping.ita_item))
        by_element.setdefault(mapping.element_id, []).append(row)
    elements = [
        ElementRow(element, by_element.get(element.pk, []))
        for element in PolicyElement.objects.filter(is_active=True)
    ]
    return {
        "policy_elements": elements,
        "unmapped_elements": [row.element for row in elements if not row.rows],
    }


def policy_view(phases, today):
    """
    The current policy's elements with their crosswalk rows, and every entity's ITA
    self-assessment computed live (the committee's dashboard and documents). `phases` are the
    overview's rows (their criteria carry their latest evaluation, so the crosswalk costs two
    more queries).
    """
    assessments = ita.self_assessment(today)
    main = main_assessment(assessments)
    context = _crosswalk(phases, main.items if main else {})
    context.update({"ita_assessments": assessments, "ita_main": main})
    return context


def public_policy_view(phases, today):
    """
    The public page's version: the crosswalk reads only the main entity's mapped ITA items,
    and each entity's self-assessment is its latest measured snapshot (`ita_snapshots`: the
    entities with a menu, each with `snapshot` or None when never measured). What is missing,
    item by item, is on each entity's own page. Fixed number of queries.
    """
    entities = list(
        Entity.objects.filter(Exists(MenuItem.objects.filter(entity=OuterRef("pk"))))
        .select_related("ita_snapshot")
        .order_by("order", "pk")
    )
    for entity in entities:
        try:
            entity.snapshot = entity.ita_snapshot
        except ItaSnapshot.DoesNotExist:
            entity.snapshot = None
    main = next((e for e in entities if e.kind == Entity.Kind.ALCALDIA), None)
    main = main or (entities[0] if entities else None)
    menu = {}
    if main is not None:
        codes = PolicyMapping.objects.exclude(ita_item="").values("ita_item")
        mapped = MenuItem.objects.filter(code__in=codes)
        menu = {item.code: item for item in load_menu(today, main, queryset=mapped)}
    context = _crosswalk(phases, menu)
    context["ita_snapshots"] = entities
    return context
