"""Demo surveys and drafts for comment, marked «(demo)». Idempotent."""

import datetime

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from participation.forms import comment_fingerprint
from participation.models import (
    Answer,
    Article,
    Choice,
    Comment,
    DraftRegulation,
    Question,
    Survey,
    SurveyResponse,
)
from portal.management.commands.seed_demo import demo_pdf
from portal.models import Document, Entity, Status

DAY = datetime.timedelta(days=1)

OPEN_SURVEY = {
    "slug": "encuesta-demo-atencion-al-ciudadano",
    "title": "¿Cómo lo atendemos? Encuesta de atención al ciudadano (demo)",
    "description": "Queremos saber cómo lo atendimos en la Alcaldía para mejorar.\n"
    "La encuesta es anónima y toma dos minutos.",
    "questions": [
        ("¿Cómo califica la atención que recibió?", Question.Kind.SINGLE,
         ["Muy buena", "Buena", "Regular", "Mala"]),
        ("¿Por qué canales se comunica con la Alcaldía?", Question.Kind.MULTIPLE,
         ["Ventanilla", "Portal web", "Teléfono", "WhatsApp o redes sociales"]),
        ("¿Qué deberíamos mejorar?", Question.Kind.TEXT, []),
    ],
}  # fmt: skip
CLOSED_SURVEY = {
    "slug": "encuesta-demo-prioridades-plan-de-desarrollo",
    "title": "Prioridades para el plan de desarrollo (demo)",
    "description": "Consulta sobre las prioridades de inversión de los próximos años.",
    "questions": [
        ("¿Cuál debe ser la primera prioridad de inversión?", Question.Kind.SINGLE,
         ["Vías terciarias", "Agua potable", "Educación", "Salud"]),
        ("¿En qué veredas o barrios vive?", Question.Kind.TEXT, []),
    ],
}  # fmt: skip
ARTICLES = [
    ("Objeto", "El presente decreto reglamenta el uso temporal del espacio público en el casco "
     "urbano del municipio para ventas, ferias y eventos."),
    ("Permisos", "Quien desee usar el espacio público deberá solicitar un permiso a la "
     "Secretaría de Gobierno con al menos cinco (5) días hábiles de anticipación."),
    ("Horarios", "Las ventas y eventos podrán funcionar entre las 6:00 a. m. y las 10:00 p. m."),
    ("Vigencia", "El presente decreto rige a partir de su publicación."),
]  # fmt: skip


class Command(BaseCommand):
    help = "Crea encuestas y proyectos normativos de demostración (se puede repetir)."

    def handle(self, *args, **options):
        entity = Entity.objects.filter(kind=Entity.Kind.ALCALDIA).first()
        if entity is None:
            self.stdout.write(
                "No hay entidades: ejecute primero «manage.py load_institution». "
                "No se creó ningún dato de participación."
            )
            return
        now = timezone.now()
        with transaction.atomic():
            open_survey = self.survey(entity, OPEN_SURVEY, now - 5 * DAY, now + 25 * DAY)
            closed_survey = self.survey(entity, CLOSED_SURVEY, now - 60 * DAY, now - 30 * DAY)
            self.responses(open_survey, 4)
            self.responses(closed_survey, 7)
            open_draft = self.draft(
                entity,
                "proyecto-demo-espacio-publico",
                "Proyecto de decreto sobre el uso del espacio público (demo)",
                now - 3 * DAY,
                now + 12 * DAY,
            )
            closed_draft = self.draft(
                entity,
                "proyecto-demo-horario-de-atencion",
                "Proyecto de decreto que fija el horario de atención al público (demo)",
                now - 50 * DAY,
                now - 35 * DAY,
                final_document=self.final_document(entity),
            )
            self.comments(open_draft, answered=1)
            self.comments(closed_draft, answered=4)
        self.stdout.write("Participación de demostración: 2 encuestas y 2 proyectos normativos.")

    def survey(self, entity, data, opens_at, closes_at):
        survey, created = Survey.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "entity": entity,
                "title": data["title"],
                "description": data["description"],
                "status": Status.PUBLISHED,
                "publish_at": opens_at - DAY,
                "opens_at": opens_at,
                "closes_at": closes_at,
                "show_results": True,
            },
        )
        if not survey.questions.exists():
            for order, (text, kind, options) in enumerate(data["questions"], start=1):
                question = Question.objects.create(
                    survey=survey, order=order, text=text, kind=kind, required=kind != "text"
                )
                Choice.objects.bulk_create(
                    Choice(question=question, order=i, text=option)
                    for i, option in enumerate(options)
                )
        return survey

    def responses(self, survey, count):
        if survey.responses.exists():
            return
        questions = list(survey.questions.prefetch_related("choices"))
        for n in range(count):
            response = SurveyResponse.objects.create(survey=survey, respondent_key=f"demo-{n}")
            # created_at is automatic; keep demo responses inside the survey's window.
            SurveyResponse.objects.filter(pk=response.pk).update(
                created_at=survey.opens_at + (n + 1) * datetime.timedelta(hours=5)
            )
            for question in questions:
                choices = list(question.choices.all())
                if question.kind == Question.Kind.TEXT:
                    if n % 2 == 0:
                        Answer.objects.create(
                            response=response, question=question, text="Más agilidad, por favor."
                        )
                    continue
                picked = [choices[n % len(choices)]]
                if question.kind == Question.Kind.MULTIPLE and n % 3 == 0:
                    picked.append(choices[(n + 1) % len(choices)])
                for choice in picked:
                    Answer.objects.create(response=response, question=question, choice=choice)

    def final_document(self, entity):
        title = "Decreto que fija el horario de atención al público (demo)"
        document = Document.objects.filter(slug="decreto-demo-horario-de-atencion").first()
        if document is None:
            document = Document(
                slug="decreto-demo-horario-de-atencion",
                entity=entity,
                status=Status.PUBLISHED,
                kind=Document.Kind.DECRETO,
                number="045 de 2026",
                issued_on=timezone.localdate() - datetime.timedelta(days=20),
                title=title,
                description="Texto definitivo, expedido después del periodo de comentarios.",
            )
            document.file.save("decreto-demo-horario.pdf", ContentFile(demo_pdf(title)), save=False)
            document.save()
        return document

    def draft(self, entity, slug, title, opens_at, closes_at, final_document=None):
        draft, _ = DraftRegulation.objects.update_or_create(
            slug=slug,
            defaults={
                "entity": entity,
                "title": title,
                "summary": "El proyecto ordena el uso del espacio público y los permisos para "
                "ventas y eventos. Léalo y cuéntenos qué cambiaría.",
                "status": Status.PUBLISHED,
                "publish_at": opens_at - DAY,
                "comment_opens_at": opens_at,
                "comment_closes_at": closes_at,
                "final_document": final_document,
            },
        )
        if not draft.articles.exists():
            Article.objects.bulk_create(
                Article(draft=draft, number=n, title=title, text=text)
                for n, (title, text) in enumerate(ARTICLES, start=1)
            )
        return draft

    def comments(self, draft, answered):
        if draft.comments.exists():
            return
        articles = list(draft.articles.all())
        samples = [
            ("María Fernanda Ortiz", None, "Pedimos que se escuche a los vendedores informales "
             "antes de expedir el decreto.", Comment.Handling.ACCEPTED,
             "Se realizó una mesa con vendedores el 10 de noviembre; sus aportes se incluyeron."),
            ("Jhon Jairo Mutumbajoy", articles[1], "Cinco días hábiles es mucho para una feria "
             "pequeña; proponemos tres.", Comment.Handling.PARTLY,
             "Se fijan tres días hábiles para eventos de menos de 50 personas."),
            ("Luz Dary Jansasoy", articles[2], "Los fines de semana el horario debería ir hasta "
             "la medianoche.", Comment.Handling.REJECTED,
             "No se acoge por las normas de convivencia y ruido vigentes."),
            ("Carlos Andrés Peña", articles[0], "¿El decreto aplica también a los centros "
             "poblados rurales?", Comment.Handling.NOT_APPLICABLE,
             "Es una pregunta: el decreto aplica solo al casco urbano (artículo 1)."),
        ]  # fmt: skip
        for index, (name, article, text, handling, answer) in enumerate(samples):
            email = f"demo{index}@example.com"
            is_answered = index < answered
            Comment.objects.create(
                draft=draft,
                article=article,
                name=name,
                email=email,
                text=text,
                fingerprint=comment_fingerprint(draft.pk, article and article.pk, email, text),
                moderation=Comment.Moderation.APPROVED,
                handling=handling if is_answered else "",
                answer=answer if is_answered else "",
                answered_at=timezone.now() if is_answered else None,
            )
        Comment.objects.create(
            draft=draft,
            name="Publicidad",
            email="spam@example.com",
            text="Compre seguidores baratos.",
            fingerprint=comment_fingerprint(draft.pk, None, "spam@example.com", "spam"),
            moderation=Comment.Moderation.REJECTED,
        )
