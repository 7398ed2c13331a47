"""Demo rows of the instruments 7.1.1–7.1.3, marked «(demo)», from data/demo_instruments.json"""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.models import Entity, Office
from transparency.models import ClassifiedInformation, InformationAsset, PublicationSchemeEntry

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "demo_instruments.json"
MODELS = {
    "registro_activos": (InformationAsset, "category"),
    "indice_clasificada": (ClassifiedInformation, "title"),
    "esquema_publicacion": (PublicationSchemeEntry, "title"),
}


class Command(BaseCommand):
    help = (
        "Crea filas de demostración del registro de activos, el índice de información "
        "clasificada y el esquema de publicación (se puede repetir: no duplica filas)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        entities = {entity.slug: entity for entity in Entity.objects.all()}
        offices = {office.slug: office for office in Office.objects.all()}
        created = 0
        for key, (model, name_field) in MODELS.items():
            for order, row in enumerate(data[key]):
                values = dict(row)
                entity = entities.get(values.pop("entity"))
                office = offices.get(values.pop("office"))
                if entity is None or office is None:
                    continue  # load_institution has not run
                for date_field in ("generated_on", "classified_on"):
                    if date_field in values:
                        values[date_field] = datetime.date.fromisoformat(values[date_field])
                _, was_created = model.objects.get_or_create(
                    entity=entity,
                    **{name_field: values.pop(name_field)},
                    defaults={"office": office, "order": order, **values},
                )
                created += was_created
        self.stdout.write(
            f"Instrumentos de gestión de la información de demostración: {created} filas nuevas."
        )
