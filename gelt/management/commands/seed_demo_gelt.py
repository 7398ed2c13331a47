"""Demo committee work for GEL-T, marked «(demo)»: linked entities, meetings, evaluations."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gelt.models import (
    Activity,
    Administration,
    CommitteeMember,
    Criterion,
    Evaluation,
    LinkedEntity,
    Meeting,
    Phase,
)
from portal.models import Official

LINKED = [
    ("Junta de Acción Comunal del Barrio Centro (demo)", LinkedEntity.Level.LOCAL, 40),
    ("Institución Educativa Rural José Antonio Galán (demo)", LinkedEntity.Level.LOCAL, 95),
    ("Gobernación del Putumayo (demo)", LinkedEntity.Level.DEPARTMENTAL, 120),
    ("SENA regional Putumayo (demo)", LinkedEntity.Level.NATIONAL, 200),
]

# Criteria the demo portal visibly meets, with where to see it.
EVALUATIONS = [
    ("INF-09", "met", 100, "Buscador en /buscar/ y mapa del sitio en /mapa-del-sitio/ (demo)."),
    ("INT-01", "met", 100, "Correo de contacto en el pie de página y formulario PQRSD (demo)."),
    (
        "INT-05",
        "partial",
        50,
        "Noticias por RSS en /noticias/rss/; falta boletín por correo (demo).",
    ),
    (
        "INF-01",
        "partial",
        70,
        "Misión, visión y directorio publicados; faltan organigramas (demo).",
    ),
]


class Command(BaseCommand):
    help = "Crea trabajo de demostración del Comité GEL-T, marcado «(demo)» (idempotente)."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        for name, level, days_ago in LINKED:
            LinkedEntity.objects.get_or_create(
                name=name,
                defaults={
                    "level": level,
                    "agreement_date": max(
                        today - datetime.timedelta(days=days_ago), today.replace(month=1, day=1)
                    ),
                    "topics": "Noticias y convocatorias de interés para el municipio.",
                },
            )
        secretary, _ = CommitteeMember.objects.get_or_create(
            name="Ana Lucía Rosero (demo)",
            position="Secretaria General y de Gobierno",
            defaults={"committee_role": "Secretaria técnica del comité", "order": 2},
        )
        members = list(CommitteeMember.objects.active())
        now = timezone.now()
        held, created = Meeting.objects.get_or_create(
            agenda="Seguimiento del plan de acción GEL-T (demo)",
            defaults={
                "starts_at": now - datetime.timedelta(days=21),
                "has_quorum": True,
                "minutes": "Se revisó el avance por fase y los indicadores del tablero.",
                "decisions": "Publicar el directorio completo y vincular dos entidades locales.",
            },
        )
        if created:
            held.attendees.set(members)
            Activity.objects.create(
                meeting=held,
                description="Completar los organigramas de las tres entidades (demo)",
                owner=secretary.name,
                due_date=today - datetime.timedelta(days=5),
            )
            Activity.objects.create(
                meeting=held,
                description="Firmar el acuerdo de publicación con la Gobernación (demo)",
                owner="Comité GELT",
                due_date=today + datetime.timedelta(days=20),
            )
        Meeting.objects.get_or_create(
            agenda="Revisión trimestral y preparación del empalme (demo)",
            defaults={"starts_at": now + datetime.timedelta(days=14)},
        )
        for code, result, score, evidence in EVALUATIONS:
            criterion = Criterion.objects.filter(code=code).first()
            if criterion is None or criterion.evaluations.exists():
                continue
            Evaluation.objects.create(
                criterion=criterion,
                date=today - datetime.timedelta(days=21),
                result=result,
                score=score,
                evidence_text=evidence,
            )
        self.seed_present(today, now, held)
        self.stdout.write("Trabajo de demostración del Comité GEL-T listo.")

    def seed_present(self, today, now, held):
        """The administration in office, a committee target date and owners from the directory."""
        mayor = Official.objects.active().filter(position__istartswith="alcalde").first()
        Administration.objects.get_or_create(
            is_current=True,
            defaults={
                "mayor": mayor.name if mayor else "Alcalde o alcaldesa (demo)",
                "period_start": 2024,
                "period_end": 2027,
                "development_plan": "Plan de desarrollo municipal 2024–2027 (demo)",
                "tic_lead": "Profesional TIC de la Secretaría General (demo)",
            },
        )
        Phase.objects.filter(order=1, committee_deadline__isnull=True).update(
            committee_deadline=today + datetime.timedelta(days=180),
            committee_deadline_set_at=now,
            committee_deadline_baseline=0,
            committee_deadline_reason="Reunión del comité de seguimiento (demo)",
        )
        official = Official.objects.active().exclude(email="").order_by("pk").first()
        if official is not None:
            held.commitments.filter(owner_official__isnull=True, owner_user__isnull=True).update(
                owner_official=official, owner=""
            )
