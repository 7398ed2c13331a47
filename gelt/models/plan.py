"""The plan itself: phases and their criteria, actions, activities, indicators and their history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, FilteredRelation, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from portal.models import validate_document_upload


def lines(text):
    """The non-blank lines of a "one per line" field, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class CheckKeyMixin:
    """A `check_key` must name a registered automatic check (or be empty: manual)."""

    def clean(self):
        from gelt.checks import CHECKS

        if self.check_key and self.check_key not in CHECKS:
            raise ValidationError(
                {"check_key": f"No existe la verificación «{self.check_key}»."}, code="bad_key"
            )


class Confidence(models.TextChoices):
    A = "A", "A: leído en la norma o en copia fiel"
    B = "B", "B: varias fuentes secundarias"
    C = "C", "C: provisional, sin verificar"


class Plan(models.Model):
    """The one action plan of the committee: its legal frame and strategic texts."""

    title = models.CharField("título", max_length=200)
    legal_framework = models.TextField("marco legal")
    vision = models.TextField("visión")
    general_objective = models.TextField("objetivo general")
    specific_objectives = models.TextField("objetivos específicos", help_text="Uno por línea.")
    lines_of_action = models.TextField("líneas de acción", help_text="Una por línea.")
    committee_resolution = models.CharField(
        "acto de creación del comité",
        max_length=200,
        help_text="Ejemplo: Resolución N° 2336 de 9 de septiembre de 2008",
    )
    committee_created_on = models.DateField("fecha de creación del comité", null=True, blank=True)
    historical_note = models.TextField(
        "nota sobre la vigencia",
        blank=True,
        help_text="Explica que los plazos del Decreto 1151 de 2008 son históricos.",
    )
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "plan de acción"
        verbose_name_plural = "plan de acción"

    def __str__(self):
        return self.title

    @classmethod
    def current(cls):
        """The loaded plan, or None before `load_gelt_plan` has run."""
        return cls.objects.order_by("pk").first()

    def specific_objective_list(self):
        return lines(self.specific_objectives)

    def line_of_action_list(self):
        return lines(self.lines_of_action)


class Phase(models.Model):
    """A phase of Decreto 1151 de 2008 with its deadlines and the plan's goal."""

    order = models.PositiveSmallIntegerField("orden", unique=True)
    name = models.CharField("nombre", max_length=100)
    description = models.TextField("qué significa", blank=True)
    deadline_national = models.DateField("plazo para entidades del orden nacional")
    deadline_territorial = models.DateField("plazo para entidades del orden territorial")
    committee_deadline = models.DateField(
        "fecha meta fijada por el comité",
        null=True,
        blank=True,
        help_text="Opcional. Los plazos del Decreto 1151 son históricos; si el comité fija una "
        "nueva fecha, el estado de la fase se calcula contra ella.",
    )
    committee_deadline_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="fecha meta fijada por",
    )
    committee_deadline_set_at = models.DateTimeField(
        "fecha meta fijada el", null=True, blank=True, editable=False
    )
    committee_deadline_baseline = models.DecimalField(
        "avance al fijar la fecha meta (%)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
        help_text="El ritmo esperado se mide desde este avance y esta fecha.",
    )
    committee_deadline_reason = models.CharField(
        "decisión que fijó la fecha meta",
        max_length=300,
        blank=True,
        help_text="Ejemplo: Acta de la reunión del comité del 10/02/2026",
    )
    goal = models.PositiveSmallIntegerField(
        "meta (% de criterios cumplidos)", help_text="Ejemplo: 100"
    )
    norm = models.CharField("norma", max_length=200, blank=True)
    historical = models.BooleanField(
        "plazo histórico",
        default=True,
        help_text="Marcado: el plazo viene de una norma derogada y se muestra como histórico.",
    )
    historical_label = models.CharField(
        "etiqueta histórica",
        max_length=200,
        default="histórico (Decreto 1151 de 2008, derogado)",
    )
    source = models.CharField("fuente", max_length=300, blank=True)
    confidence = models.CharField(
        "confianza", max_length=1, choices=Confidence.choices, default=Confidence.B
    )

    class Meta:
        ordering = ["order"]
        verbose_name = "fase"
        verbose_name_plural = "fases"
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__gte=0, goal__lte=100),
                name="gelt_phase_goal_0_100",
                violation_error_message="La meta es un porcentaje entre 0 y 100.",
            )
        ]

    def __str__(self):
        return self.name


def with_latest(queryset, relation, related_rows, *, order=("-date", "-pk"), **fields):
    """
    `queryset` with fields of each object's latest row of `relation` (first by `order`: newest
    date, then highest pk, among `related_rows`, filtered on OuterRef("pk")) as `latest_<name>`.
    """
    latest = related_rows.order_by(*order).values("pk")[:1]
    joined = f"latest_{relation}"
    return queryset.alias(
        **{joined: FilteredRelation(relation, condition=Q(**{f"{relation}__pk": Subquery(latest)}))}
    ).annotate(**{f"latest_{name}": F(f"{joined}__{field}") for name, field in fields.items()})


class CriterionQuerySet(models.QuerySet):
    def active(self):
        """Criteria the committee still evaluates."""
        return self.filter(is_active=True)

    def with_latest_evaluation(self, today=None):
        """
        Each criterion with its current state: the fields of its current evaluation, which is
        the newest manual one still in force (it overrides the automatic check until its
        `valid_until`), else the newest evaluation of any kind (a manual one first on its day).
        """
        today = today or timezone.localdate()
        latest = Evaluation.objects.filter(criterion=OuterRef("pk")).annotate(
            in_force=Case(
                When(Q(automatic=False, valid_until__gte=today), then=Value(1)),
                default=Value(0),
            )
        )
        return with_latest(
            self.select_related("phase"),
            "evaluations",
            latest,
            order=("-in_force", "-date", "automatic", "-pk"),
            date="date",
            result="result",
            score="score",
            automatic="automatic",
            has_evidence="has_evidence",
            evidence="evidence_text",
            evidence_url="evidence_url",
            evidence_file="evidence_file",
        )


class Criterion(CheckKeyMixin, models.Model):
    """What a phase requires; verified by hand or by a named automatic check."""

    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="criteria", verbose_name="fase"
    )
    code = models.CharField("código", max_length=20, unique=True, help_text="Ejemplo: INF-01")
    name = models.TextField("criterio")
    observations = models.TextField("observaciones", blank=True)
    minimum_contents = models.TextField(
        "contenidos mínimos", blank=True, help_text="Uno por línea."
    )
    weight = models.DecimalField(
        "peso",
        max_digits=4,
        decimal_places=2,
        default=1,
        help_text="Entre 0,01 y 1. El porcentaje de la fase pondera cada criterio por su peso.",
    )
    check_key = models.CharField(
        "verificación automática",
        max_length=60,
        blank=True,
        help_text="Vacío: la verifica el comité. Si no, clave de una verificación automática, "
        "por ejemplo «tramites_en_linea».",
    )
    official = models.BooleanField(
        "texto oficial",
        default=False,
        help_text="Sin marcar: lista provisional (códigos propios), pendiente de cotejar con el "
        "Manual GEL 2010.",
    )
    source = models.CharField("fuente", max_length=300, blank=True)
    confidence = models.CharField(
        "confianza", max_length=1, choices=Confidence.choices, default=Confidence.C
    )
    is_active = models.BooleanField("se evalúa", default=True)
    order = models.PositiveSmallIntegerField("orden", default=0)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["phase__order", "order", "code"]
        verbose_name = "criterio"
        verbose_name_plural = "criterios"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=1),
                name="gelt_criterion_weight_0_1",
                violation_error_message="El peso debe estar entre 0,01 y 1.",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name[:80]}"


class Result(models.TextChoices):
    MET = "met", "Cumple"
    PARTIAL = "partial", "Cumple parcialmente"
    NOT_MET = "not_met", "No cumple"


# A result and its score must agree: "Cumple" is 100, "No cumple" 0, "parcialmente" between.
RESULT_SCORE_AGREE = (
    Q(result="met", score=100)
    | Q(result="not_met", score=0)
    | Q(result="partial", score__gt=0, score__lt=100)
)
RESULT_SCORE_MESSAGES = {
    "met": "«Cumple» lleva un puntaje de 100. Si el avance es menor, elija «Cumple parcialmente».",
    "not_met": "«No cumple» lleva un puntaje de 0. Si hay algún avance, elija «Cumple "
    "parcialmente».",
    "partial": "«Cumple parcialmente» lleva un puntaje mayor que 0 y menor que 100: con 100 "
    "elija «Cumple» y con 0 «No cumple».",
}


class Evaluation(models.Model):
    """
    One assessment of a criterion at a date. Automatic ones are stored by `measure_all` and
    never edited by hand; the committee may add a manual one (with its reason and evidence)
    that overrides the automatic check until `valid_until`. History keeps both.
    """

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="evaluations", verbose_name="criterio"
    )
    date = models.DateField("fecha")
    result = models.CharField("resultado", max_length=10, choices=Result.choices)
    score = models.DecimalField(
        "puntaje (%)",
        max_digits=5,
        decimal_places=2,
        help_text="0 a 100. Cumple = 100; parcialmente, el avance estimado; no cumple = 0.",
    )
    evidence_text = models.TextField("evidencia", blank=True)
    evidence_url = models.URLField("enlace de la evidencia", max_length=500, blank=True)
    evidence_file = models.FileField(
        "archivo de evidencia",
        upload_to="gelt/evidencias/%Y/",
        blank=True,
        validators=[validate_document_upload],
    )
    has_evidence = models.BooleanField("tiene evidencia", default=False, editable=False)
    automatic = models.BooleanField("automática", default=False, editable=False)
    reason = models.TextField(
        "motivo",
        blank=True,
        help_text="Por qué el comité evalúa a mano. Obligatorio si el criterio tiene "
        "verificación automática: esta evaluación la reemplaza mientras esté vigente.",
    )
    valid_until = models.DateField(
        "vigente hasta",
        null=True,
        blank=True,
        help_text="Obligatoria si el criterio tiene verificación automática: hasta esa fecha "
        "esta evaluación manual reemplaza a la automática; después vuelve a mandar la "
        "verificación.",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="evaluador",
    )
    created_at = models.DateTimeField("registrada", auto_now_add=True)
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        get_latest_by = ["date", "pk"]
        verbose_name = "evaluación"
        verbose_name_plural = "evaluaciones"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "date", "automatic"],
                name="gelt_one_evaluation_per_day_and_kind",
                violation_error_message="Ya hay una evaluación manual de este criterio en esa "
                "fecha: edítela en lugar de crear otra.",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="gelt_evaluation_score_0_100",
                violation_error_message="El puntaje es un porcentaje entre 0 y 100.",
            ),
            models.CheckConstraint(
                condition=RESULT_SCORE_AGREE,
                name="gelt_evaluation_result_matches_score",
                violation_error_message="El resultado y el puntaje no coinciden: «Cumple» es "
                "100, «No cumple» es 0 y «Cumple parcialmente» está entre los dos.",
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code} {self.date:%d/%m/%Y}: {self.get_result_display()}"

    @property
    def kind_label(self):
        return "automática" if self.automatic else "manual"

    def clean(self):
        errors = {}
        if (
            self.result in RESULT_SCORE_MESSAGES
            and self.score is not None
            and 0 <= self.score <= 100
        ):
            agrees = {
                "met": self.score == 100,
                "not_met": self.score == 0,
                "partial": 0 < self.score < 100,
            }[self.result]
            if not agrees:
                errors["score"] = RESULT_SCORE_MESSAGES[self.result]
        if not self.automatic:
            if not (self.evidence_text.strip() or self.evidence_url or self.evidence_file):
                errors["evidence_text"] = (
                    "Una evaluación manual necesita su evidencia: escríbala, enlácela o "
                    "adjunte el archivo."
                )
            criterion = self.criterion if self.criterion_id else None
            if criterion is not None and criterion.check_key:
                if not self.reason.strip():
                    errors["reason"] = (
                        "Este criterio se verifica automáticamente: escriba el motivo por el "
                        "que el comité lo evalúa a mano."
                    )
                if not self.valid_until:
                    errors["valid_until"] = (
                        "Este criterio se verifica automáticamente: diga hasta qué fecha vale "
                        "la evaluación manual (después vuelve a mandar la verificación)."
                    )
        if self.valid_until and self.date and self.valid_until < self.date:
            errors["valid_until"] = "La vigencia no puede terminar antes de la fecha."
        if (
            not self.automatic
            and self.criterion_id
            and self.date
            and Evaluation.objects.filter(criterion_id=self.criterion_id, date=self.date)
            .filter(automatic=False)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["date"] = (
                "Ya hay una evaluación manual de este criterio en esa fecha: edítela en lugar "
                "de crear otra."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.has_evidence = bool(
            self.evidence_text.strip() or self.evidence_url or self.evidence_file
        )
        super().save(*args, **kwargs)


class Action(models.Model):
    """A row of the plan's "marco operativo"."""

    order = models.PositiveSmallIntegerField("orden", unique=True)
    title = models.CharField("acción", max_length=300)
    citizen_benefit = models.TextField("beneficio para los ciudadanos")
    indicators_text = models.TextField("indicadores de gestión (texto del plan)")
    goals_text = models.TextField("metas (texto del plan)")
    responsibles = models.TextField("responsables", help_text="Uno por línea.")
    resources = models.TextField("recursos", help_text="Uno por línea.")
    duration = models.CharField("tiempo", max_length=60, help_text="Ejemplo: 4 años")

    class Meta:
        ordering = ["order"]
        verbose_name = "acción del plan"
        verbose_name_plural = "acciones del plan"

    def __str__(self):
        return f"{self.order}. {self.title}"

    def resource_list(self):
        return lines(self.resources)

    def responsible_list(self):
        return lines(self.responsibles)


class ActivityQuerySet(models.QuerySet):
    def pending(self):
        """Activities not done nor cancelled."""
        return self.exclude(status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])

    def overdue(self, today):
        """Pending activities whose due date has passed."""
        return self.pending().filter(due_date__lt=today)

    def with_owner(self):
        """With the owner's user or official row (owner_name, owner_email without queries)."""
        return self.select_related("owner_user", "owner_official")


class Activity(models.Model):
    """A task with an owner: from the plan, or a commitment made in a committee meeting."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pendiente"
        IN_PROGRESS = "in_progress", "En curso"
        DONE = "done", "Terminada"
        CANCELLED = "cancelled", "Cancelada"

    code = models.CharField(
        "código del plan",
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Solo las actividades que trae el plan (por ejemplo A1.2).",
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="acción del plan",
    )
    meeting = models.ForeignKey(
        "gelt.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name="reunión donde se acordó",
    )
    description = models.TextField("actividad")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gelt_activities",
        limit_choices_to={"is_staff": True, "is_active": True},
        verbose_name="responsable (usuario del portal)",
    )
    owner_official = models.ForeignKey(
        "portal.Official",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gelt_activities",
        verbose_name="responsable (servidor del directorio)",
    )
    owner = models.CharField(
        "responsable (texto)",
        max_length=200,
        blank=True,
        help_text="Solo si el responsable no es un usuario ni está en el directorio. "
        "Ejemplo: Comité GELT",
    )
    reminded_before_on = models.DateField(
        "recordatorio previo enviado", null=True, blank=True, editable=False
    )
    reminded_overdue_on = models.DateField(
        "aviso de vencimiento enviado", null=True, blank=True, editable=False
    )
    due_date = models.DateField("fecha límite", null=True, blank=True)
    status = models.CharField(
        "estado", max_length=12, choices=Status.choices, default=Status.PENDING
    )
    completed_on = models.DateField("terminada el", null=True, blank=True)
    notes = models.TextField("observaciones", blank=True)
    order = models.PositiveSmallIntegerField("orden", default=0)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = [F("due_date").asc(nulls_last=True), "order", "pk"]
        verbose_name = "actividad"
        verbose_name_plural = "actividades"

    def __str__(self):
        return self.description[:90]

    def clean(self):
        if not (self.owner_user_id or self.owner_official_id or self.owner.strip()):
            raise ValidationError(
                {
                    "owner_official": "Elija un responsable: un usuario del portal, un servidor "
                    "del directorio o, si no es ninguno de los dos, escriba su nombre."
                },
                code="no_owner",
            )

    @property
    def owner_name(self):
        """Who answers for the activity: the user, else the official, else the free text."""
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.get_username()
        if self.owner_official_id:
            return str(self.owner_official)
        return self.owner or "sin responsable"

    @property
    def owner_email(self):
        """Where reminders go: the user's e-mail, else the official's (may be empty)."""
        if self.owner_user_id and self.owner_user.email:
            return self.owner_user.email
        if self.owner_official_id:
            return self.owner_official.email
        return ""


class IndicatorQuerySet(models.QuerySet):
    def with_latest_measurement(self):
        """Each indicator with its latest measurement's date, value and evidence."""
        latest = Measurement.objects.filter(indicator=OuterRef("pk"))
        return with_latest(
            self.select_related("action"),
            "measurements",
            latest,
            order=("-date", "automatic", "-pk"),  # a manual measurement wins on its day
            automatic="automatic",
            date="date",
            value="value",
            evidence="evidence_text",
        )


class Indicator(CheckKeyMixin, models.Model):
    """A management indicator with its goal, measured by hand or by an automatic check."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "%"
        COUNT = "count", "número"
        PER_WEEK = "per_week", "por semana"
        DAYS = "days", "días"

    class Period(models.TextChoices):
        WEEKLY = "weekly", "semanal"
        MONTHLY = "monthly", "mensual"
        YEARLY = "yearly", "anual"
        TERM = "term", "periodo de gobierno"

    code = models.CharField("código", max_length=30, unique=True, help_text="Ejemplo: A1-FREC")
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="acción del plan",
    )
    name = models.CharField("indicador", max_length=300)
    unit = models.CharField("unidad", max_length=10, choices=Unit.choices)
    goal = models.DecimalField("meta", max_digits=8, decimal_places=2, null=True, blank=True)
    goal_text = models.CharField("meta (texto del plan)", max_length=300, blank=True)
    higher_is_better = models.BooleanField(
        "más es mejor",
        default=True,
        help_text="Desmarque si la meta es un máximo (por ejemplo, días de respuesta).",
    )
    period = models.CharField("periodo", max_length=10, choices=Period.choices)
    check_key = models.CharField(
        "medición automática",
        max_length=60,
        blank=True,
        help_text="Vacío: lo mide el comité. Si no, clave de una verificación automática.",
    )
    in_plan = models.BooleanField(
        "está en el plan",
        default=True,
        help_text="Sin marcar: indicador complementario que el portal mide por sí mismo.",
    )
    source = models.CharField("fuente", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("orden", default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "indicador"
        verbose_name_plural = "indicadores"

    def __str__(self):
        return self.name


class Measurement(models.Model):
    """The value of an indicator at a date, with its source and evidence."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name="indicador"
    )
    date = models.DateField("fecha")
    value = models.DecimalField(
        "valor",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Vacío si no se pudo medir; explique el motivo en la evidencia.",
    )
    source = models.CharField("fuente", max_length=200, blank=True)
    evidence_text = models.TextField("evidencia", blank=True)
    evidence_url = models.URLField("enlace de la evidencia", max_length=500, blank=True)
    evidence_file = models.FileField(
        "archivo de evidencia",
        upload_to="gelt/mediciones/%Y/",
        blank=True,
        validators=[validate_document_upload],
    )
    automatic = models.BooleanField("automática", default=False, editable=False)
    reason = models.TextField(
        "motivo",
        blank=True,
        help_text="Obligatorio si el indicador se mide automáticamente: la medición manual "
        "reemplaza a la automática del mismo día.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registrada por",
    )
    created_at = models.DateTimeField("registrada", auto_now_add=True)
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "medición"
        verbose_name_plural = "mediciones"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date", "automatic"],
                name="gelt_one_measurement_per_day_and_kind",
                violation_error_message="Ya hay una medición manual de este indicador en esa "
                "fecha: edítela en lugar de crear otra.",
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.date:%d/%m/%Y}"

    @property
    def kind_label(self):
        return "automática" if self.automatic else "manual"

    def clean(self):
        indicator = self.indicator if self.indicator_id else None
        if (
            not self.automatic
            and indicator is not None
            and indicator.check_key
            and not self.reason.strip()
        ):
            raise ValidationError(
                {
                    "reason": "Este indicador se mide automáticamente: escriba el motivo de la "
                    "medición manual (ese día reemplaza a la automática)."
                }
            )
        if (
            not self.automatic
            and self.indicator_id
            and self.date
            and Measurement.objects.filter(indicator_id=self.indicator_id, date=self.date)
            .filter(automatic=False)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "date": "Ya hay una medición manual de este indicador en esa fecha: "
                    "edítela en lugar de crear otra."
                }
            )


class Dashboard(Phase):
    """The committee dashboard's entry in the admin (a proxy: it stores nothing)."""

    class Meta:
        proxy = True
        verbose_name = "tablero del comité"
        verbose_name_plural = "tablero del comité"
