"""The committee: its members, its meetings and the entities it links to the strategy."""

from django.db import models

from portal.models import validate_document_upload


class LinkedEntityQuerySet(models.QuerySet):
    def agreed_in(self, year):
        """Entities whose agreement was signed in `year`."""
        return self.filter(agreement_date__year=year)


class LinkedEntity(models.Model):
    """An entity linked to the strategy by an agreement (the plan asks 4/2/1 per year)."""

    class Level(models.TextChoices):
        LOCAL = "local", "Local"
        DEPARTMENTAL = "departmental", "Departamental"
        NATIONAL = "national", "Nacional"
        INTERNATIONAL = "international", "Internacional"

    name = models.CharField("entidad", max_length=200, help_text="Ejemplo: SENA regional Putumayo")
    level = models.CharField("orden", max_length=15, choices=Level.choices)
    agreement_date = models.DateField("fecha del acuerdo")
    agreement = models.CharField(
        "acuerdo o convenio", max_length=200, blank=True, help_text="Ejemplo: Convenio 014 de 2026"
    )
    topics = models.TextField("temas de interés que se publicarán", blank=True)
    url = models.URLField("sitio web", blank=True)

    objects = LinkedEntityQuerySet.as_manager()

    class Meta:
        ordering = ["-agreement_date", "name"]
        verbose_name = "entidad vinculada"
        verbose_name_plural = "entidades vinculadas"

    def __str__(self):
        return f"{self.name} ({self.get_level_display()})"


class CommitteeMemberQuerySet(models.QuerySet):
    def active(self):
        """Current members of the committee."""
        return self.filter(is_active=True)


class CommitteeMember(models.Model):
    name = models.CharField("nombre", max_length=150)
    position = models.CharField("cargo", max_length=150, help_text="Ejemplo: Alcalde Municipal")
    committee_role = models.CharField(
        "papel en el comité",
        max_length=150,
        blank=True,
        help_text="Ejemplo: Líder del Comité GEL-T",
    )
    email = models.EmailField("correo", blank=True)
    phone = models.CharField("teléfono", max_length=60, blank=True)
    since = models.DateField("miembro desde", null=True, blank=True)
    is_active = models.BooleanField("miembro actual", default=True)
    order = models.PositiveSmallIntegerField("orden", default=0)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "order", "name"]
        verbose_name = "miembro del comité"
        verbose_name_plural = "miembros del comité"
        constraints = [
            models.UniqueConstraint(fields=["name", "position"], name="gelt_member_unique")
        ]

    def __str__(self):
        return f"{self.name}, {self.position}"


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now):
        """Meetings not yet held, soonest first."""
        return self.filter(starts_at__gte=now).order_by("starts_at")

    def held(self, now):
        """Meetings already held, most recent first."""
        return self.filter(starts_at__lt=now).order_by("-starts_at")


class Meeting(models.Model):
    """A committee meeting; its commitments are activities with an owner and a due date."""

    starts_at = models.DateTimeField("fecha y hora")
    place = models.CharField("lugar", max_length=200, default="Alcaldía municipal")
    attendees = models.ManyToManyField(
        "gelt.CommitteeMember", blank=True, related_name="meetings", verbose_name="asistentes"
    )
    guests = models.TextField("otros asistentes", blank=True, help_text="Uno por línea.")
    has_quorum = models.BooleanField("hubo quórum", default=False)
    agenda = models.TextField("orden del día", blank=True)
    minutes = models.TextField("acta (resumen)", blank=True)
    decisions = models.TextField("decisiones", blank=True)
    minutes_file = models.FileField(
        "acta firmada",
        upload_to="gelt/actas/%Y/",
        blank=True,
        validators=[validate_document_upload],
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "reunión del comité"
        verbose_name_plural = "reuniones del comité"

    def __str__(self):
        return f"Reunión del {self.starts_at:%d/%m/%Y}"


class AdministrationQuerySet(models.QuerySet):
    def current(self):
        """The administration in office (the latest period marked current), or None."""
        return self.filter(is_current=True).order_by("-period_start").first()


class Administration(models.Model):
    """A municipal administration (mayor and period): who hands over and who receives."""

    mayor = models.CharField("alcalde o alcaldesa", max_length=150)
    period_start = models.PositiveSmallIntegerField(
        "periodo desde (año)", help_text="Ejemplo: 2024"
    )
    period_end = models.PositiveSmallIntegerField("periodo hasta (año)", help_text="Ejemplo: 2027")
    development_plan = models.CharField(
        "plan de desarrollo",
        max_length=250,
        blank=True,
        help_text="Nombre y acuerdo del plan de desarrollo municipal.",
    )
    tic_lead = models.CharField(
        "líder de Gobierno Digital (TIC)",
        max_length=150,
        blank=True,
        help_text="Quien lidera la política en la entidad (Decreto 767 de 2022).",
    )
    is_current = models.BooleanField("administración actual", default=True)
    notes = models.TextField("observaciones para el empalme", blank=True)

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        verbose_name = "administración municipal"
        verbose_name_plural = "administraciones municipales"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="gelt_administration_period_order",
                violation_error_message="El periodo no puede terminar antes de empezar.",
            )
        ]

    def __str__(self):
        return f"{self.mayor} ({self.period})"

    @property
    def period(self):
        return f"{self.period_start}–{self.period_end}"
