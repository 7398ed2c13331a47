"""The institution (municipality, entities, offices, officials) and its published content."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .images import rendition_files, validate_image_upload
from .outbox import OutboundEmail  # noqa: F401  (the e-mail outbox, in its own module)
from .ratelimit import RateLimitCounter  # noqa: F401  (rate limits, in their own module)
from .richtext import sanitize_html
from .uploads import check_upload


class Municipality(models.Model):
    """The one municipality this portal serves: every header and footer reads it."""

    name = models.CharField("nombre", max_length=120, default="Puerto Guzmán")
    department = models.CharField("departamento", max_length=120, default="Putumayo")
    dane_code = models.CharField(
        "código DANE (DIVIPOLA)",
        max_length=10,
        default="86571",
        help_text="Código DIVIPOLA del municipio. Verifíquelo con el DANE.",
    )
    nit = models.CharField("NIT", max_length=20, default="800.222.489-2")
    address = models.CharField(
        "dirección de la sede principal", max_length=200, default="Palacio Municipal, Barrio Centro"
    )
    postal_code = models.CharField("código postal", max_length=10, blank=True, default="")
    phone = models.CharField("teléfono conmutador", max_length=60, default="(098) 4295070")
    toll_free_line = models.CharField("línea gratuita", max_length=60, blank=True, default="")
    anticorruption_line = models.CharField(
        "línea anticorrupción",
        max_length=60,
        blank=True,
        default="",
        help_text="Teléfono para denunciar actos de corrupción; aparece en el pie de todas las "
        "páginas (Res. 1519 de 2020, Anexo 2).",
    )
    anticorruption_email = models.EmailField(
        "correo para denuncias de corrupción",
        blank=True,
        default="",
        help_text="Aparece en el pie de todas las páginas junto a la línea anticorrupción.",
    )
    contact_email = models.EmailField(
        "correo de contacto", default="contactenos@puertoguzman-putumayo.gov.co"
    )
    institutional_email = models.EmailField(
        "correo institucional", default="alcaldia@puertoguzman-putumayo.gov.co"
    )
    judicial_email = models.EmailField(
        "correo de notificaciones judiciales",
        default="alcaldia@puertoguzman-putumayo.gov.co",
        help_text="Exigido en el pie de página por la Resolución 1519 de 2020.",
    )
    office_hours = models.CharField(
        "horario de atención",
        max_length=200,
        default="Lunes a viernes de 8:00 a. m. a 12:00 m. y de 2:00 p. m. a 6:00 p. m.",
    )
    slogan = models.CharField(
        "lema", max_length=200, blank=True, default="Experiencia y compromiso comunitario"
    )
    website = models.URLField("sitio web", default="https://www.puertoguzman-putumayo.gov.co")
    logo = models.ImageField(
        "escudo o logo", upload_to="identidad/", blank=True, validators=[validate_image_upload]
    )
    facebook_url = models.URLField("Facebook", blank=True)
    x_url = models.URLField("X (Twitter)", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "municipio"
        verbose_name_plural = "municipio"

    def __str__(self):
        return f"{self.name} ({self.department})"

    @classmethod
    def current(cls):
        """The municipality's row, created with the shipped defaults on first use."""
        municipality = cls.objects.first()
        if municipality is None:
            municipality = cls.objects.create()
        return municipality


class Entity(models.Model):
    """A sujeto obligado: the Alcaldía, the Personería or the Concejo."""

    class Kind(models.TextChoices):
        ALCALDIA = "alcaldia", "Alcaldía"
        PERSONERIA = "personeria", "Personería"
        CONCEJO = "concejo", "Concejo"

    name = models.CharField("nombre", max_length=150)
    slug = models.SlugField("ruta", unique=True, help_text="Ejemplo: alcaldia")
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices, unique=True)
    mission = models.TextField("misión", blank=True)
    vision = models.TextField("visión", blank=True)
    functions = models.TextField("funciones y deberes", blank=True)
    objectives = models.TextField("objetivos", blank=True)
    head_name = models.CharField("nombre del titular", max_length=150, blank=True)
    head_title = models.CharField(
        "cargo del titular", max_length=150, blank=True, help_text="Ejemplo: Alcalde Municipal"
    )
    address = models.CharField("dirección", max_length=200, blank=True)
    phone = models.CharField("teléfono", max_length=60, blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    office_hours = models.CharField("horario de atención", max_length=200, blank=True)
    anticorruption_phone = models.CharField(
        "línea anticorrupción (teléfono)",
        max_length=60,
        blank=True,
        help_text="Teléfono para denunciar actos de corrupción (Res. 1519 de 2020, Anexo 2).",
    )
    anticorruption_email = models.EmailField("correo para denuncias de corrupción", blank=True)
    organigram = models.ImageField(
        "organigrama (imagen que reemplaza al dibujado)",
        upload_to="organigramas/",
        blank=True,
        validators=[validate_image_upload],
        help_text="Opcional. Sin imagen, el portal dibuja el organigrama a partir de las "
        "dependencias y de los jefes del directorio.",
    )
    organigram_alt = models.CharField(
        "descripción del organigrama",
        max_length=500,
        blank=True,
        help_text="Texto alternativo obligatorio si sube un organigrama.",
    )
    order = models.PositiveSmallIntegerField("orden", default=0)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "entidad"
        verbose_name_plural = "entidades"

    def __str__(self):
        return self.name

    def clean(self):
        if self.organigram and not self.organigram_alt:
            raise ValidationError(
                {"organigram_alt": "Describa el organigrama para quienes no pueden verlo."}
            )

    def get_absolute_url(self):
        return reverse("portal:entity_detail", args=[self.slug])


class Office(models.Model):
    """A dependencia or secretaría of an entity."""

    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="offices", verbose_name="entidad"
    )
    name = models.CharField("nombre", max_length=150)
    slug = models.SlugField("ruta", unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="depende de",
        help_text="La dependencia superior en el organigrama. Vacío: depende directamente del "
        "titular de la entidad.",
    )
    description = models.TextField("funciones", blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    phone = models.CharField("teléfono", max_length=60, blank=True)
    location = models.CharField("ubicación", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        ordering = ["entity__order", "order", "name"]
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"

    def __str__(self):
        return f"{self.name} ({self.entity.name})"

    def clean(self):
        if self.parent_id is None:
            return
        if self.entity_id and self.parent.entity_id != self.entity_id:
            raise ValidationError(
                {"parent": "La dependencia superior debe ser de la misma entidad."}
            )
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": "Una dependencia no puede depender de sí misma ni de sus "
                        "dependencias."
                    }
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


def _blank(field, prefix):
    return Q(**{f"{prefix}{field}": ""})


class DirectoryQuerySet(models.QuerySet):
    """Rules shared by the directory of servants and the list of contractors (item 1.5)."""

    def active(self):
        """People currently listed in the public directory."""
        return self.filter(is_active=True)

    def missing_required(self):
        """Rows with a field that Decreto 1081 de 2015 art. 2.1.1.2.1.5 requires left empty."""
        return self.filter(self.model.missing_q())

    def complete(self):
        return self.exclude(self.model.missing_q())

    def coverage_by_entity(self):
        """{entity id: Coverage} of the active rows, in one query (admin and transparency)."""
        rows = (
            self.active()
            .values("office__entity_id")
            .annotate(
                total=Count("pk"),
                complete=Count("pk", filter=~self.model.missing_q()),
            )
        )
        return {row["office__entity_id"]: Coverage(row["complete"], row["total"]) for row in rows}


class Coverage:
    """How many rows have every legally required field filled."""

    def __init__(self, complete, total):
        self.complete, self.total = complete, total

    @property
    def missing(self):
        return self.total - self.complete

    @property
    def percent(self):
        return round(100 * self.complete / self.total) if self.total else 100

    def __str__(self):
        return f"{self.complete} de {self.total} completos ({self.percent} %)"


class Searchable(models.Model):
    """
    The site search's full-text vectors of a row, stored on PostgreSQL: its title, and its
    title with its text. The search app says what goes in them and keeps them up to date (on
    every save, and with `manage.py update_search_vectors` after bulk loads); they stay empty on
    SQLite, where the search compares the text itself.
    """

    search_title = SearchVectorField(null=True, editable=False)
    search_document = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True


class DirectoryEntry(models.Model):
    """
    The identity data Decreto 1081 de 2015 art. 2.1.1.2.1.5 (Res. 1519, item 1.5) requires for
    each public servant and each contractor. Education and experience may be replaced by the
    link to the person's SIGEP record.
    """

    name = models.CharField("nombres y apellidos", max_length=150)
    position = models.CharField("empleo, cargo o actividad", max_length=150)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name="dependencia"
    )
    email = models.EmailField("correo institucional", blank=True)
    phone = models.CharField("teléfono institucional", max_length=60, blank=True)
    birth_country = models.CharField(
        "país de nacimiento", max_length=60, blank=True, default="Colombia"
    )
    birth_department = models.CharField(
        "departamento de nacimiento", max_length=80, blank=True, help_text="Ejemplo: Putumayo"
    )
    birth_municipality = models.CharField(
        "municipio o ciudad de nacimiento", max_length=80, blank=True, help_text="Ejemplo: Mocoa"
    )
    education = models.TextField("formación académica", blank=True)
    experience = models.TextField("experiencia laboral y profesional", blank=True)
    sigep_url = models.URLField(
        "hoja de vida en el SIGEP",
        blank=True,
        help_text="Enlace a la hoja de vida en la Función Pública (SIGEP II). Si lo llena, "
        "reemplaza a la formación y la experiencia escritas aquí.",
    )
    is_active = models.BooleanField("visible en el directorio", default=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    # Fields the law requires besides name, position and office (always required by the model).
    REQUIRED = ("email", "phone", "birth_department", "birth_municipality")

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def missing_q(cls, prefix=""):
        """The condition "some legally required field is empty", usable across a relation."""
        condition = Q()
        for field in cls.REQUIRED:
            if cls._meta.get_field(field).null:
                condition |= Q(**{f"{prefix}{field}__isnull": True})
            else:
                condition |= _blank(field, prefix)
        no_resume = (_blank("education", prefix) | _blank("experience", prefix)) & _blank(
            "sigep_url", prefix
        )
        return condition | no_resume

    def missing_fields(self):
        """Labels of the legally required fields this row leaves empty, for editors."""
        missing = [
            str(self._meta.get_field(field).verbose_name)
            for field in self.REQUIRED
            if getattr(self, field) in ("", None)
        ]
        if not self.sigep_url:
            if not self.education:
                missing.append("formación académica (o enlace al SIGEP)")
            if not self.experience:
                missing.append("experiencia (o enlace al SIGEP)")
        return missing

    @property
    def birthplace(self):
        return ", ".join(
            part
            for part in (self.birth_municipality, self.birth_department, self.birth_country)
            if part
        )


class OfficialQuerySet(DirectoryQuerySet):
    def first_of_each_office(self, limit):
        """{office id: (its first `limit` officials, the office's count)}, in one query."""
        in_office = {"partition_by": F("office_id")}
        officials = (
            self.annotate(
                rank=Window(RowNumber(), order_by=[F("order").asc(), F("name").asc()], **in_office),
                office_count=Window(Count("pk"), **in_office),
            )
            .filter(rank__lte=limit)
            .order_by("office_id", "rank")
        )
        by_office = {}
        for official in officials:
            by_office.setdefault(official.office_id, ([], official.office_count))[0].append(
                official
            )
        return by_office


class Official(DirectoryEntry, Searchable):
    """A public servant in the directory (Decreto 1081/2015 art. 2.1.1.2.1.5)."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="officials", verbose_name="dependencia"
    )
    is_head = models.BooleanField(
        "jefe de la dependencia",
        default=False,
        help_text="Marque a quien dirige la dependencia: aparece como su jefe en el organigrama. "
        "En la dependencia superior de la entidad es su titular (alcalde, personero, "
        "presidente del Concejo).",
    )
    salary_scale = models.CharField(
        "escala salarial",
        max_length=150,
        blank=True,
        help_text="Grado y asignación básica según el decreto o acuerdo salarial vigente.",
    )
    started_on = models.DateField("fecha de ingreso", null=True, blank=True)
    order = models.PositiveSmallIntegerField("orden", default=0)

    REQUIRED = (*DirectoryEntry.REQUIRED, "salary_scale", "started_on")

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["office__entity__order", "office__order", "order", "name"]
        verbose_name = "servidor público"
        verbose_name_plural = "directorio de servidores públicos"
        constraints = [
            models.UniqueConstraint(
                fields=["office"],
                condition=Q(is_head=True, is_active=True),
                name="one_head_per_office",
                violation_error_message="Esta dependencia ya tiene un jefe activo en el "
                "directorio. Desmarque al anterior primero.",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.position}"


class Contractor(DirectoryEntry):
    """A contractor of personal services (item 1.5.10): identity data plus the contract."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="contractors", verbose_name="dependencia"
    )
    contract_number = models.CharField(
        "número del contrato", max_length=60, help_text="Ejemplo: CPS-045-2026"
    )
    contract_object = models.TextField("objeto del contrato", blank=True)
    contract_value = models.DecimalField(
        "valor total de los honorarios (pesos)",
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
    )
    start_date = models.DateField("fecha de inicio", null=True, blank=True)
    end_date = models.DateField("fecha de terminación", null=True, blank=True)
    secop_url = models.URLField("enlace al proceso en el SECOP", max_length=500, blank=True)

    REQUIRED = (
        *DirectoryEntry.REQUIRED,
        "contract_object",
        "contract_value",
        "start_date",
        "end_date",
        "secop_url",
    )

    class Meta:
        ordering = ["office__entity__order", "office__order", "name", "contract_number"]
        verbose_name = "contratista"
        verbose_name_plural = "contratistas de prestación de servicios"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "contract_number"],
                name="contract_number_unique_per_office",
                violation_error_message="Ya hay un contratista con ese número de contrato en "
                "esta dependencia.",
            ),
        ]

    def __str__(self):
        return f"{self.name}, contrato {self.contract_number}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "La fecha de terminación no puede ser anterior a la de inicio."}
            )


class StaffProfile(models.Model):
    """Links a staff user to their office, and so to the entity whose content they edit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name="usuario",
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="staff", verbose_name="dependencia"
    )

    class Meta:
        verbose_name = "perfil de funcionario"
        verbose_name_plural = "perfiles de funcionarios"

    def __str__(self):
        return f"{self.user} — {self.office}"


class Status(models.TextChoices):
    DRAFT = "draft", "Borrador"
    PUBLISHED = "published", "Publicado"


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """What citizens see: published status and a publication time already reached."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=now or timezone.now())


class Publishable(models.Model):
    """Draft/published status and a publication time that may be in the future (scheduled)."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, verbose_name="entidad")
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publicar desde",
        default=timezone.now,
        help_text="Si la fecha es futura, el contenido aparece solo desde ese momento.",
    )
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="autor",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_published(self, now=None):
        """Mirror of `published()` for one object (the admin's tick column)."""
        return self.status == Status.PUBLISHED and self.publish_at <= (now or timezone.now())

    is_published.boolean = True
    is_published.short_description = "¿visible?"

    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.publish_at > timezone.now()


def unique_slug(instance, text: str) -> str:
    """A slug for `text` not yet used by another row of the instance's model."""
    base = slugify(text)[:70] or "contenido"
    slug, n = base, 2
    model = type(instance)
    while model.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class NewsItem(Publishable, Searchable):
    title = models.CharField("título", max_length=200)
    slug = models.SlugField("ruta", max_length=80, unique=True, blank=True)
    summary = models.CharField("resumen", max_length=300)
    body = models.TextField("texto", help_text="Se permiten negrillas, listas, tablas y enlaces.")
    image = models.ImageField(
        "imagen", upload_to="noticias/", blank=True, validators=[validate_image_upload]
    )
    image_alt = models.CharField(
        "texto alternativo de la imagen",
        max_length=250,
        blank=True,
        help_text="Describa la imagen para personas que no pueden verla. Obligatorio con imagen.",
    )
    image_480 = models.ImageField(upload_to="noticias/r/", blank=True, editable=False)
    image_960 = models.ImageField(upload_to="noticias/r/", blank=True, editable=False)

    class Meta:
        ordering = ["-publish_at"]
        verbose_name = "noticia"
        verbose_name_plural = "noticias"
        indexes = [models.Index(fields=["status", "-publish_at"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Escriba un texto alternativo que describa la imagen."}
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        self.body = sanitize_html(self.body)
        image_changed = self.image and not self.image._committed
        super().save(*args, **kwargs)
        if image_changed:
            renditions = rendition_files(self.image)
            self.image_480.save(renditions[480].name, renditions[480], save=False)
            self.image_960.save(renditions[960].name, renditions[960], save=False)
            super().save(update_fields=["image_480", "image_960"])
        elif not self.image and (self.image_480 or self.image_960):
            self.image_480 = self.image_960 = ""
            super().save(update_fields=["image_480", "image_960"])

    def get_absolute_url(self):
        return reverse("portal:news_detail", args=[self.slug])


def _not_over(now):
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(_not_over(now or timezone.now()))

    def upcoming_then_recent(self, now=None):
        """
        Events not over yet, soonest first, then those already over, most recent first: what a
        list with a limit (the calendar file) should keep.
        """
        not_over = _not_over(now or timezone.now())
        return self.order_by(
            Case(When(not_over, then=Value(0)), default=Value(1)),
            Case(When(not_over, then=F("starts_at"))),
            F("starts_at").desc(),
        )

    def past(self, now=None):
        """Events already over, most recent first (the complement of `upcoming()`)."""
        now = now or timezone.now()
        return self.filter(
            Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now)
        ).order_by("-starts_at")


class Event(Publishable, Searchable):
    title = models.CharField("título", max_length=200)
    slug = models.SlugField("ruta", max_length=80, unique=True, blank=True)
    summary = models.CharField("resumen", max_length=300)
    body = models.TextField("descripción", blank=True)
    starts_at = models.DateTimeField("inicio")
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    location = models.CharField(
        "lugar", max_length=200, help_text="Ejemplo: Coliseo municipal, Barrio Centro"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "evento"
        verbose_name_plural = "eventos"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message="El evento no puede terminar antes de empezar.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:event_detail", args=[self.slug])


class DocumentQuerySet(PublishableQuerySet):
    def of_kind(self, *kinds):
        """Documents of the given kinds (e.g. the actos administrativos)."""
        return self.filter(kind__in=kinds)


DOCUMENT_MESSAGES = {
    "too_big": "El archivo pesa más de 20 MB.",
    "bad_type": "Tipo de archivo no permitido. Use PDF, Word, Excel, OpenDocument, CSV, TXT o ZIP.",
    "bad_content": "El archivo no es un %(type)s válido.",
}


def validate_document_upload(upload):
    """A document of at most 20 MB in a format citizens can open safely (`check_upload`)."""
    check_upload(
        upload,
        extensions={"pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "csv", "zip", "txt"},
        max_mb=20,
        messages=DOCUMENT_MESSAGES,
    )


class Document(Publishable, Searchable):
    """An act, plan, report, budget or other document of an entity."""

    class Kind(models.TextChoices):
        ACUERDO = "acuerdo", "Acuerdo"
        DECRETO = "decreto", "Decreto"
        RESOLUCION = "resolucion", "Resolución"
        CIRCULAR = "circular", "Circular"
        PLAN = "plan", "Plan"
        INFORME = "informe", "Informe"
        PRESUPUESTO = "presupuesto", "Presupuesto"
        CONTRATACION = "contratacion", "Contratación"
        ACTA = "acta", "Acta"
        PROYECTO = "proyecto", "Proyecto de acto administrativo"
        OTRO = "otro", "Otro"

    ACTOS_ADMINISTRATIVOS = (Kind.ACUERDO, Kind.DECRETO, Kind.RESOLUCION, Kind.CIRCULAR)

    title = models.CharField("título", max_length=250)
    slug = models.SlugField("ruta", max_length=80, unique=True, blank=True)
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    number = models.CharField("número", max_length=40, blank=True, help_text="Ejemplo: 012 de 2026")
    issued_on = models.DateField("fecha de expedición")
    description = models.TextField("descripción", blank=True)
    file = models.FileField(
        "archivo", upload_to="documentos/%Y/", validators=[validate_document_upload]
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "documento"
        verbose_name_plural = "documentos"
        indexes = [models.Index(fields=["status", "kind", "-issued_on"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, f"{self.get_kind_display()} {self.number} {self.title}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:document_detail", args=[self.slug])

    @property
    def file_extension(self):
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""

    @property
    def file_size(self):
        """Size in bytes, or None when the file is missing from storage (never a 500)."""
        try:
            return self.file.size
        except (OSError, ValueError):
            return None


class Page(Publishable, Searchable):
    """An institutional page; pages form a tree through `parent`."""

    title = models.CharField("título", max_length=200)
    slug = models.SlugField("ruta", max_length=80, unique=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="página superior",
    )
    summary = models.CharField("resumen", max_length=300, blank=True)
    body = models.TextField("texto")
    order = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "página"
        verbose_name_plural = "páginas"

    def __str__(self):
        return self.title

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "Una página no puede estar dentro de sí misma."})
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:page_detail", args=[self.slug])

    def ancestors(self):
        """The parent pages from the root down to this page's parent."""
        chain, seen, ancestor = [], {self.pk}, self.parent
        while ancestor is not None and ancestor.pk not in seen:
            chain.append(ancestor)
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return chain[::-1]


class AlertBannerQuerySet(models.QuerySet):
    def active(self, now=None):
        """Banners whose display window contains `now`."""
        now = now or timezone.now()
        return self.filter(starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


class AlertBanner(models.Model):
    """A site-wide notice (an emergency, a road closure) shown between two times."""

    class Level(models.TextChoices):
        INFO = "info", "Información"
        WARNING = "warning", "Advertencia"
        EMERGENCY = "emergency", "Emergencia"

    message = models.CharField("mensaje", max_length=300)
    level = models.CharField("nivel", max_length=10, choices=Level.choices, default=Level.INFO)
    link = models.URLField("enlace para más información", blank=True)
    starts_at = models.DateTimeField("mostrar desde", default=timezone.now)
    ends_at = models.DateTimeField("mostrar hasta", null=True, blank=True)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, verbose_name="entidad")
    created_at = models.DateTimeField("creado", auto_now_add=True)

    objects = AlertBannerQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "alerta del sitio"
        verbose_name_plural = "alertas del sitio"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="alert_ends_after_start",
                violation_error_message="La alerta debe terminar después de empezar.",
            )
        ]

    def __str__(self):
        return self.message
