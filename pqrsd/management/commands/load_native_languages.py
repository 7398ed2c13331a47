"""Load the native languages a petition may be made in (Ley 1381 de 2010), idempotent."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from pqrsd.models import NativeLanguage

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "native_languages.json"


class Command(BaseCommand):
    help = (
        "Carga la lista de lenguas nativas del Putumayo en que se pueden presentar peticiones "
        "verbales (Ley 1381 de 2010). Idempotente: agrega las que falten sin cambiar lo que el "
        "personal editó en la administración."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        for row in json.loads(DATA_FILE.read_text(encoding="utf-8")):
            _, was_created = NativeLanguage.objects.get_or_create(
                name=row["name"],
                defaults={"people": row.get("people", ""), "verified": row.get("verified", False)},
            )
            created += was_created
        self.stdout.write(f"Lenguas nativas: {created} nuevas.")
