"""Forms of the completion step (art. 17): the citizen's answer, their extension, the staff act."""

import re

from django import forms
from django.core.exceptions import ValidationError

from portal.antispam import AntiSpamMixin

from .forms import ALLOWED_FORMATS, MAX_FILE_MB, MAX_FILES, MultipleFileField

MAX_TEXT = 10000


class CitizenCompletionForm(AntiSpamMixin, forms.Form):
    """What the citizen sends to complete the request: text, files or both."""

    text = forms.CharField(
        label="Información que le pedimos",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Escriba lo que le pedimos. Máximo 10.000 caracteres.",
        error_messages={
            "max_length": "El texto es muy largo: máximo %(limit_value)d caracteres (escribió "
            "%(show_value)d). Acórtelo o adjúntelo como archivo."
        },
    )
    attachments = MultipleFileField(
        label="Documentos (opcional)",
        required=False,
        help_text=f"Hasta {MAX_FILES} archivos de máximo {MAX_FILE_MB} MB cada uno: "
        f"{ALLOWED_FORMATS}.",
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(label="No llene este campo", required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        return token if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token) else ""

    def clean_text(self):
        return self.cleaned_data["text"].replace("\x00", "").strip()

    def clean(self):
        data = super().clean()
        if (
            not data.get("text")
            and not data.get("attachments")
            and "text" not in self.errors
            and "attachments" not in self.errors
        ):
            self.add_error(
                "text",
                ValidationError(
                    "Escriba la información que le pedimos o adjunte al menos un archivo.",
                    code="empty",
                ),
            )
        return data


class CompletionExtensionForm(AntiSpamMixin, forms.Form):
    """The one extension of the window to complete: a button, with the anti-spam check."""

    website = forms.CharField(label="No llene este campo", required=False)


class WithdrawalForm(forms.Form):
    """The staff act that declares the desistimiento tácito."""

    act_reference = forms.CharField(
        label="Acto administrativo (opcional)",
        max_length=150,
        required=False,
        help_text="Ejemplo: Resolución 123 del 2 de diciembre de 2026.",
    )
    motivation = forms.CharField(
        label="Motivación (se notifica al ciudadano)",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        error_messages={"required": "Escriba la motivación del acto."},
    )
