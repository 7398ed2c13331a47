"""Send the e-mails waiting in the outbox; the timer runs it every minute, `make run` too."""

import time

from django.core.management.base import BaseCommand

from portal.outbox import send_pending


class Command(BaseCommand):
    help = "Envía los correos pendientes de la bandeja de salida y reintenta los que fallaron."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="Máximo de correos por ejecución."
        )
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SEGUNDOS",
            help="Repetir cada SEGUNDOS hasta que lo detengan (desarrollo: `make run`).",
        )

    def handle(self, *args, **options):
        while True:
            sent, failed = send_pending(limit=options["limit"])
            if not options["loop"] or sent or failed:
                self.stdout.write(
                    f"Correos enviados: {sent}. Fallidos (se reintentarán): {failed}."
                )
            if not options["loop"]:
                return
            time.sleep(options["loop"])
