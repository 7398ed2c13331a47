"""Load the list of authorities requests are referred to (Ley 1755 art. 21), idempotent."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from pqrsd.models import CompetentAuthority

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "competent_authorities.json"


class Command(BaseCommand):
    help = (
        "Carga la lista de autoridades competentes para trasladar solicitudes (art. 21, Ley "
        "1755 de 2015). Idempotente: agrega las que falten y llena los campos vacíos, sin "
        "cambiar lo que el personal editó en la administración."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        for row in json.loads(DATA_FILE.read_text(encoding="utf-8")):
            values = {key: row.get(key, "") for key in ("email", "matters")}
            authority, was_created = CompetentAuthority.objects.get_or_create(
                name=row["name"], defaults=values
            )
            created += was_created
            blank = [key for key, value in values.items() if value and not getattr(authority, key)]
            if blank:
                for key in blank:
                    setattr(authority, key, values[key])
                authority.save(update_fields=blank)
        self.stdout.write(f"Autoridades competentes: {created} nuevas.")
