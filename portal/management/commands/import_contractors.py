"""Load contractors (item 1.5.10) from a CSV export; columns in docs/directorio.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.contractors_csv import MAX_BYTES, import_contractors
from portal.models import Entity, Office


class Command(BaseCommand):
    help = (
        "Carga o actualiza contratistas de prestación de servicios desde un archivo CSV "
        "(columnas en docs/directorio.md). Si una fila tiene errores no se carga ninguna. "
        "Idempotente: cada contrato se identifica por su número y su dependencia."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="Ruta del archivo CSV.")
        parser.add_argument(
            "--entidad",
            help="Ruta de la entidad (alcaldia, personeria, concejo): solo acepta sus "
            "dependencias. Sin ella, cualquier dependencia.",
        )
        parser.add_argument(
            "--revisar", action="store_true", help="Solo revisa el archivo; no guarda nada."
        )

    def handle(self, *args, archivo, entidad=None, revisar=False, **options):
        path = Path(archivo)
        if not path.is_file():
            raise CommandError(f"No existe el archivo {archivo}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("El archivo pesa más de 2 MB. Divídalo en varios archivos.")
        offices = Office.objects.all()
        if entidad:
            entity = Entity.objects.filter(slug=entidad).first()
            if entity is None:
                raise CommandError(f"No existe la entidad «{entidad}».")
            offices = offices.filter(entity=entity)
        result = import_contractors(path.read_bytes(), list(offices), save=not revisar)
        if result.errors:
            raise CommandError("No se cargó ningún contratista:\n" + "\n".join(result.errors))
        if revisar:
            self.stdout.write("El archivo está bien: puede cargarlo sin --revisar.")
        else:
            self.stdout.write(
                f"Contratistas cargados: {result.created} nuevos, {result.updated} actualizados."
            )
