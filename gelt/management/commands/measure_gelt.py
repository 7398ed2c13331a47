"""Run every automatic GEL-T check and store today's evaluations and measurements."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gelt.checks import measure_all
from gelt.ita import store_snapshots


class Command(BaseCommand):
    help = (
        "Ejecuta las verificaciones automáticas GEL-T y guarda una evaluación o medición por "
        "criterio o indicador y por día (repetirlo el mismo día actualiza, no duplica), y la "
        "autoevaluación tipo ITA de cada entidad que muestra la página pública."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        outcomes = measure_all(today=today)
        entities = store_snapshots(today)
        stored = sum(1 for outcome in outcomes if outcome.stored)
        for outcome in outcomes:
            if not outcome.stored:
                self.stdout.write(f"  {outcome.target} ({outcome.key}): {outcome.note}")
        self.stdout.write(f"Mediciones GEL-T registradas: {stored} de {len(outcomes)}.")
        self.stdout.write(f"Autoevaluaciones ITA medidas: {entities} entidades.")
