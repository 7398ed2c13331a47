"""
Demo PQRSD: about 30 believable requests in every state, or --scale N bulk rows for benchmarks.
Needs the offices of `load_institution`. Idempotent: skips when demo requests exist.
"""

import datetime
import functools
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.models import Office, OutboundEmail
from pqrsd import deadlines, filing
from pqrsd.models import (
    AnswerTemplate,
    FilingCounter,
    Request,
    RequestStatus,
    RequestType,
    StatusChange,
    non_working_days,
)
from pqrsd.radicado import hash_tracking_code, new_tracking_code

SUBJECTS = [
    (
        "peticion",
        "Arreglo de la vía a la vereda El Cedro",
        "La vía está intransitable desde las lluvias de la semana pasada; los niños no pueden llegar a la escuela.",
    ),
    (
        "peticion",
        "Alumbrado público en el barrio Las Palmas",
        "Hay cuatro postes sin luz en la calle 4 entre carreras 2 y 3.",
    ),
    (
        "informacion",
        "Copia del contrato de mantenimiento del parque",
        "Solicito copia del contrato y sus informes de supervisión.",
    ),
    (
        "informacion",
        "Presupuesto asignado a la vereda Santa Lucía",
        "Quisiera saber cuánto se asignó en 2026 para obras en la vereda.",
    ),
    (
        "consulta",
        "Requisitos para construir una vivienda rural",
        "¿Qué permisos necesito para construir en mi finca?",
    ),
    (
        "consulta",
        "Uso del suelo de un lote en el casco urbano",
        "¿Puedo abrir una tienda en un lote residencial?",
    ),
    (
        "queja",
        "Mala atención en la ventanilla de Hacienda",
        "El funcionario no quiso recibir mis documentos y me trató mal.",
    ),
    ("queja", "Demora en la atención del SISBÉN", "Llevo tres semanas esperando la encuesta."),
    (
        "reclamo",
        "Cobro doble del impuesto predial",
        "Me llegó la factura dos veces con el mismo periodo.",
    ),
    (
        "reclamo",
        "No recogen la basura en el barrio El Progreso",
        "Desde hace dos semanas no pasa el carro recolector.",
    ),
    (
        "sugerencia",
        "Horario extendido los sábados",
        "Sería útil atender los sábados en la mañana para quienes vivimos en veredas.",
    ),
    (
        "sugerencia",
        "Publicar los turnos de la volqueta",
        "Publiquen en el portal el cronograma de la maquinaria.",
    ),
    (
        "denuncia",
        "Posible cobro irregular por un certificado",
        "Una persona pidió dinero por agilizar un certificado de residencia.",
    ),
]
NAMES = [
    "María Fernanda Muñoz",
    "José Ancízar Jamioy",
    "Luz Dary Chindoy",
    "Carlos Andrés Ortiz",
    "Asociación de Productores de Cacao",
    "Yaneth Cuéllar",
    "Edilberto Mutumbajoy",
]
TEMPLATES = [
    (
        "peticion",
        "Respuesta de fondo",
        "Respetado(a) {nombre}:\n\nEn atención a su petición radicada con el número {radicado} del {fecha}, le informamos que …",
    ),
    (
        "informacion",
        "Entrega de información",
        "Respetado(a) {nombre}:\n\nAdjuntamos la información solicitada en su radicado {radicado}.",
    ),
    (
        "queja",
        "Respuesta a queja",
        "Respetado(a) {nombre}:\n\nLamentamos lo ocurrido. Su queja {radicado} fue trasladada al jefe de la dependencia, que tomó estas medidas: …",
    ),
]


class Command(BaseCommand):
    help = "Crea solicitudes PQRSD de demostración (o --scale N filas para pruebas de carga)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="Crea N solicitudes en bloque.")

    def handle(self, *args, scale=0, **options):
        offices = list(Office.objects.select_related("entity").order_by("pk"))
        if not offices:
            self.stdout.write(
                "No hay dependencias: ejecute antes load_institution. No se creó nada."
            )
            return
        if scale:
            self.bulk(scale, offices)
            return
        if Request.objects.filter(submission_key__startswith="demo-").exists():
            self.stdout.write("Las PQRSD de demostración ya existen.")
            return
        for kind, title, body in TEMPLATES:
            AnswerTemplate.objects.get_or_create(
                request_type=kind, title=title, defaults={"body": body}
            )
        self.small(offices)

    @transaction.atomic
    def small(self, offices):
        rng = random.Random(2026)
        now = timezone.now()
        created = 0
        for n in range(30):
            kind, subject, description = SUBJECTS[n % len(SUBJECTS)]
            anonymous = kind == "denuncia" and n % 2 == 0
            filed_at = now - datetime.timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 8))
            name = NAMES[n % len(NAMES)]
            data = {
                "request_type": kind,
                "subject": f"{subject} (demo)",
                "description": description,
                "is_anonymous": anonymous,
                "person_kind": "juridica" if name.startswith("Asociación") else "natural",
                "document_type": "NIT" if name.startswith("Asociación") else "CC",
                "document_number": str(1120000000 + n * 7919),
                "name": name,
                "email": f"ciudadano{n}@example.invalid",
                "phone": f"3{rng.randint(100000000, 209999999)}",
                "address": "Barrio Centro, Puerto Guzmán",
                "answer_channel": "portal" if anonymous else "correo",
            }
            channel = ["web", "web", "web", "presencial", "telefono", "escrito"][n % 6]
            result = filing.file_request(
                data=data, channel=channel, submission_key=f"demo-{n}", now=filed_at
            )
            request = result.request
            office = offices[n % len(offices)]
            state = n % 6
            if state == 0:
                continue  # just filed, waiting for Correspondencia
            filing.assign(
                request,
                office=office,
                user=None,
                note="Reparto (demo)",
                now=filed_at + datetime.timedelta(hours=2),
            )
            if state == 1:
                continue  # assigned, open (may be overdue)
            filing.start_processing(request, user=None, now=filed_at + datetime.timedelta(days=1))
            if state in (2, 3):
                # answered: on time for state 2, late for state 3
                request.refresh_from_db()
                late = state == 3
                target = request.due_date + datetime.timedelta(days=5 if late else -3)
                answered_at = min(
                    now, max(filed_at + datetime.timedelta(days=2), _at(target, filed_at))
                )
                filing.answer(
                    request,
                    text=f"Respetado(a) {name}:\n\nDamos respuesta de fondo a su solicitud. (demo)",
                    user=None,
                    now=answered_at,
                )
                if state == 3:
                    filing.close(request, user=None, note="Respuesta entregada.", now=answered_at)
            elif state == 4:
                request.refresh_from_db()
                named = non_working_days(range(filed_at.year, filed_at.year + 2))
                limit = deadlines.extension_limit(
                    request.received_on, request.original_due_date, request.term_days, named
                )
                filing.extend(
                    request,
                    new_due_date=limit,
                    reason="Se requiere visita técnica a la vereda (demo).",
                    user=None,
                    now=filed_at + datetime.timedelta(days=2),
                )
            created += 1
        self.legal_examples(offices, now)
        # Demo addresses do not exist: mark their e-mails as handled instead of sending them.
        demo = Request.objects.filter(submission_key__startswith="demo-").only("year", "number")
        OutboundEmail.objects.filter(reference__in=[r.radicado for r in demo]).update(
            sent_at=now, secret="", last_error="Demostración: no se envía."
        )
        self.stdout.write(f"PQRSD de demostración creadas: 30 ({created} con trámite).")

    def legal_examples(self, offices, now):
        """
        Open demo requests at other steps of Ley 1755: referred, marked not ours, prioritised,
        and one the office asked to complete (art. 17) the day after its receipt.
        """
        from pqrsd import legal
        from pqrsd.models import CompetentAuthority

        demo = Request.objects.open().filter(submission_key__startswith="demo-").order_by("pk")
        referred, not_ours, prioritised = list(demo[:3])
        authority = CompetentAuthority.objects.filter(active=True).exclude(email="").first()
        legal.refer(
            referred,
            authority=authority,
            authority_name="" if authority else "Corpoamazonia",
            authority_email="" if authority else "demo@example.invalid",
            reason="El asunto es competencia de otra autoridad (demo).",
            user=None,
            now=now,
        )
        legal.mark_not_competent(not_ours, user=None, now=now)
        legal.set_priority(prioritised, reason="discapacidad", user=None, now=now)
        incomplete = max(demo[3:], key=lambda request: (request.filed_at, request.pk))
        asked_at = max(incomplete.filed_at, _at(incomplete.received_on, now)) + datetime.timedelta(
            days=1
        )
        filing.request_completion(
            incomplete,
            what_is_missing="Copia del recibo del impuesto predial (demo).",
            user=None,
            now=min(asked_at, now),
        )

    def bulk(self, count, offices):
        rng = random.Random(count)
        today = timezone.localdate()
        year = today.year
        named = frozenset(non_working_days(range(year - 1, year + 2)))
        kinds = [k for k, _ in RequestType.choices if k != RequestType.ENTRE_AUTORIDADES]
        with transaction.atomic():
            FilingCounter.objects.get_or_create(year=year)
            counter = FilingCounter.objects.select_for_update().get(year=year)
            start = max(
                counter.last_number,
                Request.objects.filter(year=year).aggregate(m=Max("number"))["m"] or 0,
            )
            code_hash = hash_tracking_code(new_tracking_code())
            batch, history = [], []
            start_of_year = datetime.date(year, 1, 1)
            span = max((today - start_of_year).days, 1)
            for i in range(count):
                number = start + i + 1
                kind = rng.choice(kinds)
                term = deadlines.TERMS[kind]
                filed_on = start_of_year + datetime.timedelta(days=rng.randrange(span))
                due = _due(filed_on, term, named)
                answered = rng.random() < 0.7 and filed_on < today
                answered_on = None
                if answered:
                    answered_on = min(
                        today, filed_on + datetime.timedelta(days=rng.randint(1, term * 2))
                    )
                filed_at = timezone.make_aware(
                    datetime.datetime.combine(filed_on, datetime.time(9))
                )
                batch.append(
                    Request(
                        year=year,
                        number=number,
                        radicado=f"{year:04d}-{number:06d}",
                        tracking_code_hash=code_hash,
                        submission_key=f"bench-{year}-{number}",
                        request_type=kind,
                        subject=f"Solicitud de prueba {number}",
                        description="Texto de prueba de carga.",
                        channel="web",
                        office=rng.choice(offices),
                        is_anonymous=True,
                        status=RequestStatus.ANSWERED if answered else RequestStatus.ASSIGNED,
                        filed_at=filed_at,
                        filed_on=filed_on,
                        received_on=filed_on,
                        term_days=term,
                        original_due_date=due,
                        due_date=due,
                        answered_on=answered_on,
                        answered_at=filed_at + (answered_on - filed_on) if answered else None,
                        answer="Respuesta de prueba." if answered else "",
                        response_business_days=_between(filed_on, answered_on, named)
                        if answered
                        else None,
                        answered_on_time=(answered_on <= due) if answered else None,
                    )
                )
                if len(batch) >= 2000:
                    self._flush(batch, history)
            self._flush(batch, history)
            counter.last_number = start + count
            counter.save(update_fields=["last_number"])
        self.stdout.write(f"Solicitudes de prueba creadas: {count}.")

    def _flush(self, batch, history):
        created = Request.objects.bulk_create(batch)
        StatusChange.objects.bulk_create(
            StatusChange(request=r, status=RequestStatus.FILED, created_at=r.filed_at)
            for r in created
        )
        batch.clear()


@functools.cache
def _due(filed_on, term, named):
    return deadlines.add_business_days(filed_on, term, named)


@functools.cache
def _between(start, end, named):
    return deadlines.business_days_between(start, end, named)


def _at(day, reference):
    return (
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))) if day else reference
    )
