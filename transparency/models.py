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

from portal.models import Document, Entity, Office, Page

from . import quality


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


class MenuItem(models.Model):
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
