"""Load the municipality, its three entities, their offices and the policy pages (idempotent)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.models import Entity, Municipality, Office, Page, Status

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SUPERSEDED_PHONES = ("(098) 4295070", "(8) 4295070", "4295070")


def upsert(model, lookup, values, update):
    """get_or_create by natural key; update_or_create when the shipped data must win."""
    if update:
        return model.objects.update_or_create(**lookup, defaults=values)
    return model.objects.get_or_create(**lookup, defaults=values)


# Fields added after the first installs: an existing row gets the shipped value while the field
# is still empty (an editor's value is never replaced without --update).
NEW_FIELDS = ("anticorruption_line", "anticorruption_email", "anticorruption_phone")


def fill_blanks(obj, values, fields):
    blank = [f for f in fields if f in values and not getattr(obj, f)]
    for field in blank:
        setattr(obj, field, values[field])
    if blank:
        obj.save(update_fields=blank)


class Command(BaseCommand):
    help = (
        "Carga el municipio, la Alcaldía, la Personería y el Concejo, sus dependencias y las "
        "páginas de políticas (privacidad, términos, derechos de autor). Idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Sobrescribe los registros existentes con los datos del archivo "
            "(por defecto se conservan los cambios hechos en el administrador).",
        )

    @transaction.atomic
    def handle(self, *args, update=False, **options):
        data = json.loads((DATA_DIR / "institution.json").read_text(encoding="utf-8"))
        created = {"municipio": 0, "entidades": 0, "dependencias": 0, "páginas": 0}

        municipality = Municipality.objects.first()
        if municipality is None:
            Municipality.objects.create(**data["municipality"])
            created["municipio"] += 1
        elif update:
            for field, value in data["municipality"].items():
                setattr(municipality, field, value)
            municipality.save()
        else:
            fill_blanks(municipality, data["municipality"], NEW_FIELDS)

        entities = {}
        for row in data["entities"]:
            values = dict(row)
            slug = values.pop("slug")
            entities[slug], was_created = upsert(Entity, {"slug": slug}, values, update)
            created["entidades"] += was_created
            if not was_created and not update:
                fill_blanks(entities[slug], values, NEW_FIELDS)

        offices = {}
        for row in data["offices"]:
            # A parent office is listed before its children in the file.
            values = dict(row, entity=entities[row["entity"]])
            values["parent"] = offices[row["parent"]] if row.get("parent") else None
            slug = values.pop("slug")
            offices[slug], was_created = upsert(Office, {"slug": slug}, values, update)
            created["dependencias"] += was_created
            office = offices[slug]
            if not was_created and not update and office.parent_id is None and values["parent"]:
                office.parent = values["parent"]  # the tree is new: place older rows in it
                office.save(update_fields=["parent"])

        for row in data["pages"]:
            values = {
                "entity": entities[row["entity"]],
                "title": row["title"],
                "summary": row["summary"],
                "order": row["order"],
                "body": (DATA_DIR / "pages" / row["file"]).read_text(encoding="utf-8"),
                "status": Status.PUBLISHED,
            }
            _, was_created = upsert(Page, {"slug": row["slug"]}, values, update)
            created["páginas"] += was_created

        # The switchboard number shipped before 2021 cannot be dialled any more (national
        # numbering of the CRC: fixed lines 60X + 7 digits); it is corrected even without --update.
        for model in (Municipality, Entity):
            model.objects.filter(phone__in=SUPERSEDED_PHONES).update(
                phone=data["municipality"]["phone"]
            )

        summary = ", ".join(f"{name}: {count} nuevos" for name, count in created.items())
        self.stdout.write(f"Institución cargada ({summary}).")
