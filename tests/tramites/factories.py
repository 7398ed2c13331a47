"""Builders of procedures for tests: make_x(**overrides) returns a saved object."""

import datetime
import itertools

from django.utils import timezone

from portal.models import Status
from portal.text import fold
from tests.portal.factories import make_office
from tramites.models import Category, Procedure, Requirement, Step

_seq = itertools.count(1)


def make_category(**overrides):
    n = next(_seq)
    fields = {"name": f"Tema {n}", "slug": f"tema-{n}"}
    fields.update(overrides)
    return Category.objects.create(**fields)


def make_procedure(*, requirements=1, steps=1, **overrides):
    """A published, complete sheet unless overridden; `requirements`/`steps` say how many."""
    n = next(_seq)
    fields = {
        "name": f"Trámite número {n}",
        "office": overrides.pop("office", None) or make_office(),
        "category": overrides.pop("category") if "category" in overrides else make_category(),
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(hours=1),
        "purpose": "Obtener un certificado.",
        "who_may_ask": "Cualquier persona.",
        "result": "Certificado",
        "legal_basis": "Ley 962 de 2005",
        "is_free": True,
        "response_time_value": 5,
        "in_person_address": "Palacio Municipal",
    }
    fields.update(overrides)
    procedure = Procedure.objects.create(**fields)
    Requirement.objects.bulk_create(
        Requirement(procedure=procedure, description=f"Requisito {i}", order=i)
        for i in range(requirements)
    )
    Step.objects.bulk_create(
        Step(procedure=procedure, description=f"Paso {i}", order=i) for i in range(steps)
    )
    return procedure


def bulk_procedures(n, *, office=None, category=None, requirements=3, steps=3, **overrides):
    """`n` published, complete sheets in a handful of queries (for query-count tests at scale)."""
    office = office or make_office()
    category = category or make_category()
    start = next(_seq)
    fields = {
        "office": office,
        "entity_id": office.entity_id,
        "category": category,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(hours=1),
        "purpose": "Obtener un certificado.",
        "who_may_ask": "Cualquier persona.",
        "result": "Certificado",
        "legal_basis": "Ley 962 de 2005",
        "is_free": True,
        "response_time_value": 5,
        "in_person_address": "Palacio Municipal",
    }
    fields.update(overrides)
    created = Procedure.objects.bulk_create(
        Procedure(
            name=f"Trámite masivo {start}-{i}",
            search_name=fold(f"Trámite masivo {start}-{i}"),
            slug=f"masivo-{start}-{i}",
            **fields,
        )
        for i in range(n)
    )
    Requirement.objects.bulk_create(
        Requirement(procedure=p, description=f"Requisito {i}", order=i)
        for p in created
        for i in range(requirements)
    )
    Step.objects.bulk_create(
        Step(procedure=p, description=f"Paso {i}", order=i) for p in created for i in range(steps)
    )
    return created
