"""
The "Política de Gobierno Digital (vigente)" view: each element of the current policy with the
GEL-T criteria that correspond to it, the ITA item of each and the automatic check that measures
it, beside the ITA-style self-assessment of each entity. Fixed number of queries.
"""

from dataclasses import dataclass

from portal.models import Entity

from . import ita
from .checks import CHECKS
from .models import PolicyElement, PolicyMapping, Result


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


def policy_view(phases, today):
    """
    The current policy's elements with their crosswalk rows, and every entity's ITA
    self-assessment. `phases` are the overview's rows (their criteria carry their latest
    evaluation, so the crosswalk costs two more queries).
    """
    assessments = ita.self_assessment(today)
    main = main_assessment(assessments)
    menu = main.items if main else {}
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
        "ita_assessments": assessments,
        "ita_main": main,
        "unmapped_elements": [row.element for row in elements if not row.rows],
    }
