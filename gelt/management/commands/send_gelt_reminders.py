"""Queue e-mail reminders to the owners of GEL-T activities (run daily, after measure_gelt)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gelt.reminders import REMINDER_DAYS, send_reminders


class Command(BaseCommand):
    help = (
        "Escribe en la bandeja de salida los recordatorios a los responsables de actividades y "
        f"compromisos GEL-T: {REMINDER_DAYS} días antes de la fecha límite y al vencerse. "
        "No repite un aviso ya enviado."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dias",
            type=int,
            default=REMINDER_DAYS,
            dest="days",
            help="Días de anticipación del recordatorio.",
        )

    def handle(self, *args, days, **options):
        run = send_reminders(timezone.localdate(), days=days)
        self.stdout.write(
            f"Recordatorios GEL-T: {run.before} antes de la fecha límite, "
            f"{run.overdue} por vencimiento."
        )
        for activity in run.without_email:
            self.stderr.write(
                f"Sin correo para avisar a «{activity.owner_name}»: {activity} "
                f"(vence el {activity.due_date:%d/%m/%Y})."
            )
