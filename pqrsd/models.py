"""Requests (PQRSD) filed by citizens, their history, attachments and answers."""

import datetime
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.models import Entity, Office
from portal.roles import CORRESPONDENCE_GROUP, DATA_PROTECTION_GROUP, group_names

from . import deadlines
from .radicado import format_radicado


class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, read from settings at call time; served only by a view."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    # Readable by the app's user (and its group, for backups), never by other local users;
    # public media keep FILE_UPLOAD_PERMISSIONS.
    @property
    def file_permissions_mode(self):
        return getattr(settings, "PRIVATE_FILE_PERMISSIONS", 0o640)

    @property
    def directory_permissions_mode(self):
        return getattr(settings, "PRIVATE_DIRECTORY_PERMISSIONS", 0o750)


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


class RequestType(models.TextChoices):
    PETICION = "peticion", "Petición"
    INFORMACION = "informacion", "Solicitud de información o de copias de documentos"
    CONSULTA = "consulta", "Consulta"
    QUEJA = "queja", "Queja"
    RECLAMO = "reclamo", "Reclamo"
    SUGERENCIA = "sugerencia", "Sugerencia"
    DENUNCIA = "denuncia", "Denuncia"
    ENTRE_AUTORIDADES = "entre_autoridades", "Petición entre autoridades"
    # Habeas data (Ley 1581 de 2012 arts. 14 y 15), filed from the "mis datos" form.
    HABEAS_CONSULTA = "habeas_consulta", "Consulta sobre mis datos personales"
    HABEAS_RECLAMO = "habeas_reclamo", "Reclamo sobre mis datos personales"


# Plain-Spanish explanations shown next to each type on the form.
TYPE_HELP = {
    "peticion": "Pide a la Alcaldía que haga algo, que reconozca un derecho o que resuelva "
    "una situación suya o de la comunidad.",
    "informacion": "Pide datos, documentos públicos o copias que tiene la entidad.",
    "consulta": "Pregunta a la entidad su opinión o interpretación sobre un tema a su cargo. "
    "La respuesta orienta, pero no obliga.",
    "queja": "Expresa su inconformidad con la forma en que le atendió un servidor público.",
    "reclamo": "Avisa que un servicio o trámite no se prestó o se prestó mal, y pide que se "
    "corrija.",
    "sugerencia": "Propone una idea para mejorar un servicio o la atención.",
    "denuncia": "Pone en conocimiento una conducta irregular o un posible acto de corrupción "
    "de un servidor público. Puede hacerla sin identificarse.",
    "entre_autoridades": "Solicitud de otra autoridad pública.",
    "habeas_consulta": "Pide conocer qué datos personales suyos tiene el portal y para qué los "
    "usa (Ley 1581 de 2012, art. 14).",
    "habeas_reclamo": "Pide corregir, actualizar o suprimir sus datos personales, o revocar la "
    "autorización que dio (Ley 1581 de 2012, art. 15).",
}
# The habeas data types have their own form (pqrsd/data_rights.py), not the PQRSD form's radios.
DATA_RIGHTS_TYPES = {RequestType.HABEAS_CONSULTA, RequestType.HABEAS_RECLAMO}
PUBLIC_TYPES = [
    c
    for c in RequestType.choices
    if c[0] != RequestType.ENTRE_AUTORIDADES and c[0] not in DATA_RIGHTS_TYPES
]
ANONYMOUS_TYPES = {RequestType.QUEJA, RequestType.DENUNCIA}


SEE_ALL_GROUPS = {CORRESPONDENCE_GROUP, DATA_PROTECTION_GROUP}


class Channel(models.TextChoices):
    WEB = "web", "Portal web"
    IN_PERSON = "presencial", "Presencial (ventanilla)"
    PHONE = "telefono", "Teléfono"
    PAPER = "escrito", "Escrito en papel"
    EMAIL = "correo", "Correo electrónico"


class RequestStatus(models.TextChoices):
    FILED = "radicada", "Radicada"
    ASSIGNED = "asignada", "Asignada a una dependencia"
    IN_PROCESS = "en_tramite", "En trámite"
    AWAITING_COMPLETION = "por_completar", "En espera de que el ciudadano complete la solicitud"
    EXTENDED = "prorrogada", "Plazo prorrogado"
    ANSWERED = "respondida", "Respondida"
    CLOSED = "cerrada", "Cerrada"
    REFERRED = "trasladada", "Trasladada a la autoridad competente"
    # Ley 1755 art. 17: the citizen did not complete in time; declared by a staff act.
    WITHDRAWN = "desistida", "Terminada por desistimiento tácito"


OPEN_STATUSES = [
    RequestStatus.FILED,
    RequestStatus.ASSIGNED,
    RequestStatus.IN_PROCESS,
    RequestStatus.AWAITING_COMPLETION,
    RequestStatus.EXTENDED,
]


class PriorityReason(models.TextChoices):
    """Who gets priority handling (Ley 1755 art. 20; Ley 1618 de 2013; Ley 1098 de 2006)."""

    DISABILITY = "discapacidad", "Persona con discapacidad"
    CHILD = "menor", "Niña, niño o adolescente"
    OLDER_ADULT = "adulto_mayor", "Persona adulta mayor"
    PREGNANT = "gestante", "Mujer gestante"
    IMMINENT_RISK = (
        "riesgo",
        "Riesgo inminente para un derecho fundamental (vida, salud, integridad)",
    )
    JOURNALIST = "periodista", "Periodista en ejercicio de su actividad"


class DenialGround(models.TextChoices):
    """
    Why access to information was denied: the exceptions of Ley 1712 de 2014 art. 18
    (clasificada) and art. 19 (reservada), or another express legal reserve.
    """

    PRIVACY = "18a", "Ley 1712 art. 18 a): intimidad de las personas (información clasificada)"
    LIFE_HEALTH_SAFETY = "18b", "Ley 1712 art. 18 b): vida, salud o seguridad de las personas"
    TRADE_SECRETS = "18c", "Ley 1712 art. 18 c): secretos comerciales, industriales o profesionales"
    DEFENCE = "19a", "Ley 1712 art. 19 a): defensa y seguridad nacional (información reservada)"
    PUBLIC_SAFETY = "19b", "Ley 1712 art. 19 b): seguridad pública"
    INTERNATIONAL = "19c", "Ley 1712 art. 19 c): relaciones internacionales"
    CRIME_INVESTIGATION = (
        "19d",
        "Ley 1712 art. 19 d): prevención, investigación y persecución de delitos y faltas "
        "disciplinarias",
    )
    DUE_PROCESS = "19e", "Ley 1712 art. 19 e): debido proceso e igualdad de las partes"
    JUSTICE = "19f", "Ley 1712 art. 19 f): administración efectiva de la justicia"
    CHILDREN = "19g", "Ley 1712 art. 19 g): derechos de la infancia y la adolescencia"
    MACROECONOMIC = "19h", "Ley 1712 art. 19 h): estabilidad macroeconómica y financiera"
    PUBLIC_HEALTH = "19i", "Ley 1712 art. 19 i): salud pública"
    DELIBERATIVE = (
        "19par",
        "Ley 1712 art. 19 parágrafo: opiniones del proceso deliberativo de servidores públicos",
    )
    OTHER_LAW = "otra_ley", "Otra reserva legal expresa (indique la norma en la motivación)"


class CompetentAuthority(models.Model):
    """An authority requests that are not ours are referred to (Ley 1755 art. 21)."""

    name = models.CharField(
        "nombre", max_length=200, unique=True, help_text="Ejemplo: Gobernación del Putumayo"
    )
    email = models.EmailField(
        "correo para radicar",
        blank=True,
        help_text="Correo oficial de recepción de PQRSD o de notificaciones de la autoridad. "
        "Si está vacío, quien traslada debe escribirlo.",
    )
    matters = models.CharField(
        "asuntos que atiende",
        max_length=300,
        blank=True,
        help_text="Ayuda a elegir. Ejemplo: vías departamentales, salud departamental.",
    )
    active = models.BooleanField("en la lista", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "autoridad competente"
        verbose_name_plural = "autoridades competentes (traslados)"

    def __str__(self):
        return self.name


class NonWorkingDay(models.Model):
    """A day the municipality closes by act: not a business day for PQRSD terms."""

    date = models.DateField("fecha", unique=True)
    name = models.CharField(
        "motivo", max_length=150, help_text="Ejemplo: Cierre de fin de año de la Alcaldía"
    )
    act = models.CharField(
        "acto administrativo",
        max_length=150,
        help_text="La ley permite al municipio cerrar por decreto o resolución; registre aquí "
        "el número del acto. Ejemplo: Decreto 045 de 2026. Los festivos nacionales ya están "
        "incluidos; no los agregue.",
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = "día no hábil municipal"
        verbose_name_plural = "días no hábiles municipales"

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.name}"


def non_working_days(years) -> dict[datetime.date, str]:
    """National holidays plus municipal closures for `years`, with names (one query)."""
    days = deadlines.colombian_holidays(years)
    years = list(years)
    for day in NonWorkingDay.objects.filter(date__year__gte=min(years), date__year__lte=max(years)):
        days[day.date] = f"{day.name} ({day.act})"
    return days


def non_working_days_around(start: datetime.date, term_days: int = 30):
    return non_working_days(deadlines.years_spanned(start, term_days))


class FilingCounter(models.Model):
    """The last radicado number given in a year; its row is locked while a request is filed."""

    year = models.PositiveIntegerField("año", primary_key=True)
    last_number = models.PositiveIntegerField("último número", default=0)

    class Meta:
        verbose_name = "consecutivo de radicación"
        verbose_name_plural = "consecutivos de radicación"

    def __str__(self):
        return f"{self.year}: {self.last_number}"


# The order of the public report's list of requests: by filing date, then radicado.
REQUEST_ORDER = ["filed_on", "year", "number"]

# What the statistics and the public report count requests by: office, entity addressed,
# type, status, channel and legal ground of a denial (pqrsd/stats.py, the index of Request, and
# the PostgreSQL statistics of migration 0014 on how many groups they form).
REPORT_GROUPS = [
    "office_id",
    "addressee_entity_id",
    "request_type",
    "status",
    "channel",
    "denial_ground",
]


def overdue_condition(today):
    """Open requests whose due date has passed (a paused term is not overdue)."""
    return Q(status__in=OPEN_STATUSES, due_date__lt=today) & ~Q(
        status=RequestStatus.AWAITING_COMPLETION
    )


class RequestQuerySet(models.QuerySet):
    def open(self):
        """Requests not yet answered or closed."""
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today):
        return self.filter(overdue_condition(today))

    def due_soon(self, today, limit):
        """Open requests due between today and `limit` (inclusive)."""
        return self.open().filter(due_date__gte=today, due_date__lte=limit)

    def referral_pending(self):
        """Open requests staff marked as not ours, still to be referred (Ley 1755 art. 21)."""
        return self.open().filter(not_competent_on__isnull=False)

    def accepted_by_silence(self, today):
        """
        Requests for documents not answered within their term (art. 14 num. 1): deemed
        accepted, the copies are due 3 business days later. A paused term does not run.
        """
        return (
            self.open()
            .filter(request_type=RequestType.INFORMACION, due_date__lt=today)
            .exclude(status=RequestStatus.AWAITING_COMPLETION)
        )

    def prioritised(self):
        """Requests with a priority reason (Ley 1755 art. 20)."""
        return self.exclude(priority_reason="")

    def visible_to(self, user):
        """
        What a staff user may see: everything for superusers and the Correspondencia and
        Protección de datos personales groups, otherwise only the requests of their office.
        """
        if user.is_superuser or group_names(user) & SEE_ALL_GROUPS:
            return self
        profile = getattr(user, "staff_profile", None)
        if profile is None:
            return self.none()
        return self.filter(office_id=profile.office_id)


class Request(models.Model):
    """A PQRSD: what a citizen files, with its radicado, legal due date and answer."""

    class PersonKind(models.TextChoices):
        NATURAL = "natural", "Persona natural"
        LEGAL = "juridica", "Persona jurídica (empresa, asociación, junta)"

    class DocumentType(models.TextChoices):
        CC = "CC", "Cédula de ciudadanía"
        TI = "TI", "Tarjeta de identidad"
        CE = "CE", "Cédula de extranjería"
        PPT = "PPT", "Permiso por protección temporal"
        PA = "PA", "Pasaporte"
        NIT = "NIT", "NIT"
        RC = "RC", "Registro civil"

    class AnswerChannel(models.TextChoices):
        EMAIL = "correo", "Correo electrónico"
        POSTAL = "fisica", "Dirección física (correspondencia)"
        PICKUP = "ventanilla", "La recojo en la ventanilla de la Alcaldía"
        PORTAL = "portal", "La consulto en el portal con mi código"

    year = models.PositiveIntegerField("año", editable=False)
    number = models.PositiveIntegerField("número", editable=False)
    radicado = models.CharField("radicado", max_length=20, unique=True, editable=False)
    tracking_code_hash = models.CharField(max_length=64, editable=False)
    submission_key = models.CharField(max_length=64, unique=True, null=True, editable=False)

    request_type = models.CharField("tipo", max_length=20, choices=RequestType.choices)
    subject = models.CharField("asunto", max_length=200)
    description = models.TextField("descripción")
    channel = models.CharField(
        "canal de recepción", max_length=12, choices=Channel.choices, default=Channel.WEB
    )
    addressee_entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entidad a la que se dirige",
    )
    addressee_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dependencia a la que se dirige",
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pqrsd_requests",
        verbose_name="dependencia responsable",
    )

    is_anonymous = models.BooleanField("anónima", default=False)
    person_kind = models.CharField(
        "tipo de persona", max_length=10, choices=PersonKind.choices, blank=True
    )
    document_type = models.CharField(
        "tipo de documento", max_length=4, choices=DocumentType.choices, blank=True
    )
    document_number = models.CharField("número de documento", max_length=20, blank=True)
    name = models.CharField("nombre o razón social", max_length=150, blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    phone = models.CharField("teléfono", max_length=30, blank=True)
    address = models.CharField("dirección", max_length=200, blank=True)
    answer_channel = models.CharField(
        "medio de respuesta preferido",
        max_length=12,
        choices=AnswerChannel.choices,
        default=AnswerChannel.PORTAL,
    )
    data_consent_at = models.DateTimeField("autorizó el tratamiento de datos", null=True)
    # Set when the retention period ended and the person's data went (pqrsd/data_rights.py).
    anonymised_at = models.DateTimeField(
        "datos personales anonimizados el", null=True, blank=True, editable=False
    )

    status = models.CharField(
        "estado", max_length=15, choices=RequestStatus.choices, default=RequestStatus.FILED
    )
    filed_at = models.DateTimeField("radicada el", default=timezone.now)
    filed_on = models.DateField("fecha de radicación")
    received_on = models.DateField("fecha de recibo para el término")
    term_days = models.PositiveSmallIntegerField("término (días hábiles)")
    original_due_date = models.DateField("vencimiento inicial")
    due_date = models.DateField("vence el")
    extended_at = models.DateTimeField("prorrogada el", null=True, blank=True)
    extension_reason = models.TextField("motivo de la prórroga", blank=True)
    completion_requested_on = models.DateField("se pidió completar el", null=True, blank=True)
    # Art. 17 (pqrsd/completion.py): the last day to complete, and the citizen's one extension.
    completion_deadline = models.DateField("plazo para completar", null=True, blank=True)
    completion_extended_at = models.DateTimeField(
        "el ciudadano pidió prórroga para completar el", null=True, blank=True
    )
    answered_at = models.DateTimeField("respondida el", null=True, blank=True)
    answered_on = models.DateField("fecha de respuesta", null=True, blank=True)
    answer = models.TextField("respuesta", blank=True)
    response_business_days = models.PositiveSmallIntegerField(
        "días hábiles que tomó la respuesta", null=True, blank=True, editable=False
    )
    answered_on_time = models.BooleanField("respondida a tiempo", null=True, editable=False)
    closed_at = models.DateTimeField("cerrada el", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="radicada por",
    )
    # Ley 1755 art. 20: declared by the citizen on the form or set by staff.
    priority_reason = models.CharField(
        "atención prioritaria", max_length=20, choices=PriorityReason.choices, blank=True
    )
    # Ley 1755 art. 21: referral to the competent authority within 5 business days of receipt.
    not_competent_on = models.DateField("marcada como no competente el", null=True, blank=True)
    referral_due_date = models.DateField("plazo para trasladar", null=True, blank=True)
    referred_to = models.ForeignKey(
        CompetentAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="autoridad de la lista",
    )
    referred_to_name = models.CharField("trasladada a", max_length=200, blank=True)
    referred_to_email = models.EmailField("correo de la autoridad", blank=True)
    referral_reason = models.TextField("motivo del traslado", blank=True)
    referred_at = models.DateTimeField("trasladada el", null=True, blank=True)
    # Decreto 1081 de 2015 art. 2.1.1.6.2: the report counts denials of access, with the ground.
    denial_ground = models.CharField(
        "fundamento de la negación del acceso",
        max_length=8,
        choices=DenialGround.choices,
        blank=True,
        help_text="Solo si la respuesta negó, total o parcialmente, el acceso a la información "
        "(Ley 1712 de 2014, arts. 18 y 19). Vacío: no se negó.",
    )
    denial_partial = models.BooleanField("negación parcial", default=False)
    denial_reason = models.TextField("motivación de la negación", blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "solicitud PQRSD"
        verbose_name_plural = "solicitudes PQRSD"
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="pqrsd_radicado_per_year"),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("filed_on")),
                name="pqrsd_due_after_filing",
                violation_error_message="El vencimiento no puede ser anterior a la radicación.",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "due_date"]),
            # The public report lists requests in this order, a page or a file at a time: the
            # pages are counted and chosen from this index alone (pqrsd/stats.py).
            models.Index(fields=REQUEST_ORDER, include=["id"], name="pqrsd_request_filing_order"),
            models.Index(fields=["due_date", "id"], name="pqrsd_request_inbox_order"),
            # The statistics and the public report group every request by these columns and
            # count with the included ones: PostgreSQL reads this index alone, in group order,
            # instead of the whole table (pqrsd/stats.py).
            models.Index(
                fields=REPORT_GROUPS,
                include=[
                    "id",
                    "filed_on",
                    "due_date",
                    "answered_on",
                    "answered_on_time",
                    "response_business_days",
                    "referred_at",
                ],
                name="pqrsd_request_report",
            ),
            # The open-data catalogue dates the PQRSD datasets by the newest filing, answer or
            # closing (guzman_portal/datasets.py): each read from the end of its index.
            models.Index(fields=["filed_at"]),
            models.Index(fields=["answered_at"]),
            models.Index(fields=["closed_at"]),
        ]

    def __str__(self):
        return f"{self.radicado} — {self.subject}"

    def save(self, *args, **kwargs):
        self.radicado = format_radicado(self.year, self.number)
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def get_request_type_help(self):
        return TYPE_HELP.get(self.request_type, "")


class StatusChange(models.Model):
    """One entry of a request's history: who did what, and when."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="history", verbose_name="solicitud"
    )
    status = models.CharField("estado", max_length=15, choices=RequestStatus.choices)
    created_at = models.DateTimeField("fecha", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="funcionario",
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dependencia",
    )
    public_note = models.TextField("nota para el ciudadano", blank=True)
    internal_note = models.TextField("nota interna", blank=True)
    # What the citizen sent when completing the request online (pqrsd/completion.py).
    citizen_text = models.TextField("información aportada por el ciudadano", blank=True)
    submission_key = models.CharField(max_length=64, unique=True, null=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "cambio de estado"
        verbose_name_plural = "historial"

    def __str__(self):
        return f"{self.get_status_display()} ({timezone.localtime(self.created_at):%d/%m/%Y})"


class Attachment(models.Model):
    """A file of a request or of its answer, kept in private storage."""

    class Kind(models.TextChoices):
        REQUEST = "solicitud", "Adjunto de la solicitud"
        ANSWER = "respuesta", "Adjunto de la respuesta"
        COMPLETION = "aporte", "Adjunto con que el ciudadano completó la solicitud"
        TRANSLATION = "traduccion", "Traducción al castellano"

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="attachments", verbose_name="solicitud"
    )
    kind = models.CharField("tipo", max_length=10, choices=Kind.choices, default=Kind.REQUEST)
    file = models.FileField("archivo", upload_to="pqrsd/%Y/%m/", storage=get_private_storage)
    original_name = models.CharField("nombre original", max_length=150)
    content_type = models.CharField("tipo de contenido", max_length=100)
    size = models.PositiveIntegerField("tamaño (bytes)")
    uploaded_at = models.DateTimeField("subido", default=timezone.now)
    status_change = models.ForeignKey(
        StatusChange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name="entrada del historial",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "adjunto"
        verbose_name_plural = "adjuntos"

    def __str__(self):
        return self.original_name


class AnswerTemplate(models.Model):
    """A reusable answer text for a type of request."""

    request_type = models.CharField("tipo", max_length=20, choices=RequestType.choices)
    title = models.CharField("nombre", max_length=150)
    body = models.TextField(
        "texto",
        help_text="Puede usar {nombre}, {radicado} y {fecha} y se reemplazan al responder.",
    )

    class Meta:
        ordering = ["request_type", "title"]
        verbose_name = "plantilla de respuesta"
        verbose_name_plural = "plantillas de respuesta"

    def __str__(self):
        return f"{self.get_request_type_display()}: {self.title}"


# --- Verbal petitions and native languages (Decreto 1166 de 2016; Ley 1381 de 2010) ---


class NativeLanguage(models.Model):
    """A native language a petition may be made in; the list ships with Putumayo's and is editable."""

    name = models.CharField(
        "nombre", max_length=100, unique=True, help_text="Ejemplo: Inga, Kamëntšá, Nasa yuwe"
    )
    people = models.CharField(
        "pueblo", max_length=150, blank=True, help_text="Ejemplo: pueblo Nasa (Páez)"
    )
    verified = models.BooleanField(
        "confirmada en el municipio",
        default=False,
        help_text="Márquela cuando la Secretaría de Gobierno confirme que hay hablantes en el "
        "municipio o el departamento.",
    )
    active = models.BooleanField("en la lista", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "lengua nativa"
        verbose_name_plural = "lenguas nativas"

    def __str__(self):
        return self.name


class VerbalPetition(models.Model):
    """The record (constancia) of a petition made in person or by phone and radicated by staff."""

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, related_name="verbal", verbose_name="solicitud"
    )
    stated_at = models.DateTimeField(
        "fecha y hora de la petición",
        help_text="Cuándo habló el ciudadano; el término se cuenta desde esta hora.",
    )
    facts = models.TextField("hechos, como los contó el ciudadano", blank=True)
    radicado_given = models.BooleanField("se le entregó el radicado en el momento", default=True)
    language = models.ForeignKey(
        NativeLanguage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lengua nativa",
    )
    interpreter = models.CharField("intérprete o traductor", max_length=150, blank=True)
    recorded_at = models.DateTimeField("registrada en el portal", default=timezone.now)

    class Meta:
        verbose_name = "petición verbal"
        verbose_name_plural = "peticiones verbales"

    def __str__(self):
        return f"Petición verbal {self.request.radicado}"


# --- Electronic notification (CPACA art. 56, as amended by Ley 2080 de 2021 art. 10) ---


class NotificationConsent(models.Model):
    """One acceptance or revocation of electronic notification; the latest one is in force."""

    class Source(models.TextChoices):
        FORM = "formulario", "Formulario de radicación"
        TRACKING = "consulta", "Página de consulta"
        STAFF = "ventanilla", "Registrada por un funcionario"

    request = models.ForeignKey(
        Request,
        on_delete=models.CASCADE,
        related_name="notification_consents",
        verbose_name="solicitud",
    )
    accepted = models.BooleanField("acepta la notificación electrónica")
    email = models.EmailField("correo para notificar", blank=True)
    source = models.CharField("dónde", max_length=12, choices=Source.choices)
    text_version = models.CharField("versión del texto aceptado", max_length=20)
    created_at = models.DateTimeField("fecha y hora", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "autorización de notificación electrónica"
        verbose_name_plural = "autorizaciones de notificación electrónica"

    def __str__(self):
        verb = "Aceptó" if self.accepted else "Revocó"
        return f"{verb} el {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"


class AnswerNotification(models.Model):
    """How an answer was made available and when the citizen first opened it (the constancia)."""

    class Via(models.TextChoices):
        TRACKING = "consulta", "Página de consulta con radicado y código"
        LINK = "enlace", "Enlace firmado del correo de notificación"

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, related_name="notification", verbose_name="solicitud"
    )
    available_at = models.DateTimeField("respuesta disponible desde")
    electronic = models.BooleanField("con autorización de notificación electrónica")
    email = models.EmailField("correo de notificación", blank=True)
    email_subject = models.CharField("asunto del correo", max_length=200, blank=True)
    answer_sha256 = models.CharField("huella SHA-256 de la respuesta", max_length=64)
    first_opened_at = models.DateTimeField("abierta por primera vez", null=True, blank=True)
    first_opened_via = models.CharField(
        "abierta desde", max_length=10, choices=Via.choices, blank=True
    )

    class Meta:
        verbose_name = "notificación de la respuesta"
        verbose_name_plural = "notificaciones de respuestas"

    def __str__(self):
        return f"Notificación {self.request.radicado}"
