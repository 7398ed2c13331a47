"""Builders of transparency menu data for tests."""

from tests.portal.factories import make_entity
from transparency.models import ExternalLink, MenuItem


def make_item(code, *, entity=None, parent=None, **overrides):
    entity = entity or (parent.entity if parent else make_entity())
    fields = {
        "entity": entity,
        "code": code,
        "parent": parent,
        "label": f"Ítem {code}",
        "depth": code.count("."),
        "position": MenuItem.objects.filter(entity=entity).count(),
        "legal_basis": "Ley 1712 de 2014, art. 9",
    }
    fields.update(overrides)
    return MenuItem.objects.create(**fields)


def make_link(item, url="https://www.colombiacompra.gov.co/secop", label="SECOP II"):
    return ExternalLink.objects.create(item=item, url=url, label=label)
