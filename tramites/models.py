"""The catalogue of procedures (trámites, OPA and services) with the fields of a SUIT sheet."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from portal.models import Office, Publishable, PublishableQuerySet, Searchable, unique_slug
from portal.text import fold
from portal.uploads import check_upload

from . import completeness


class Category(models.Model):
    """A topic for browsing the catalogue (impuestos, construcción, salud…)."""

    name = models.CharField("nombre", max_length=100, unique=True)
    slug = models.SlugField("ruta", max_length=80, unique=True)
    description = models.CharField("descripción", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "tema de trámites"
        verbose_name_plural = "temas de trámites"

    def __str__(self):
        return self.name


class ProcedureQuerySet(PublishableQuerySet):
    def online(self):
        """Procedures that can be done at least partly online."""
        return self.exclude(automation_level=Procedure.Automation.INFO)

    def matching(self, text):
        """Procedures whose name contains `text`, ignoring case and accents."""
        return self.filter(search_name__contains=fold(text))

    def with_completeness(self):
        """Annotate `has_requirements` and `has_steps`, which completeness needs."""
        return self.annotate(
            has_requirements=Exists(Requirement.objects.filter(procedure=OuterRef("pk"))),
            has_steps=Exists(Step.objects.filter(procedure=OuterRef("pk"))),
        )

    def complete(self):
        """Sheets with every required SUIT field (the same rule as completeness.missing_fields)."""
        return self.with_completeness().filter(complete_q())

    def incomplete(self):
        """Sheets missing at least one required SUIT field."""
        return self.with_completeness().exclude(complete_q())

    def reviewed_in_time(self, today: datetime.date):
        """Sheets reviewed within the six months before `today` (the "revisión semestral")."""
        return self.filter(reviewed_in_time_q(today))

    def quality_complete(self, today: datetime.date):
        """Sheets of complete quality on `today` (the same rule as completeness.quality_gaps)."""
        return self.with_completeness().filter(quality_complete_q(today))

    def quality_incomplete(self, today: datetime.date):
        return self.with_completeness().exclude(quality_complete_q(today))


def complete_q() -> Q:
    """
    `completeness.missing_fields` as a filter; needs `with_completeness()` annotations.

    Kept next to the queryset so the two readings of the rule are side by side; a test builds
    sheets missing each field and checks both agree.
    """
    q = Q(has_requirements=True, has_steps=True, category__isnull=False)
    for field in completeness.REQUIRED_TEXT_FIELDS:
        q &= ~Q(**{field: ""})
    q &= Q(is_free=True) | Q(cost_amount__isnull=False) | ~Q(cost_description="")
    q &= Q(response_time_value__isnull=False)
    channels = Q()
    for field in completeness.CHANNEL_FIELDS:
        channels |= ~Q(**{field: ""})
    q &= channels
    q &= Q(automation_level=Procedure.Automation.INFO) | ~Q(online_url="")
    return q


def reviewed_in_time_q(today: datetime.date) -> Q:
    return Q(last_reviewed_on__gte=completeness.review_cutoff(today), last_reviewed_on__lte=today)


def quality_complete_q(today: datetime.date) -> Q:
    """
    `completeness.quality_gaps` as a filter (needs `with_completeness()`): every required
    field, the SUIT number of trámites and OPA, and a review in the last six months.
    """
    suit = ~Q(kind__in=completeness.SUIT_KINDS) | ~Q(suit_code="")
    return complete_q() & suit & reviewed_in_time_q(today)


class Procedure(Publishable, Searchable):
    """A trámite, OPA or service: one SUIT sheet, published like the portal's content."""

    class Kind(models.TextChoices):
        TRAMITE = "tramite", "Trámite"
        OPA = "opa", "Otro procedimiento administrativo (OPA)"
        SERVICIO = "servicio", "Servicio"

    class Automation(models.TextChoices):
        INFO = "info", "Solo información"
        PARTIAL = "partial", "Parcialmente en línea"
        FULL = "full", "Totalmente en línea"

    class TimeUnit(models.TextChoices):
        BUSINESS_DAYS = "business", "días hábiles"
        CALENDAR_DAYS = "calendar", "días calendario"

    kind = models.CharField("clase", max_length=10, choices=Kind.choices, default=Kind.TRAMITE)
    name = models.CharField(
        "nombre",
        max_length=200,
        help_text="Como lo conoce la gente. Ejemplo: Paz y salvo municipal",
    )
    slug = models.SlugField("ruta", max_length=80, unique=True, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name="tema",
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name="dependencia responsable",
    )
    purpose = models.TextField(
        "propósito", blank=True, help_text="Para qué sirve, en una o dos frases sencillas."
    )
    who_may_ask = models.TextField(
        "quién puede solicitarlo",
        blank=True,
        help_text="Ejemplo: Persona natural o jurídica propietaria de un predio en el municipio.",
    )
    result = models.CharField(
        "resultado que se obtiene",
        max_length=300,
        blank=True,
        help_text="Ejemplo: Certificado de paz y salvo en PDF firmado.",
    )
    legal_basis = models.TextField(
        "fundamento legal",
        blank=True,
        help_text="Normas: tipo, número, año y artículos. Ejemplo: Ley 1955 de 2019, art. 4.",
    )
    # Cost: free, or an amount, or a description of the tariff (e.g. a share of the appraisal).
    is_free = models.BooleanField("es gratuito", default=False)
    cost_amount = models.DecimalField(
        "valor (pesos)",
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_description = models.CharField(
        "descripción del costo",
        max_length=300,
        blank=True,
        help_text="Cuando el valor varía. Ejemplo: Entre 5 y 16 por mil del avalúo catastral.",
    )
    cost_legal_basis = models.CharField(
        "norma que fija el costo",
        max_length=300,
        blank=True,
        help_text="Ejemplo: Acuerdo 012 de 2020",
    )
    payment_place = models.CharField("dónde y cómo se paga", max_length=300, blank=True)
    response_time_value = models.PositiveSmallIntegerField(
        "tiempo de respuesta", null=True, blank=True, help_text="0 si es inmediato."
    )
    response_time_unit = models.CharField(
        "unidad del tiempo de respuesta",
        max_length=10,
        choices=TimeUnit.choices,
        default=TimeUnit.BUSINESS_DAYS,
    )
    response_time_notes = models.CharField("observaciones del tiempo", max_length=300, blank=True)
    in_person_address = models.CharField(
        "dirección de atención presencial", max_length=300, blank=True
    )
    in_person_hours = models.CharField("horario de atención presencial", max_length=200, blank=True)
    phone = models.CharField("teléfono", max_length=60, blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    automation_level = models.CharField(
        "nivel de automatización",
        max_length=10,
        choices=Automation.choices,
        default=Automation.INFO,
    )
    online_url = models.URLField(
        "enlace para hacerlo en línea",
        max_length=500,
        blank=True,
        help_text="Obligatorio si el trámite es parcial o totalmente en línea.",
    )
    tracking = models.CharField(
        "cómo hacer seguimiento",
        max_length=300,
        blank=True,
        help_text="Ejemplo: Con el número de radicado en /pqrsd/consulta/ o al teléfono.",
    )
    suit_code = models.CharField(
        "número SUIT",
        max_length=20,
        blank=True,
        help_text="Número único del trámite en el SUIT (suit.gov.co). Déjelo vacío si no lo conoce.",
    )
    last_reviewed_on = models.DateField("última revisión", null=True, blank=True)
    needs_review = models.BooleanField(
        "por revisar",
        default=True,
        help_text="Marcado mientras ningún funcionario haya confirmado la ficha.",
    )
    review_notes = models.TextField(
        "notas internas de revisión", blank=True, help_text="No se publican."
    )
    featured = models.BooleanField(
        "destacado en el inicio",
        default=False,
        help_text="Aparece en «Trámites más consultados» de la página de inicio. Marque los que "
        "más preguntan en ventanilla y por teléfono; se muestran hasta seis.",
    )
    search_name = models.CharField(max_length=400, editable=False, default="")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "trámite o servicio"
        verbose_name_plural = "trámites y servicios"
        indexes = [
            models.Index(fields=["status", "publish_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["suit_code"],
                condition=~Q(suit_code=""),
                name="procedure_unique_suit_code",
                violation_error_message="Ya hay un trámite con ese número SUIT.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self._sync_entity()
        if self.automation_level != self.Automation.INFO and not self.online_url:
            raise ValidationError(
                {"online_url": "Escriba el enlace donde se hace el trámite en línea."},
                code="online_url_required",
            )
        if self.is_free and self.cost_amount:
            raise ValidationError(
                {"cost_amount": "Un trámite gratuito no tiene valor. Borre el valor."},
                code="free_with_cost",
            )

    def save(self, *args, **kwargs):
        self._sync_entity()
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        self.search_name = fold(self.name)[:400]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("tramites:detail", args=[self.slug])

    def _sync_entity(self):
        # The entity is always the office's: editors choose the office only.
        if self.office_id is not None:
            self.entity_id = self.office.entity_id

    def _completeness_values(self):
        values = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}
        values["has_requirements"] = getattr(self, "has_requirements", None)
        values["has_steps"] = getattr(self, "has_steps", None)
        if values["has_requirements"] is None:
            values["has_requirements"] = self.pk is not None and self.requirements.exists()
        if values["has_steps"] is None:
            values["has_steps"] = self.pk is not None and self.steps.exists()
        return values

    def missing_fields(self):
        """Required SUIT fields this sheet lacks (needs `with_completeness()` or a saved sheet)."""
        return completeness.missing_fields(self._completeness_values())

    def quality_gaps(self, today: datetime.date):
        """What keeps this sheet from complete quality on `today` (empty: it has it)."""
        return completeness.quality_gaps(self._completeness_values(), today)

    @property
    def is_online(self):
        return self.automation_level != self.Automation.INFO and bool(self.online_url)

    @property
    def response_time_display(self):
        """Examples: "Inmediato", "1 día hábil", "15 días calendario"."""
        if self.response_time_value is None:
            return ""
        if self.response_time_value == 0:
            return "Inmediato"
        if self.response_time_value == 1:
            singular = {self.TimeUnit.BUSINESS_DAYS: "día hábil"}
            return f"1 {singular.get(self.response_time_unit, 'día calendario')}"
        return f"{self.response_time_value} {self.get_response_time_unit_display()}"


class Requirement(models.Model):
    """Something the citizen must bring or meet, in order."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="requirements", verbose_name="trámite"
    )
    description = models.CharField(
        "requisito", max_length=500, help_text="Ejemplo: Copia de la cédula de ciudadanía."
    )
    needs_document = models.BooleanField("se presenta un documento", default=True)
    order = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "requisito"
        verbose_name_plural = "requisitos"

    def __str__(self):
        return self.description


class Step(models.Model):
    """One step of the procedure, in the order the citizen does them."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="steps", verbose_name="trámite"
    )
    description = models.CharField("paso", max_length=500)
    order = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "paso"
        verbose_name_plural = "pasos"

    def __str__(self):
        return self.description


FORM_MESSAGES = {
    "too_big": "El formulario pesa más de 10 MB.",
    "bad_type": "Tipo de archivo no permitido. Use PDF, Word (DOC, DOCX), Excel (XLS, XLSX) u "
    "OpenDocument (ODT, ODS).",
}


def validate_form_file(upload):
    """A PDF, Word, Excel or OpenDocument form of at most 10 MB (`check_upload`)."""
    check_upload(
        upload,
        extensions={"pdf", "doc", "docx", "xls", "xlsx", "odt", "ods"},
        max_mb=10,
        messages=FORM_MESSAGES,
    )


class ProcedureForm(models.Model):
    """A form the citizen downloads and fills in (formato), attached to a sheet."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="forms", verbose_name="trámite"
    )
    title = models.CharField("nombre del formulario", max_length=200)
    file = models.FileField(
        "archivo", upload_to="tramites/formularios/", validators=[validate_form_file]
    )
    order = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "formulario descargable"
        verbose_name_plural = "formularios descargables"

    def __str__(self):
        return self.title

    @property
    def file_extension(self):
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""
