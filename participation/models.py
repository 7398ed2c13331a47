"""Citizen participation: surveys, and draft regulations published for comments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from portal.models import Document, Publishable, PublishableQuerySet, Searchable, unique_slug

from .results import QuestionResult, bars


class SurveyQuerySet(PublishableQuerySet):
    def open(self, now=None):
        """Surveys receiving answers at `now`: the window [opens_at, closes_at) contains it."""
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def closed(self, now=None):
        """Surveys whose answering window has ended."""
        return self.filter(closes_at__lte=now or timezone.now())


class Survey(Publishable, Searchable):
    """A questionnaire citizens answer once, without an account, between two moments."""

    title = models.CharField("título", max_length=200)
    slug = models.SlugField("ruta", max_length=80, unique=True, blank=True)
    description = models.TextField(
        "descripción",
        blank=True,
        help_text="Para qué se hace la encuesta y cómo se usarán los resultados. Texto plano.",
    )
    opens_at = models.DateTimeField("recibe respuestas desde")
    closes_at = models.DateTimeField("recibe respuestas hasta")
    show_results = models.BooleanField(
        "publicar resultados",
        default=True,
        help_text="Si está marcado, los ciudadanos ven los resultados después de responder "
        "y cuando la encuesta cierra.",
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = "encuesta"
        verbose_name_plural = "encuestas"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message="La encuesta debe cerrar después de abrir.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("participation:survey_detail", args=[self.slug])

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return self.closes_at <= (now or timezone.now())

    def has_opened(self, now=None):
        return self.opens_at <= (now or timezone.now())

    def results(self):
        """
        Per question, how many people answered it and the bars of its options: two aggregate
        queries, with `questions` (and their `choices`) already prefetched.
        """
        answers = Answer.objects.filter(question__survey=self)
        per_choice = dict(
            answers.filter(choice__isnull=False)
            .order_by()
            .values("choice_id")
            .annotate(n=Count("id"))
            .values_list("choice_id", "n")
        )
        per_question = dict(
            answers.order_by()
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .values_list("question_id", "n")
        )
        results = []
        for question in self.questions.all():
            answered = per_question.get(question.pk, 0)
            chart = []
            if question.has_choices:
                counts = [(c.text, per_choice.get(c.pk, 0)) for c in question.choices.all()]
                chart = bars(counts, answered)
            results.append(QuestionResult(question, answered, chart))
        return results


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Selección única"
        MULTIPLE = "multiple", "Selección múltiple"
        TEXT = "text", "Respuesta abierta"

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name="encuesta"
    )
    order = models.PositiveSmallIntegerField("orden", default=0)
    text = models.CharField("pregunta", max_length=300)
    kind = models.CharField("tipo", max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    required = models.BooleanField("obligatoria", default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "pregunta"
        verbose_name_plural = "preguntas"

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.kind != self.Kind.TEXT


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name="pregunta"
    )
    order = models.PositiveSmallIntegerField("orden", default=0)
    text = models.CharField("opción", max_length=200)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "opción"
        verbose_name_plural = "opciones"

    def __str__(self):
        return self.text


class SurveyResponse(models.Model):
    """One citizen's answers to a survey. No personal data: only a keyed hash of its form."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name="encuesta"
    )
    created_at = models.DateTimeField("recibida", auto_now_add=True)
    respondent_key = models.CharField(
        "clave del navegador",
        max_length=64,
        editable=False,
        help_text="Clave cifrada (HMAC) del formulario que respondió el navegador; no guarda "
        "la dirección IP ni identifica a nadie.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "respuesta a encuesta"
        verbose_name_plural = "respuestas a encuestas"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"], name="one_response_per_respondent"
            )
        ]

    def __str__(self):
        return f"Respuesta {self.pk} a «{self.survey}»"


class Answer(models.Model):
    """One answer: a chosen option (one row per option in multiple choice) or a free text."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name="respuesta"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name="pregunta"
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name="opción",
    )
    text = models.TextField("texto", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "respuesta"
        verbose_name_plural = "respuestas"

    def __str__(self):
        return self.text[:60] if self.choice_id is None else str(self.choice_id)


class DraftRegulationQuerySet(PublishableQuerySet):
    def open_for_comments(self, now=None):
        """Drafts whose comment period contains `now`."""
        now = now or timezone.now()
        return self.filter(comment_opens_at__lte=now, comment_closes_at__gt=now)

    def period_ended(self, now=None):
        """Drafts whose comment period is over."""
        return self.filter(comment_closes_at__lte=now or timezone.now())

    def fully_answered(self):
        """Drafts in which every approved comment has the entity's answer."""
        unanswered = Comment.objects.filter(
            draft=OuterRef("pk"), moderation=Comment.Moderation.APPROVED, answer=""
        )
        return self.filter(~Exists(unanswered))


class DraftRegulation(Publishable, Searchable):
    """A proyecto de acto administrativo published so citizens can comment on it."""

    title = models.CharField(
        "título",
        max_length=250,
        help_text="Ejemplo: Proyecto de decreto por el cual se reglamenta el uso del espacio "
        "público",
    )
    slug = models.SlugField("ruta", max_length=80, unique=True, blank=True)
    summary = models.TextField(
        "resumen",
        help_text="Qué regula el proyecto, por qué y a quién afecta, en lenguaje claro.",
    )
    comment_opens_at = models.DateTimeField("recibe comentarios desde")
    comment_closes_at = models.DateTimeField("recibe comentarios hasta")
    final_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="texto definitivo",
        help_text="El acto expedido, publicado en Documentos, que se muestra junto al informe.",
    )

    objects = DraftRegulationQuerySet.as_manager()

    class Meta:
        ordering = ["-comment_opens_at"]
        verbose_name = "proyecto normativo para comentarios"
        verbose_name_plural = "proyectos normativos para comentarios"
        constraints = [
            models.CheckConstraint(
                condition=Q(comment_closes_at__gt=F("comment_opens_at")),
                name="draft_comments_close_after_opening",
                violation_error_message="El periodo de comentarios debe terminar después de "
                "empezar.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("participation:draft_detail", args=[self.slug])

    def get_report_url(self):
        return reverse("participation:draft_report", args=[self.slug])

    def is_open_for_comments(self, now=None):
        now = now or timezone.now()
        return self.comment_opens_at <= now < self.comment_closes_at

    def period_has_ended(self, now=None):
        return self.comment_closes_at <= (now or timezone.now())


class Article(models.Model):
    draft = models.ForeignKey(
        DraftRegulation,
        on_delete=models.CASCADE,
        related_name="articles",
        verbose_name="proyecto",
    )
    number = models.PositiveSmallIntegerField("número")
    title = models.CharField(
        "título", max_length=200, blank=True, help_text="Opcional. Ejemplo: Objeto"
    )
    text = models.TextField("texto")

    class Meta:
        ordering = ["number"]
        verbose_name = "artículo"
        verbose_name_plural = "artículos"
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "number"],
                name="one_article_number_per_draft",
                violation_error_message="Ya hay un artículo con ese número en este proyecto.",
            )
        ]

    def __str__(self):
        return f"Artículo {self.number}" + (f". {self.title}" if self.title else "")


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments citizens see: approved by a moderator."""
        return self.filter(moderation=Comment.Moderation.APPROVED)

    def received(self):
        """Comments that count as received: all but those rejected as abuse or spam."""
        return self.exclude(moderation=Comment.Moderation.REJECTED)

    def answered(self):
        """Comments with the entity's answer written."""
        return self.exclude(answer="")


class Comment(models.Model):
    """A citizen's comment on a draft, on the whole text or on one article, and its answer."""

    class Moderation(models.TextChoices):
        PENDING = "pending", "Pendiente de revisión"
        APPROVED = "approved", "Aprobado (publicado)"
        REJECTED = "rejected", "Rechazado (no se publica)"

    class Handling(models.TextChoices):
        ACCEPTED = "accepted", "Aceptado"
        PARTLY = "partly", "Aceptado parcialmente"
        REJECTED = "rejected", "No aceptado"
        NOT_APPLICABLE = "not_applicable", "No aplica"

    draft = models.ForeignKey(
        DraftRegulation, on_delete=models.CASCADE, related_name="comments", verbose_name="proyecto"
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="artículo",
        help_text="Vacío: el comentario es sobre todo el documento.",
    )
    name = models.CharField("nombre", max_length=150)
    email = models.EmailField("correo electrónico", max_length=254)
    text = models.TextField("comentario", max_length=5000)
    created_at = models.DateTimeField("recibido", auto_now_add=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    moderation = models.CharField(
        "moderación",
        max_length=10,
        choices=Moderation.choices,
        default=Moderation.PENDING,
    )
    answer = models.TextField(
        "respuesta de la entidad",
        blank=True,
        help_text="Se publica junto al comentario y en el informe de comentarios.",
    )
    handling = models.CharField(
        "resultado",
        max_length=16,
        choices=Handling.choices,
        blank=True,
        help_text="Cómo se tuvo en cuenta el comentario en el texto definitivo.",
    )
    answered_at = models.DateTimeField("respondido", null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="respondido por",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "comentario"
        verbose_name_plural = "comentarios"
        constraints = [
            # A double submit (or a replayed request) of the same comment stores one row.
            models.UniqueConstraint(fields=["draft", "fingerprint"], name="one_copy_per_comment")
        ]
        indexes = [models.Index(fields=["draft", "moderation"])]

    def __str__(self):
        return f"{self.name}: {self.text[:50]}"

    def clean(self):
        if self.answer.strip() and not self.handling:
            raise ValidationError(
                {"handling": "Indique cómo se tuvo en cuenta el comentario."}, code="no_handling"
            )
        if self.handling and not self.answer.strip():
            raise ValidationError(
                {"answer": "Escriba la respuesta de la entidad al comentario."}, code="no_answer"
            )

    @property
    def target_label(self):
        return str(self.article) if self.article_id else "Todo el documento"
