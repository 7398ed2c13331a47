"""
The transparency menu (Ley 1712 de 2014, Resolución 1519 de 2020 Anexo 2 §2.4.2): one tree of
categories and items per sujeto obligado, shipped as data, whose items point at pages,
documents, procedures or links chosen by staff, and the public log of those choices.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.models import Document, Entity, Office, Page, Searchable

from . import quality


class Source(models.TextChoices):
    """
    Content of the portal that can feed an item by itself (see `transparency.sources`). The
    "en vivo" sources are pages computed from current data on every visit: they have no date
    of their own and never go stale (docs/transparencia.md).
    """

    MISSION = "entidad_mision", "Misión y visión de la entidad"
    FUNCTIONS = "entidad_funciones", "Funciones y deberes de la entidad"
    STRUCTURE = "entidad_estructura", "Estructura orgánica (dependencias de la entidad)"
    CONTACT = "entidad_contacto", "Sede, dirección, horario y contacto de la entidad"
    DIRECTORY = "directorio", "Directorio de servidores públicos"
    CONTRACTORS = "contratistas", "Contratistas de prestación de servicios"
    PROCEDURES = "tramites", "Catálogo de trámites y servicios"
    EVENTS = "eventos", "Eventos (los que contengan la palabra clave, si se indica)"
    SURVEYS = "encuestas", "Encuestas de participación"
    DRAFTS = "proyectos", "Proyectos normativos para comentarios"
    PARTICIPATION = "participacion", "Encuestas y proyectos normativos para comentarios"
    PQRSD_STATS = "pqrsd_informes", "Informes y estadísticas de PQRSD (en vivo)"
    PQRSD_FORM = "pqrsd_formulario", "Formulario de PQRSD y consulta de radicados (en vivo)"
    GELT = "gelt", "Plan Gobierno en Línea Territorial y su avance (en vivo)"
    OPEN_DATA = "datos_abiertos", "Catálogo de datos abiertos (en vivo)"
    ASSETS = "registro_activos", "Registro de activos de información (tabla 7.1.1)"
    CLASSIFIED = "indice_clasificada", "Índice de información clasificada y reservada (7.1.2)"
    SCHEME = "esquema_publicacion", "Esquema de publicación de información (tabla 7.1.3)"


class MenuItemQuerySet(models.QuerySet):
    def of_entity(self, entity):
        """The menu of one sujeto obligado."""
        return self.filter(entity=entity)


def validate_link_url(value):
    """A full http(s) address or a path of this portal starting with "/"."""
    value = value.strip()
    if value.startswith("/") and not value.startswith("//"):
        return
    if value.lower().startswith(("http://", "https://")) and len(value) > 10:
        return
    raise ValidationError(
        "Escriba una dirección completa (https://…) o una ruta del portal que empiece por «/».",
        code="bad_url",
    )


class MenuItem(Searchable):
    """A category ("1"), item ("1.4") or sub-item ("1.4.a") of one entity's menu."""

    class Frequency(models.TextChoices):
        MONTHLY = "mensual", "Mensual"
        QUARTERLY = "trimestral", "Trimestral"
        HALF_YEARLY = "semestral", "Semestral"
        YEARLY = "anual", "Anual"
        ON_CHANGE = "cuando_cambie", "Cada vez que cambie"

    class Quality(models.TextChoices):
        A = "A", quality.QUALITY_LABELS["A"]
        AA = "AA", quality.QUALITY_LABELS["AA"]
        AAA = "AAA", quality.QUALITY_LABELS["AAA"]

    entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        related_name="transparency_items",
        verbose_name="entidad",
    )
    code = models.CharField("numeral", max_length=20, help_text="Ejemplo: 1.4.a")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="ítem superior",
    )
    position = models.PositiveIntegerField("orden oficial", default=0)
    depth = models.PositiveSmallIntegerField("nivel", default=0)
    label = models.CharField("nombre oficial", max_length=400)
    description = models.TextField("qué se debe publicar", blank=True)
    legal_basis = models.CharField("fundamento legal", max_length=400, blank=True)
    source = models.CharField("fuente del dato", max_length=300, blank=True)
    confidence = models.CharField("confianza del dato", max_length=1, blank=True)
    applies = models.BooleanField(
        "aplica a la entidad",
        default=True,
        help_text="Si no aplica, el ítem se sigue publicando con la razón legal.",
    )
    na_justification = models.TextField(
        "razón legal de «no aplica»",
        blank=True,
        help_text="Ejemplo: Aplica solo a entidades del orden nacional (Decreto 1081 de 2015).",
    )
    owner_office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transparency_items",
        verbose_name="dependencia responsable",
    )
    update_frequency = models.CharField(
        "frecuencia de actualización",
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.YEARLY,
    )
    last_updated = models.DateField(
        "última actualización",
        null=True,
        blank=True,
        help_text="Se fija sola cuando cambian los enlaces; cámbiela si revisó que sigue vigente.",
    )
    quality_override = models.CharField(
        "nivel de calidad (manual)",
        max_length=3,
        choices=Quality.choices,
        blank=True,
        help_text="Déjelo vacío para que el portal lo calcule a partir de lo enlazado.",
    )
    pages = models.ManyToManyField(
        Page, blank=True, related_name="transparency_items", verbose_name="páginas del portal"
    )
    procedures = models.ManyToManyField(
        "tramites.Procedure",
        blank=True,
        related_name="transparency_items",
        verbose_name="trámites y servicios",
    )
    document_kinds = models.JSONField(
        "tipos de documento",
        default=list,
        blank=True,
        help_text="Muestra los documentos publicados de estos tipos.",
    )
    document_entity = models.ForeignKey(
        Entity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="documentos de la entidad",
        help_text="Vacío: los de la entidad dueña de este menú.",
    )
    document_year = models.PositiveSmallIntegerField(
        "documentos del año", null=True, blank=True, help_text="Vacío: todos los años."
    )
    content_source = models.CharField(
        "contenido del portal que lo alimenta",
        max_length=30,
        choices=Source.choices,
        blank=True,
        help_text="El ítem lista solo lo publicado de la fuente, de la entidad de este menú, "
        "y toma de ahí su fecha de actualización.",
    )
    event_keyword = models.CharField(
        "palabra clave de los eventos",
        max_length=80,
        blank=True,
        help_text="Solo con la fuente «Eventos». Ejemplo: rendición de cuentas (se busca en el "
        "título, sin distinguir mayúsculas). Vacío: todos los eventos de la entidad.",
    )
    datos_gov_co_url = models.URLField(
        "enlace en datos.gov.co",
        max_length=500,
        blank=True,
        help_text="Para los instrumentos 7.1.1 a 7.1.3: dirección del conjunto de datos "
        "publicado en datos.gov.co. Ejemplo: https://www.datos.gov.co/d/abcd-1234",
    )
    committed_on = models.DateField(
        "fecha prevista de publicación",
        null=True,
        blank=True,
        help_text="Mientras el ítem esté en construcción, la fecha en que la entidad se "
        "compromete a publicarlo; se muestra al ciudadano.",
    )
    updated_at = models.DateTimeField("modificado", auto_now=True)

    objects = MenuItemQuerySet.as_manager()

    class Meta:
        ordering = ["entity__order", "position"]
        verbose_name = "ítem del menú de transparencia"
        verbose_name_plural = "menú de transparencia"
        constraints = [
            models.UniqueConstraint(fields=["entity", "code"], name="transparency_item_code"),
            models.CheckConstraint(
                condition=Q(applies=True) | ~Q(na_justification=""),
                name="transparency_na_needs_reason",
                violation_error_message="Si el ítem no aplica, escriba la razón legal.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.label}"

    def clean(self):
        kinds = set(Document.Kind.values)
        if not isinstance(self.document_kinds, list) or not set(self.document_kinds) <= kinds:
            raise ValidationError({"document_kinds": "Elija tipos de documento de la lista."})
        if self.event_keyword.strip() and self.content_source != Source.EVENTS:
            raise ValidationError(
                {"event_keyword": "La palabra clave solo se usa con la fuente «Eventos»."}
            )
        if not self.applies and not self.na_justification.strip():
            raise ValidationError(
                {"na_justification": "Si el ítem no aplica, escriba la razón legal."}
            )

    def get_absolute_url(self):
        """The item's place on the page of its category (codes start with the category's)."""
        category_code = self.code.split(".", 1)[0]
        return f"{self.category_url(self.entity, category_code)}#item-{self.anchor}"

    @staticmethod
    def entity_menu_url(entity):
        """The index of one entity's menu."""
        if entity.kind == Entity.Kind.ALCALDIA:
            return reverse("transparency:menu")
        return reverse("transparency:entity_menu", args=[entity.slug])

    @staticmethod
    def category_url(entity, code):
        """The page of one category ("1", "2", …) of one entity's menu."""
        if entity.kind == Entity.Kind.ALCALDIA:
            return reverse("transparency:category", args=[code])
        return reverse("transparency:entity_category", args=[entity.slug, code])

    @property
    def anchor(self):
        return self.code.replace(".", "-")

    def document_kind_labels(self):
        labels = dict(Document.Kind.choices)
        return [labels.get(kind, kind) for kind in self.document_kinds]


class ExternalLink(models.Model):
    """A link of an item to another site (SECOP, SUIT, datos.gov.co) or a path of the portal."""

    item = models.ForeignKey(
        MenuItem, on_delete=models.CASCADE, related_name="links", verbose_name="ítem"
    )
    label = models.CharField("texto del enlace", max_length=200)
    url = models.CharField(
        "dirección",
        max_length=500,
        validators=[validate_link_url],
        help_text="Ejemplo: https://www.colombiacompra.gov.co/secop o /directorio/",
    )
    order = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "enlace"
        verbose_name_plural = "enlaces"

    def __str__(self):
        return f"{self.label} ({self.url})"

    @property
    def format(self):
        return quality.url_format(self.url)


class ChangeLogEntry(models.Model):
    """One public record of a change to what an item points at: what, when, which office."""

    item = models.ForeignKey(
        MenuItem, on_delete=models.CASCADE, related_name="changes", verbose_name="ítem"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="+", verbose_name="entidad"
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dependencia",
    )
    office_name = models.CharField(
        "dependencia que hizo el cambio", max_length=200, default="Administración del portal"
    )
    description = models.TextField("cambio")
    created_at = models.DateTimeField("fecha", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "registro de cambios"
        verbose_name_plural = "registro de cambios"

    def __str__(self):
        return f"{self.item.code}: {self.description[:60]}"


# Instruments of information management (Ley 1712 de 2014 arts. 12, 13 y 20; Decreto 1081 de
# 2015, Título 5, arts. 2.1.1.5.1.1 y ss.; Resolución 1519 de 2020, Anexo 2, 7.1.1–7.1.3).
# Each is a table of rows kept by the entity's staff, one model each, with the mandatory columns
# as fields; `transparency.opendata` publishes them as CSV and JSON.


class Medium(models.TextChoices):
    ELECTRONIC = "electronico", "Electrónico"
    PHYSICAL = "fisico", "Físico"
    BOTH = "fisico_y_electronico", "Físico y electrónico"


class InstrumentRow(models.Model):
    """What every row of the three instruments has: entity, office and the common columns."""

    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="+", verbose_name="entidad"
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="dependencia",
        help_text="Dependencia que produce o custodia la información.",
    )
    language = models.CharField("idioma", max_length=80, default="Español")
    medium = models.CharField(
        "medio de conservación o soporte",
        max_length=25,
        choices=Medium.choices,
        default=Medium.ELECTRONIC,
    )
    order = models.PositiveIntegerField("orden", default=0)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        abstract = True
        ordering = ["entity__order", "order", "pk"]

    def clean(self):
        if self.office_id and self.entity_id and self.office.entity_id != self.entity_id:
            raise ValidationError({"office": "Elija una dependencia de la misma entidad."})


class InformationAsset(InstrumentRow):
    """
    A row of the registro de activos de información (7.1.1; Decreto 1081 de 2015,
    arts. 2.1.1.5.1.1 y ss.).
    """

    class Availability(models.TextChoices):
        PUBLISHED = "publicada", "Publicada"
        AVAILABLE = "disponible", "Disponible (se entrega si se solicita)"

    category = models.CharField("nombre o título de la categoría de información", max_length=250)
    description = models.TextField("descripción del contenido de la categoría")
    format = models.CharField("formato", max_length=120, help_text="Ejemplo: PDF, XLSX, papel")
    availability = models.CharField(
        "información publicada o disponible",
        max_length=12,
        choices=Availability.choices,
        default=Availability.PUBLISHED,
    )
    location = models.CharField(
        "dónde se consulta",
        max_length=500,
        blank=True,
        help_text="Si está publicada: dirección de la página o del archivo.",
    )

    class Meta(InstrumentRow.Meta):
        verbose_name = "activo de información (7.1.1)"
        verbose_name_plural = "registro de activos de información (7.1.1)"

    def __str__(self):
        return self.category


class ClassifiedInformation(InstrumentRow):
    """
    A row of the índice de información clasificada y reservada (7.1.2; Decreto 1081,
    arts. 2.1.1.5.2.1 y ss.; Ley 1712 arts. 18, 19 y 22: a reserve lasts at most 15 years).
    """

    class Scope(models.TextChoices):
        TOTAL = "total", "Total"
        PARTIAL = "parcial", "Parcial"

    category = models.CharField("nombre o título de la categoría de información", max_length=250)
    title = models.CharField("nombre o título de la información", max_length=250)
    generated_on = models.DateField("fecha de generación de la información")
    producer_name = models.CharField(
        "nombre del responsable de la producción de la información", max_length=200
    )
    responsible_name = models.CharField("nombre del responsable de la información", max_length=200)
    legitimate_aim = models.TextField(
        "objetivo legítimo de la excepción",
        help_text="Ejemplo: proteger el derecho a la intimidad de las víctimas.",
    )
    legal_basis = models.CharField(
        "fundamento constitucional o legal",
        max_length=400,
        help_text="Ejemplo: Ley 1712 de 2014, art. 18 lit. a.",
    )
    legal_ground = models.TextField("fundamento jurídico de la excepción")
    scope = models.CharField("excepción total o parcial", max_length=7, choices=Scope.choices)
    classified_on = models.DateField("fecha de la calificación", null=True, blank=True)
    term = models.CharField(
        "plazo de la clasificación o reserva",
        max_length=120,
        help_text="Ejemplo: 15 años desde la fecha de generación (la reserva dura 15 años como "
        "máximo, Ley 1712 de 2014, art. 22).",
    )

    class Meta(InstrumentRow.Meta):
        verbose_name = "información clasificada o reservada (7.1.2)"
        verbose_name_plural = "índice de información clasificada y reservada (7.1.2)"

    def __str__(self):
        return self.title


class PublicationSchemeEntry(InstrumentRow):
    """
    A row of the esquema de publicación de información (7.1.3; Decreto 1081 de 2015,
    arts. 2.1.1.5.3.1 y ss.).
    """

    title = models.CharField("nombre o título de la información", max_length=250)
    format = models.CharField("formato", max_length=120, help_text="Ejemplo: HTML, PDF, CSV")
    generated = models.CharField(
        "fecha de generación de la información",
        max_length=80,
        help_text="Ejemplo: 2026-01-30, o «enero de cada año».",
    )
    update_frequency = models.CharField(
        "frecuencia de actualización",
        max_length=20,
        choices=MenuItem.Frequency.choices,
        default=MenuItem.Frequency.YEARLY,
    )
    location = models.CharField(
        "lugar de consulta",
        max_length=500,
        help_text="Dirección en el portal o lugar físico. Ejemplo: /transparencia/categoria/4/",
    )
    producer_name = models.CharField(
        "nombre del responsable de la producción de la información", max_length=200
    )
    responsible_name = models.CharField("nombre del responsable de la información", max_length=200)

    class Meta(InstrumentRow.Meta):
        verbose_name = "información del esquema de publicación (7.1.3)"
        verbose_name_plural = "esquema de publicación de información (7.1.3)"

    def __str__(self):
        return self.title
