"""Send the e-mails still waiting in the PQRSD outbox (run it from cron every few minutes)."""

from django.core.management.base import BaseCommand

from pqrsd.filing import send_pending


class Command(BaseCommand):
    help = "Envía los correos pendientes de PQRSD y reintenta los que fallaron."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="Máximo de correos por ejecución."
        )

    def handle(self, *args, **options):
        sent, failed = send_pending(limit=options["limit"])
        self.stdout.write(f"Correos enviados: {sent}. Fallidos (se reintentarán): {failed}.")
