from django.core.management.base import BaseCommand

from search.vectors import store_all


class Command(BaseCommand):
    help = (
        "Guarda los vectores de búsqueda de todo el contenido (PostgreSQL). Córralo después de "
        "cargar datos en bloque o de editarlos fuera de Django; lo demás se actualiza solo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Solo las filas que aún no tienen vectores."
        )

    def handle(self, *args, missing, **options):
        written = store_all(missing_only=missing)
        self.stdout.write(f"Vectores de búsqueda guardados: {written} filas.")
