"""
List the PQRSD whose window to complete has passed (Ley 1755 art. 17) and, with --notify, remind
each office by e-mail (outbox) that it must declare the desistimiento tácito. Run each day by the
daily timer. It never declares anything: the law asks for a reasoned act by staff.
"""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.outbox import queue_email
from pqrsd import completion, filing
from pqrsd.models import Request


class Command(BaseCommand):
    help = (
        "Lista las PQRSD con el desistimiento tácito por declarar (venció el plazo para "
        "completarlas) y, con --notify, avisa por correo a cada dependencia. No cierra ninguna: "
        "el desistimiento lo declara un funcionario con un acto motivado."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--notify",
            action="store_true",
            help="Escribe en la cola de correo un aviso a cada dependencia que tenga correo.",
        )

    def handle(self, *args, notify=False, **options):
        today = timezone.localdate()
        due = list(completion.withdrawals_due(Request.objects.select_related("office"), today))
        by_office = defaultdict(list)
        for item in due:
            by_office[item.office].append(item)
            office_name = item.office.name if item.office else "sin dependencia"
            self.stdout.write(
                f"{item.radicado}\t{office_name}\tplazo para completar: "
                f"{item.completion_deadline:%d/%m/%Y}"
            )
        queued = 0
        if notify:
            link = (
                f"{filing.site_url()}{reverse('admin:pqrsd_request_changelist')}"
                "?desistimiento=por_declarar"
            )
            with transaction.atomic():
                for office, items in by_office.items():
                    if office is None or not office.email:
                        continue
                    lines = "\n".join(
                        f"- {r.radicado} «{r.subject}»: el plazo venció el "
                        f"{r.completion_deadline:%d/%m/%Y}"
                        for r in items
                    )
                    queue_email(
                        to=office.email,
                        subject=f"PQRSD: {len(items)} desistimiento(s) tácito(s) por declarar",
                        body=f"Estas solicitudes de {office.name} esperaban que el ciudadano las "
                        "completara y el plazo venció sin respuesta (art. 17, Ley 1755 de "
                        f"2015):\n\n{lines}\n\nDeclare el desistimiento con un acto motivado "
                        f"en {link}",
                        reference=f"desistimientos-{office.pk}-{today:%Y%m%d}",
                    )
                    queued += 1
        self.stdout.write(
            f"Desistimientos por declarar: {len(due)}."
            + (f" Avisos escritos en la cola de correo: {queued}." if notify else "")
        )
