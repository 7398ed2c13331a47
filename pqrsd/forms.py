"""Forms of the PQRSD app: the public filing form, tracking, and the staff action forms."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from portal.antispam import AntiSpamMixin
from portal.models import Entity, Office
from portal.uploads import check_upload

from .models import (
    ANONYMOUS_TYPES,
    PUBLIC_TYPES,
    TYPE_HELP,
    AnswerTemplate,
    Channel,
    CompetentAuthority,
    DenialGround,
    PriorityReason,
    Request,
    RequestType,
)
from .notification import CONSENT_LABEL
from .radicado import parse_radicado

MAX_FILES = 3
MAX_FILE_MB = 10
ALLOWED_FORMATS = "PDF, JPG, PNG, Word (.docx), Excel (.xlsx) o texto (.txt)"

_text = RegexValidator(r"^[^<>{}\x00]*$", "No use los signos < > { } en este campo.", code="chars")


def max_files():
    return getattr(settings, "PQRSD_MAX_FILES", MAX_FILES)


def max_file_mb():
    return getattr(settings, "PQRSD_MAX_FILE_MB", MAX_FILE_MB)


def validate_uploads(uploads):
    """Check the number of files and each one's size and real content; returns them or raises."""
    if len(uploads) > max_files():
        raise ValidationError(
            f"Puede adjuntar como máximo {max_files()} archivos.", code="too_many_files"
        )
    not_valid = (
        f"«%(name)s» no es un archivo válido. Se aceptan {ALLOWED_FORMATS}, y el contenido "
        "debe corresponder a la extensión del nombre."
    )
    messages = {"bad_type": not_valid, "executable": not_valid, "bad_content": not_valid}
    errors = []
    for upload in uploads:
        try:
            check_upload(
                upload,
                extensions={"pdf", "jpg", "jpeg", "png", "docx", "xlsx", "txt"},
                max_mb=max_file_mb(),
                messages=messages,
            )
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return uploads


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        return validate_uploads(files)


class TypeRadioSelect(forms.RadioSelect):
    """The request types, each with its help text, written by one template."""

    template_name = "pqrsd/widgets/type_radio.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = TYPE_HELP.get(str(value), "")
        option["attrs"]["aria-describedby"] = f"ayuda-tipo-{value}"
        return option


class RequestForm(AntiSpamMixin, forms.Form):
    """The public form: one page, every field kept when something is wrong."""

    request_type = forms.ChoiceField(
        label="¿Qué desea hacer?",
        choices=PUBLIC_TYPES,
        widget=TypeRadioSelect,
        error_messages={"required": "Elija el tipo de solicitud."},
    )
    subject = forms.CharField(
        label="Asunto",
        max_length=200,
        validators=[_text],
        help_text="En pocas palabras. Ejemplo: Arreglo de la vía a la vereda El Cedro.",
        error_messages={"required": "Escriba el asunto."},
    )
    description = forms.CharField(
        label="Descripción",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Cuente qué pasó o qué necesita, con fechas y lugares si los conoce. "
        "Máximo 10.000 caracteres.",
        error_messages={"required": "Describa su solicitud."},
    )
    attachments = MultipleFileField(
        label="Adjuntos (opcional)",
        required=False,
        help_text=f"Hasta {MAX_FILES} archivos de máximo {MAX_FILE_MB} MB cada uno: "
        f"{ALLOWED_FORMATS}.",
    )
    addressee_entity = forms.ModelChoiceField(
        label="Entidad a la que se dirige (opcional)",
        queryset=Entity.objects.all(),
        required=False,
        empty_label="No sé / que la Alcaldía la dirija",
        error_messages={"invalid_choice": "Elija una entidad de la lista."},
    )
    addressee_office = forms.ModelChoiceField(
        label="Dependencia (opcional)",
        queryset=Office.objects.select_related("entity"),
        required=False,
        empty_label="No sé",
        error_messages={"invalid_choice": "Elija una dependencia de la lista."},
    )
    is_anonymous = forms.BooleanField(
        label="Quiero hacerla de forma anónima (solo quejas y denuncias)",
        required=False,
        help_text="No le pediremos datos personales. Solo podrá seguirla con el radicado y el "
        "código que le daremos: guárdelos, no podremos enviárselos por correo.",
    )
    person_kind = forms.ChoiceField(
        label="Tipo de persona",
        choices=[("", "Elija…"), *Request.PersonKind.choices],
        required=False,
    )
    document_type = forms.ChoiceField(
        label="Tipo de documento",
        choices=[("", "Elija…"), *Request.DocumentType.choices],
        required=False,
    )
    document_number = forms.CharField(
        label="Número de documento",
        max_length=20,
        required=False,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z.\- ]{3,20}$",
                "Escriba el número con dígitos o letras, sin otros signos.",
                code="document",
            )
        ],
    )
    name = forms.CharField(
        label="Nombres y apellidos o razón social",
        max_length=150,
        required=False,
        validators=[_text],
    )
    email = forms.EmailField(
        label="Correo electrónico",
        required=False,
        max_length=254,
        error_messages={"invalid": "Escriba un correo válido, por ejemplo nombre@correo.com."},
    )
    phone = forms.CharField(
        label="Teléfono o celular",
        max_length=30,
        required=False,
        validators=[
            RegexValidator(
                r"^[0-9+()\- ]{7,30}$",
                "Escriba solo números (puede usar + y espacios).",
                code="phone",
            )
        ],
    )
    address = forms.CharField(
        label="Dirección",
        max_length=200,
        required=False,
        validators=[_text],
        help_text="Ejemplo: Calle 5 # 3-20, Barrio Centro, o vereda y finca.",
    )
    priority_reason = forms.ChoiceField(
        label="¿Tiene derecho a atención prioritaria? (opcional)",
        choices=[("", "No, o prefiero no decirlo"), *PriorityReason.choices],
        required=False,
        help_text="La ley da prioridad a estas personas y situaciones (art. 20 de la Ley 1755 "
        "de 2015). La entidad puede pedirle que lo demuestre.",
        error_messages={"invalid_choice": "Elija una opción de la lista."},
    )
    answer_channel = forms.ChoiceField(
        label="¿Cómo quiere recibir la respuesta?",
        choices=Request.AnswerChannel.choices,
        initial=Request.AnswerChannel.EMAIL,
    )
    e_notification = forms.BooleanField(
        label=CONSENT_LABEL,
        required=False,
        help_text="Necesita un correo electrónico. Si no lo acepta, le entregaremos la respuesta "
        "por el medio que eligió arriba.",
    )
    data_consent = forms.BooleanField(
        widget=forms.CheckboxInput(attrs={"data-sede": "data-authorisation"}),
        label="Autorizo el tratamiento de mis datos personales para responder esta solicitud",
        error_messages={
            "required": "Para radicar su solicitud debe autorizar el tratamiento de sus datos "
            "(si la hace anónima, no guardamos datos personales)."
        },
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(label="No llene este campo", required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_form_token(self):
        # A tampered token is ignored rather than reported: the citizen did not type it.
        token = self.cleaned_data["form_token"]
        return token if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token) else ""

    def clean_description(self):
        return self.cleaned_data["description"].replace("\x00", "").strip()

    def clean(self):
        data = super().clean()
        kind = data.get("request_type")
        if data.get("is_anonymous"):
            if kind and kind not in ANONYMOUS_TYPES:
                self.add_error(
                    "is_anonymous",
                    ValidationError(
                        "Solo las quejas y las denuncias pueden ser anónimas. Escriba sus datos "
                        "o cambie el tipo.",
                        code="anonymous_not_allowed",
                    ),
                )
            if data.get("answer_channel") in (
                Request.AnswerChannel.EMAIL,
                Request.AnswerChannel.POSTAL,
            ):
                data["answer_channel"] = Request.AnswerChannel.PORTAL
        else:
            required = {
                "person_kind": "Elija si es persona natural o jurídica.",
                "document_type": "Elija el tipo de documento.",
                "document_number": "Escriba el número de documento.",
                "name": "Escriba su nombre o la razón social.",
            }
            for field, message in required.items():
                if not data.get(field) and field not in self.errors:
                    self.add_error(field, ValidationError(message, code="required"))
            channel = data.get("answer_channel")
            if (
                channel == Request.AnswerChannel.EMAIL
                and not data.get("email")
                and "email" not in self.errors
            ):
                self.add_error(
                    "email",
                    ValidationError(
                        "Escriba su correo para enviarle la respuesta.", code="required"
                    ),
                )
            if channel == Request.AnswerChannel.POSTAL and not data.get("address"):
                self.add_error(
                    "address",
                    ValidationError(
                        "Escriba la dirección donde enviarle la respuesta.", code="required"
                    ),
                )
        if data.get("e_notification") and "email" not in self.errors:
            if data.get("is_anonymous"):
                self.add_error(
                    "e_notification",
                    ValidationError(
                        "Una solicitud anónima no puede notificarse por correo: consulte la "
                        "respuesta con su radicado y su código.",
                        code="anonymous_notification",
                    ),
                )
            elif not data.get("email"):
                self.add_error(
                    "email",
                    ValidationError(
                        "Escriba su correo para la notificación electrónica.", code="required"
                    ),
                )
        entity, office = data.get("addressee_entity"), data.get("addressee_office")
        if entity and office and office.entity_id != entity.pk:
            self.add_error(
                "addressee_office",
                ValidationError(
                    f"La dependencia «{office.name}» no pertenece a {entity.name}.",
                    code="office_entity",
                ),
            )
        return data

    def request_data(self):
        data = dict(self.cleaned_data)
        for key in ("attachments", "data_consent", "website", "form_token"):
            data.pop(key, None)
        return data


class TrackForm(forms.Form):
    radicado = forms.CharField(
        label="Número de radicado",
        max_length=20,
        help_text="Ejemplo: 2026-000123",
        error_messages={"required": "Escriba el número de radicado."},
    )
    code = forms.CharField(
        label="Código de consulta",
        max_length=40,
        help_text="Lo recibió al radicar, en pantalla y por correo.",
        error_messages={"required": "Escriba el código de consulta."},
    )

    def clean_radicado(self):
        value = self.cleaned_data["radicado"]
        parsed = parse_radicado(value)
        if parsed is None:
            raise ValidationError(
                "El radicado tiene la forma año-número, por ejemplo 2026-000123.", code="format"
            )
        return parsed


# --- Staff action forms (admin) ---


class AssignForm(forms.Form):
    office = forms.ModelChoiceField(
        label="Dependencia", queryset=Office.objects.select_related("entity")
    )
    note = forms.CharField(label="Nota interna", required=False, widget=forms.Textarea)


class ExtendForm(forms.Form):
    new_due_date = forms.DateField(
        label="Nueva fecha de vencimiento",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Máximo el doble del término inicial, en días hábiles.",
    )
    reason = forms.CharField(
        label="Motivo (se informa al ciudadano)", widget=forms.Textarea, max_length=4000
    )


class CompletionForm(forms.Form):
    what_is_missing = forms.CharField(
        label="Qué debe completar el ciudadano", widget=forms.Textarea, max_length=4000
    )


class NoteForm(forms.Form):
    note = forms.CharField(label="Nota", required=False, widget=forms.Textarea, max_length=4000)


class AnswerForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Plantilla (opcional)",
        queryset=AnswerTemplate.objects.none(),
        required=False,
        help_text="Elija una plantilla y pulse «Usar plantilla» para cargar su texto.",
    )
    text = forms.CharField(
        label="Respuesta",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=20000,
    )
    files = MultipleFileField(label="Adjuntos de la respuesta", required=False)
    # Decreto 1081 de 2015 art. 2.1.1.6.2: denials of access are reported with their ground.
    denial_ground = forms.ChoiceField(
        label="¿La respuesta niega el acceso a la información?",
        choices=[("", "No: se entrega la información pedida")] + DenialGround.choices,
        required=False,
        help_text="Elija el fundamento legal solo si niega el acceso, total o parcialmente "
        "(Ley 1712 de 2014, arts. 18 y 19). Cuenta en el informe público de solicitudes.",
    )
    denial_partial = forms.BooleanField(
        label="La negación es parcial (se entrega el resto de la información)", required=False
    )
    denial_reason = forms.CharField(
        label="Motivación de la negación (norma y razones)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, request_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = AnswerTemplate.objects.filter(
            request_type=request_type or RequestType.PETICION
        )

    def clean(self):
        data = super().clean()
        if data.get("denial_ground") and not data.get("denial_reason", "").strip():
            self.add_error(
                "denial_reason",
                ValidationError(
                    "Una negación del acceso debe motivarse: escriba la norma y las razones.",
                    code="denial_without_reason",
                ),
            )
        return data


class StaffFilingForm(RequestForm):
    """Filing on behalf of a citizen who came in person, phoned or wrote on paper."""

    antispam = False  # staff in the admin, not the public

    channel = forms.ChoiceField(label="Canal de recepción", choices=[])
    request_type = forms.ChoiceField(label="Tipo", choices=RequestType.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.WEB]
        self.fields[
            "data_consent"
        ].label = "El ciudadano autorizó el tratamiento de sus datos personales"
        self.fields["request_type"].widget = forms.Select(choices=RequestType.choices)
        del self.fields["website"]


class ReferralForm(forms.Form):
    """Referral to the competent authority (Ley 1755 art. 21)."""

    authority = forms.ModelChoiceField(
        label="Autoridad competente",
        queryset=CompetentAuthority.objects.filter(active=True),
        required=False,
        empty_label="Otra (escríbala abajo)",
        error_messages={"invalid_choice": "Elija una autoridad de la lista."},
    )
    authority_name = forms.CharField(
        label="Otra autoridad",
        max_length=200,
        required=False,
        validators=[_text],
        help_text="Solo si no está en la lista. Ejemplo: Superintendencia de Servicios Públicos.",
    )
    authority_email = forms.EmailField(
        label="Correo de la autoridad",
        required=False,
        help_text="Si la autoridad de la lista ya tiene correo, puede dejarlo vacío.",
        error_messages={"invalid": "Escriba un correo válido, por ejemplo pqrsd@entidad.gov.co."},
    )
    reason = forms.CharField(
        label="Motivo (se informa al ciudadano y a la autoridad)",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Explique por qué no es de nuestra competencia."},
    )


class PriorityForm(forms.Form):
    priority_reason = forms.ChoiceField(
        label="Atención prioritaria",
        choices=[("", "Sin prioridad"), *PriorityReason.choices],
        required=False,
    )
    note = forms.CharField(label="Nota interna", required=False, widget=forms.Textarea)


class NotificationConsentForm(forms.Form):
    """Accept or revoke electronic notification from the tracking page."""

    accept = forms.TypedChoiceField(
        choices=[("1", "Aceptar"), ("0", "Revocar")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages={
            "required": "Elija aceptar o revocar.",
            "invalid_choice": "Elija aceptar o revocar.",
        },
    )
    email = forms.EmailField(
        label="Correo para la notificación",
        required=False,
        max_length=254,
        error_messages={"invalid": "Escriba un correo válido, por ejemplo nombre@correo.com."},
    )
