"""Anonymise the PQRSD whose retention period ended (run each day by the daily timer)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from pqrsd import data_rights


class Command(BaseCommand):
    help = (
        "Suprime los datos personales de las PQRSD respondidas o cerradas cuyo periodo de "
        "conservación (PQRSD_RETENTION_YEARS) terminó. Conserva radicado, fechas, tipo y "
        "dependencia; borra los adjuntos."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Solo cuenta las solicitudes que se anonimizarían, sin cambiar nada.",
        )

    def handle(self, *args, dry_run=False, **options):
        years = data_rights.retention_years()
        if dry_run:
            count = data_rights.due_for_anonymisation(timezone.localdate(), years).count()
            self.stdout.write(f"Se anonimizarían {count} solicitudes (conservación: {years} años).")
            return
        count = data_rights.anonymise_due(years=years)
        self.stdout.write(f"Solicitudes anonimizadas: {count} (conservación: {years} años).")
