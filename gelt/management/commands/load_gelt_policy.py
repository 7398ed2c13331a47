"""Load the current Gobierno Digital policy and its crosswalk from gelt/data/policy.json."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gelt.models import Criterion, PolicyElement, PolicyMapping

DATA = Path(__file__).resolve().parents[2] / "data" / "policy.json"


class Command(BaseCommand):
    help = (
        "Carga los elementos de la Política de Gobierno Digital vigente (Decreto 767 de 2022) y "
        "la correspondencia de cada criterio GEL-T con un elemento y un ítem del ITA. Crea lo "
        "que falta y no toca lo que el comité editó, salvo con --actualizar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--actualizar",
            action="store_true",
            dest="update",
            help="Sobrescribe con los datos del archivo los elementos y filas ya cargados.",
        )

    @transaction.atomic
    def handle(self, *args, update=False, **options):
        data = json.loads(DATA.read_text(encoding="utf-8"))
        created = updated = 0
        elements = {}
        for row in data["elements"]:
            fields = {k: row[k] for k in ("kind", "name", "description", "source", "confidence")}
            fields["order"] = row.get("order", 0)
            element, new = PolicyElement.objects.get_or_create(code=row["code"], defaults=fields)
            if not new and update:
                PolicyElement.objects.filter(pk=element.pk).update(**fields)
                updated += 1
            created += new
            elements[row["code"]] = element
        criteria = {c.code: c for c in Criterion.objects.all()}
        missing = sorted({row["criterion"] for row in data["crosswalk"]} - set(criteria))
        if missing and criteria:
            self.stderr.write(
                "Criterios que no existen (se omiten): " + ", ".join(missing) + ". "
                "¿Se cargó el plan con load_gelt_plan?"
            )
        if not criteria:
            raise CommandError("Primero cargue el plan GEL-T: manage.py load_gelt_plan")
        for row in data["crosswalk"]:
            criterion = criteria.get(row["criterion"])
            if criterion is None:
                continue
            fields = {
                "ita_item": row.get("ita_item", ""),
                "furag_theme": row.get("furag_theme", ""),
                "source": row.get("source", ""),
                "confidence": row.get("confidence", "C"),
            }
            mapping, new = PolicyMapping.objects.get_or_create(
                criterion=criterion, element=elements[row["element"]], defaults=fields
            )
            if not new and update:
                PolicyMapping.objects.filter(pk=mapping.pk).update(**fields)
                updated += 1
            created += new
        self.stdout.write(
            f"Política de Gobierno Digital: {created} filas nuevas, {updated} actualizadas."
        )
