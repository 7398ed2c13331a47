"""Recount the PQRSD report tallies from the requests, or only check that they are in step."""

from django.core.management.base import BaseCommand, CommandError

from pqrsd.stats import rebuild_tallies, tally_differences


class Command(BaseCommand):
    help = (
        "Vuelve a contar desde las solicitudes los conteos mensuales de PQRSD que leen los "
        "informes (los triggers de la base de datos los mantienen al día; esto repara una "
        "diferencia). Con --check solo compara."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Solo compara; termina con error si algún conteo difiere de las solicitudes.",
        )

    def handle(self, *args, check=False, **options):
        if check:
            differences = tally_differences()
            if differences:
                for line in differences:
                    self.stderr.write(line)
                raise CommandError(
                    f"{len(differences)} filas de los conteos difieren de las solicitudes; "
                    "ejecute rebuild_pqrsd_tallies sin --check para repararlas."
                )
            self.stdout.write("Los conteos coinciden con las solicitudes.")
            return
        monthly, running = rebuild_tallies()
        self.stdout.write(
            f"Conteos recalculados: {monthly} filas mensuales y {running} de términos en curso."
        )
