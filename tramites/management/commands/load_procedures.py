"""
Load the shipped catalogue (tramites/data/procedures.json); idempotent.

Sheets are matched by slug. A sheet an editor has reviewed (not "por revisar" any more, or with
a review date) is never overwritten. An office slug that does not exist falls back, with a
warning, to the Alcaldía's first office, so no procedure is lost; the editor moves it later.
"{sitio}" in an online link stands for the municipality's website (Municipality.website), so
the portal's own PQRSD form is linked wherever the portal runs. "featured" marks the sheets a new
portal lists as the most consulted on its home page. With --scale N it also creates
N demo sheets (slug demo-N) for benchmarks.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import Entity, Municipality, Office, Status
from portal.text import fold
from tramites.models import Category, Procedure, Requirement, Step

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "procedures.json"


class Command(BaseCommand):
    help = "Carga el catálogo inicial de trámites (y, con --scale N, N trámites de demostración)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="Archivo JSON del catálogo.")
        parser.add_argument(
            "--scale", type=int, default=0, help="Crear además N trámites de demostración."
        )

    @transaction.atomic
    def handle(self, *args, file, scale, **options):
        data = json.loads(Path(file).read_text(encoding="utf-8"))
        offices = {office.slug: office for office in Office.objects.select_related("entity")}
        if not offices:
            raise CommandError("No hay dependencias. Ejecute primero «manage.py load_institution».")
        self.website = Municipality.current().website.rstrip("/")
        categories = {}
        for item in data["categories"]:
            slug = item.pop("slug")
            categories[slug], _ = Category.objects.update_or_create(slug=slug, defaults=item)
        created = updated = kept = 0
        for item in data["procedures"]:
            outcome = self._load(item, data.get("defaults", {}), offices, categories)
            created += outcome == "created"
            updated += outcome == "updated"
            kept += outcome == "kept"
        self.stdout.write(
            f"Trámites: {created} creados, {updated} actualizados, "
            f"{kept} ya revisados por un funcionario (sin cambios)."
        )
        if scale:
            self._create_demo(scale, offices, categories)

    def _load(self, item, defaults, offices, categories):
        item = {**defaults, **item}
        slug = item.pop("slug")
        existing = Procedure.objects.filter(slug=slug).first()
        if existing and (not existing.needs_review or existing.last_reviewed_on):
            return "kept"
        requirements = item.pop("requirements", [])
        steps = item.pop("steps", [])
        item["category"] = categories[item["category"]]
        item["office"] = self._office(item.pop("office"), offices, slug)
        if "online_url" in item:
            item["online_url"] = item["online_url"].replace("{sitio}", self.website)
        item.update(needs_review=True, suit_code="")
        featured = item.pop("featured", False)
        procedure, created = Procedure.objects.update_or_create(
            slug=slug,
            defaults=item,
            # Publication and the home page's list are the editors' decision once the sheet
            # exists.
            create_defaults={**item, "status": Status.PUBLISHED, "featured": featured},
        )
        procedure.requirements.all().delete()
        procedure.steps.all().delete()
        Requirement.objects.bulk_create(
            Requirement(procedure=procedure, description=text, needs_document=doc, order=i)
            for i, (text, doc) in enumerate(requirements, start=1)
        )
        Step.objects.bulk_create(
            Step(procedure=procedure, description=text, order=i)
            for i, text in enumerate(steps, start=1)
        )
        return "created" if created else "updated"

    def _office(self, slug, offices, procedure_slug):
        if slug in offices:
            return offices[slug]
        fallback = Office.objects.filter(entity__kind=Entity.Kind.ALCALDIA).select_related(
            "entity"
        ).first() or next(iter(offices.values()))
        self.stderr.write(
            f"Aviso: no existe la dependencia «{slug}» del trámite «{procedure_slug}»; "
            f"se asigna a «{fallback.name}». Cámbielo en el administrador."
        )
        return fallback

    def _create_demo(self, scale, offices, categories):
        office = next(iter(offices.values()))
        category_list = list(categories.values()) or [
            Category.objects.get_or_create(slug="demostracion", defaults={"name": "Demostración"})[
                0
            ]
        ]
        existing = set(
            Procedure.objects.filter(slug__startswith="demo-").values_list("slug", flat=True)
        )
        levels = list(Procedure.Automation.values)
        new = []
        for n in range(1, scale + 1):
            slug = f"demo-{n}"
            if slug in existing:
                continue
            level = levels[n % len(levels)]
            name = f"Trámite de demostración {n}"
            new.append(
                Procedure(
                    slug=slug,
                    name=name,
                    search_name=fold(name),
                    office=office,
                    entity_id=office.entity_id,
                    category=category_list[n % len(category_list)],
                    status=Status.PUBLISHED,
                    purpose="Ficha de demostración para pruebas de carga.",
                    who_may_ask="Cualquier persona.",
                    result="Constancia",
                    legal_basis="No aplica (demostración).",
                    is_free=True,
                    response_time_value=n % 20,
                    in_person_address="Palacio Municipal",
                    automation_level=level,
                    online_url=""
                    if level == "info"
                    else "https://www.puertoguzman-putumayo.gov.co/pqrsd/",
                )
            )
        created = Procedure.objects.bulk_create(new, batch_size=500)
        Requirement.objects.bulk_create(
            (
                Requirement(procedure=p, description="Documento de identidad.", order=1)
                for p in created
            ),
            batch_size=500,
        )
        Step.objects.bulk_create(
            (
                Step(procedure=p, description="Acérquese a la dependencia.", order=1)
                for p in created
            ),
            batch_size=500,
        )
        self.stdout.write(f"Trámites de demostración: {len(created)} creados.")
