"""
Today's Gobierno Digital policy (Decreto 767 de 2022) beside the 2008 plan: its elements, and
the crosswalk from each GEL-T criterion to an element and to an ITA item (Res. 1519 Anexo 2).
Both are shipped as data (gelt/data/policy.json) and editable, because MinTIC updates them.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from transparency.models import MenuItem

from ..compliance import round_percent
from .plan import Confidence, Criterion


class PolicyElement(models.Model):
    """One element of the current policy: gobernanza, a habilitador, a línea de acción…"""

    class Kind(models.TextChoices):
        GOVERNANCE = "gobernanza", "Gobernanza"
        INNOVATION = "innovacion", "Innovación pública digital"
        ENABLER = "habilitador", "Habilitador"
        LINE = "linea", "Línea de acción"
        INITIATIVE = "iniciativa", "Iniciativa dinamizadora"

    code = models.CharField("código", max_length=20, unique=True, help_text="Ejemplo: HAB-SEG")
    kind = models.CharField("tipo de elemento", max_length=12, choices=Kind.choices)
    name = models.CharField("nombre", max_length=200)
    description = models.TextField("descripción", blank=True)
    source = models.CharField("fuente", max_length=400, blank=True)
    confidence = models.CharField(
        "confianza", max_length=1, choices=Confidence.choices, default=Confidence.B
    )
    order = models.PositiveSmallIntegerField("orden", default=0)
    is_active = models.BooleanField("vigente", default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "elemento de la Política de Gobierno Digital"
        verbose_name_plural = "Política de Gobierno Digital (elementos)"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class PolicyMapping(models.Model):
    """
    A row of the crosswalk: a GEL-T criterion → a current policy element → an ITA item. The
    automatic check that measures it is the criterion's own `check_key`.
    """

    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.CASCADE,
        related_name="policy_mappings",
        verbose_name="criterio GEL-T",
    )
    element = models.ForeignKey(
        PolicyElement,
        on_delete=models.CASCADE,
        related_name="mappings",
        verbose_name="elemento de la política vigente",
    )
    ita_item = models.CharField(
        "ítem ITA (Res. 1519 Anexo 2)",
        max_length=20,
        blank=True,
        help_text="Numeral del menú de Transparencia. Ejemplo: 1.10. Vacío si no tiene.",
    )
    furag_theme = models.CharField("tema FURAG", max_length=200, blank=True)
    source = models.CharField("fuente de la correspondencia", max_length=400, blank=True)
    confidence = models.CharField(
        "confianza", max_length=1, choices=Confidence.choices, default=Confidence.C
    )
    notes = models.TextField("observaciones", blank=True)

    class Meta:
        ordering = ["element__order", "criterion__phase__order", "criterion__order", "pk"]
        verbose_name = "correspondencia GEL-T → política vigente"
        verbose_name_plural = "correspondencias GEL-T → política vigente"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "element"],
                name="gelt_mapping_unique",
                violation_error_message="Ese criterio ya corresponde a ese elemento.",
            )
        ]

    def __str__(self):
        return f"{self.criterion.code} → {self.element.code}"

    def clean(self):
        self.ita_item = self.ita_item.strip()
        if self.ita_item and not MenuItem.objects.filter(code=self.ita_item).exists():
            raise ValidationError(
                {
                    "ita_item": f"No existe el ítem «{self.ita_item}» en el menú de "
                    "Transparencia. Escriba el numeral tal como aparece allí (por ejemplo 1.10)."
                },
                code="bad_ita_item",
            )


def _percent(up_to_date, applicable):
    return round_percent(Decimal(up_to_date) * 100 / applicable) if applicable else None


class ItaSnapshot(models.Model):
    """
    The latest measured ITA-style self-assessment of one entity: per category and in total,
    its applicable items and those with content and up to date. Stored by `measure_gelt` (the
    daily timer and "Medir ahora"); the public page shows it with its date, and the live
    per-entity page lists what is missing.
    """

    entity = models.OneToOneField(
        "portal.Entity",
        on_delete=models.CASCADE,
        related_name="ita_snapshot",
        verbose_name="entidad",
    )
    measured_at = models.DateTimeField("medido el")
    applicable = models.PositiveIntegerField("ítems aplicables", default=0)
    up_to_date = models.PositiveIntegerField("con contenido y al día", default=0)
    categories = models.JSONField(
        "por categoría",
        default=list,
        help_text="Por categoría: código, nombre, aplicables, al día, no aplican y faltantes.",
    )

    class Meta:
        verbose_name = "autoevaluación ITA medida"
        verbose_name_plural = "autoevaluaciones ITA medidas"

    def __str__(self):
        return f"{self.entity}: {self.percent} %"

    @property
    def missing(self):
        return self.applicable - self.up_to_date

    @property
    def percent(self):
        return _percent(self.up_to_date, self.applicable)

    @property
    def category_rows(self):
        """Each category's figures with its percent, in the menu's order."""
        return [
            {**row, "percent": _percent(row["up_to_date"], row["applicable"])}
            for row in self.categories
        ]
