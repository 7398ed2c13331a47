"""Staff forms of verbal petitions (Decreto 1166 de 2016): filing one, attaching a translation."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .forms import MultipleFileField, StaffFilingForm, validate_uploads
from .models import Channel, NativeLanguage, Request

# A verbal petition is radicated at once (Decreto 1166 art. 2.2.3.12.3); this window only
# covers typing it after the call or the visit, never backdating it by days.
MAX_DELAY = datetime.timedelta(hours=24)
CLOCK_SKEW = datetime.timedelta(minutes=5)
VERBAL_CHANNELS = [
    (Channel.IN_PERSON.value, "Presencial (en la ventanilla o la oficina)"),
    (Channel.PHONE.value, "Telefónica (o cualquier medio que transmita la voz)"),
]


class TranslationField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_uploads([upload])
        return upload


class VerbalFilingForm(StaffFilingForm):
    """What the official writes down while the citizen speaks, in their words."""

    stated_at = forms.DateTimeField(
        label="Fecha y hora de la petición",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        required=False,
        help_text="Cuándo habló el ciudadano (hora de Colombia). Si la deja vacía, ahora.",
        error_messages={"invalid": "Escriba la fecha y la hora, por ejemplo 02/12/2026 09:30."},
    )
    facts = forms.CharField(
        label="Hechos y razones, como los contó el ciudadano",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Escriba los hechos que contó el ciudadano."},
    )
    radicado_given = forms.BooleanField(
        label="Se le entregó el radicado en el momento",
        required=False,
        initial=True,
        help_text="Si la llamada se cortó o el ciudadano se fue antes, desmárquelo: el "
        "radicado se le envía por correo o se le da cuando vuelva a llamar.",
    )
    language = forms.ModelChoiceField(
        label="Lengua en que se hizo la petición",
        queryset=NativeLanguage.objects.filter(active=True),
        required=False,
        empty_label="Castellano",
        error_messages={"invalid_choice": "Elija una lengua de la lista."},
        help_text="Ley 1381 de 2010: quien habla una lengua nativa puede pedir en ella. La "
        "lista se edita en «Lenguas nativas».",
    )
    interpreter = forms.CharField(
        label="Intérprete o traductor (si lo hubo)", max_length=150, required=False
    )
    translation = TranslationField(
        label="Traducción al castellano (si ya existe)",
        required=False,
        help_text="Un archivo PDF, Word o texto. Si llega después, adjúntela desde la solicitud.",
    )
    attachments = MultipleFileField(label="Documentos que entregó (opcional)", required=False)

    field_order = [
        "channel",
        "stated_at",
        "request_type",
        "language",
        "interpreter",
        "subject",
        "description",
        "facts",
        "attachments",
        "translation",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = VERBAL_CHANNELS
        self.fields["channel"].label = "Canal de la petición verbal"
        self.fields["description"].label = "Lo que pide el ciudadano, como lo dijo"
        self.fields["description"].help_text = "El objeto de la petición."
        self.fields["description"].error_messages["required"] = "Escriba lo que pide."
        self.fields["e_notification"].label = (
            "El ciudadano acepta que la respuesta se le notifique electrónicamente, a su correo "
            "(léale el texto: la notificación queda hecha cuando abra la respuesta; puede "
            "revocarlo cuando quiera)"
        )
        if not self.is_bound:
            self.initial.setdefault("stated_at", timezone.localtime().replace(second=0))
            self.initial.setdefault("answer_channel", Request.AnswerChannel.PICKUP)

    def clean_stated_at(self):
        stated_at = self.cleaned_data["stated_at"]
        now = timezone.now()
        if stated_at is None:
            return now
        if stated_at > now + CLOCK_SKEW:
            raise ValidationError("La hora de la petición no puede ser futura.", code="future")
        if stated_at < now - MAX_DELAY:
            raise ValidationError(
                "La petición verbal se radica en el momento: la hora no puede ser de hace más "
                "de 24 horas.",
                code="too_old",
            )
        return min(stated_at, now)

    def clean(self):
        data = super().clean()
        if data.get("translation") and not data.get("language"):
            self.add_error(
                "translation",
                ValidationError(
                    "La traducción se adjunta solo a peticiones hechas en una lengua nativa: "
                    "elija la lengua.",
                    code="translation_without_language",
                ),
            )
        return data

    def verbal_data(self):
        keys = ("channel", "stated_at", "facts", "radicado_given", "language", "interpreter")
        return {key: self.cleaned_data[key] for key in keys}

    def request_data(self):
        data = super().request_data()
        for key in ("channel", "stated_at", "facts", "radicado_given", "language"):
            data.pop(key, None)
        for key in ("interpreter", "translation"):
            data.pop(key, None)
        return data


class TranslationForm(forms.Form):
    translation = TranslationField(
        label="Traducción al castellano",
        help_text="Un archivo PDF, Word o texto.",
        error_messages={"required": "Elija el archivo de la traducción."},
    )
    interpreter = forms.CharField(label="Intérprete o traductor", max_length=150, required=False)


class StaffConsentForm(forms.Form):
    """A consent or revocation the citizen gave in person or by phone, recorded by staff."""

    accept = forms.TypedChoiceField(
        label="El ciudadano",
        choices=[
            ("1", "Acepta la notificación electrónica"),
            ("0", "Revoca la notificación electrónica"),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "Elija si acepta o revoca."},
    )
    email = forms.EmailField(
        label="Correo para notificar",
        required=False,
        max_length=254,
        help_text="Si lo deja vacío, el correo de la solicitud.",
        error_messages={"invalid": "Escriba un correo válido, por ejemplo nombre@correo.com."},
    )
