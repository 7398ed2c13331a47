"""Small builders of portal data for tests: make_x(**overrides) returns a saved object."""

import datetime
import io
import itertools

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import (
    Contractor,
    Document,
    Entity,
    Event,
    NewsItem,
    Office,
    Official,
    Page,
    StaffProfile,
    Status,
)
from portal.roles import EDITORS_GROUP

_seq = itertools.count(1)


def make_entity(kind=Entity.Kind.ALCALDIA, **overrides):
    names = {"alcaldia": "Alcaldía", "personeria": "Personería", "concejo": "Concejo"}
    existing = Entity.objects.filter(kind=kind).first()
    if existing and not overrides:
        return existing
    fields = {"name": f"{names[kind]} de Puerto Guzmán", "slug": kind, "kind": kind}
    fields.update(overrides)
    return Entity.objects.create(**fields)


def make_office(entity=None, **overrides):
    n = next(_seq)
    fields = {
        "entity": entity or make_entity(),
        "name": f"Secretaría {n}",
        "slug": f"secretaria-{n}",
    }
    fields.update(overrides)
    return Office.objects.create(**fields)


def make_staff_user(office=None, *, username=None, groups=(EDITORS_GROUP,), **overrides):
    """A staff user belonging to `office`, in the given groups (created with their perms)."""
    from django.core.management import call_command

    if groups and not Group.objects.filter(name=groups[0]).exists():
        call_command("setup_roles", stdout=io.StringIO())
    user = User.objects.create_user(
        username=username or f"funcionario{next(_seq)}",
        password="clave-de-prueba-123",
        is_staff=True,
        **overrides,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if office is not None:
        StaffProfile.objects.create(user=user, office=office)
    return user


def _publishable(overrides):
    fields = {"entity": overrides.pop("entity", None) or make_entity(), "status": Status.PUBLISHED}
    fields["publish_at"] = timezone.now() - datetime.timedelta(hours=1)
    fields.update(overrides)
    return fields


def make_news(**overrides):
    n = next(_seq)
    fields = _publishable(overrides)
    fields.setdefault("title", f"Noticia número {n}")
    fields.setdefault("summary", "Resumen de la noticia.")
    fields.setdefault("body", "<p>Texto de la noticia.</p>")
    return NewsItem.objects.create(**fields)


def make_event(**overrides):
    n = next(_seq)
    fields = _publishable(overrides)
    fields.setdefault("title", f"Evento número {n}")
    fields.setdefault("summary", "Resumen del evento.")
    fields.setdefault("starts_at", timezone.now() + datetime.timedelta(days=3))
    fields.setdefault("location", "Coliseo municipal")
    return Event.objects.create(**fields)


def make_document(**overrides):
    n = next(_seq)
    fields = _publishable(overrides)
    fields.setdefault("title", f"Documento número {n}")
    fields.setdefault("kind", Document.Kind.DECRETO)
    fields.setdefault("number", f"{n:03d} de 2026")
    fields.setdefault("issued_on", datetime.date(2026, 3, 1))
    fields.setdefault(
        "file", SimpleUploadedFile(f"doc{n}.pdf", b"%PDF-1.4 prueba", "application/pdf")
    )
    return Document.objects.create(**fields)


def make_page(**overrides):
    n = next(_seq)
    fields = _publishable(overrides)
    fields.setdefault("title", f"Página número {n}")
    fields.setdefault("body", "<p>Contenido institucional.</p>")
    return Page.objects.create(**fields)


def make_official(office=None, **overrides):
    n = next(_seq)
    fields = {
        "office": office or make_office(),
        "name": f"Servidora Pública {n}",
        "position": "Profesional universitario",
        "email": f"servidor{n}@puertoguzman-putumayo.gov.co",
    }
    fields.update(overrides)
    return Official.objects.create(**fields)


def bulk_publishables(model, count, *, entity=None, **fields):
    """`count` published rows of a Publishable model in one INSERT (for query-count tests)."""
    entity = entity or make_entity()
    start = next(_seq) * 10_000
    publish_at = timezone.now() - datetime.timedelta(hours=2)
    defaults = {
        NewsItem: {"summary": "Resumen.", "body": "<p>Texto.</p>"},
        Event: {
            "summary": "Resumen.",
            "location": "Coliseo municipal",
            "starts_at": timezone.now() + datetime.timedelta(days=5),
        },
        Document: {
            "kind": Document.Kind.ACUERDO,
            "issued_on": datetime.date(2026, 1, 15),
            "file": "documentos/2026/masivo.pdf",
        },
        Page: {"body": "<p>Texto.</p>"},
    }[model]
    rows = [
        model(
            entity=entity,
            status=Status.PUBLISHED,
            publish_at=publish_at,
            title=f"{model._meta.verbose_name.capitalize()} masivo {start + i}",
            slug=f"{model._meta.model_name}-masivo-{start + i}",
            **{**defaults, **fields},
        )
        for i in range(count)
    ]
    return model.objects.bulk_create(rows)


def bulk_officials(count, *, office=None):
    office = office or make_office()
    start = next(_seq) * 10_000
    return Official.objects.bulk_create(
        Official(office=office, name=f"Servidor masivo {start + i}", position="Técnico")
        for i in range(count)
    )


def make_contractor(office=None, **overrides):
    n = next(_seq)
    fields = {
        "office": office or make_office(),
        "name": f"Contratista {n}",
        "position": "Apoyo a la gestión",
        "contract_number": f"CPS-{n:03d}-2026",
    }
    fields.update(overrides)
    return Contractor.objects.create(**fields)


def bulk_contractors(count, *, office=None):
    office = office or make_office()
    start = next(_seq) * 10_000
    return Contractor.objects.bulk_create(
        Contractor(
            office=office,
            name=f"Contratista masivo {start + i}",
            position="Apoyo",
            contract_number=f"CPS-{start + i}",
            contract_value=1_000_000 + i,
        )
        for i in range(count)
    )


def bulk_offices(count, *, entity, parent=None):
    """`count` offices under `parent`, each with a head from the directory."""
    start = next(_seq) * 10_000
    offices = Office.objects.bulk_create(
        Office(entity=entity, parent=parent, name=f"Oficina {start + i}", slug=f"of-{start + i}")
        for i in range(count)
    )
    Official.objects.bulk_create(
        Official(office=office, name=f"Jefe {office.name}", position="Jefe", is_head=True)
        for office in offices
    )
    return offices
