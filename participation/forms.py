import hashlib

from django import forms

from portal.antispam import AntiSpamMixin

from .models import Article, Comment, Question

MAX_ANSWER_CHARS = 2000
MAX_COMMENT_CHARS = 5000


class HoneypotMixin:
    """
    A field people never see (it is off screen and skipped by the keyboard) but form-filling
    bots do. A submission that fills it is treated as received and silently dropped.
    """

    honeypot_name = "sitio_web"

    def add_honeypot(self):
        self.fields[self.honeypot_name] = forms.CharField(
            label="Deje este campo vacío",
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def is_bot(self):
        return bool(self.data.get(self.honeypot_name))


class SurveyAnswerForm(HoneypotMixin, forms.Form):
    """One field per question of the survey: `pregunta_<id>`."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.field_name(question)] = self.field_for(question)
        self.add_honeypot()

    @staticmethod
    def field_name(question):
        return f"pregunta_{question.pk}"

    @staticmethod
    def field_for(question):
        messages = {"required": "Responda esta pregunta."}
        options = [(str(choice.pk), choice.text) for choice in question.choices.all()]
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                label=question.text,
                choices=options,
                required=question.required,
                widget=forms.RadioSelect,
                error_messages={**messages, "invalid_choice": "Elija una de las opciones."},
            )
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=question.text,
                choices=options,
                required=question.required,
                widget=forms.CheckboxSelectMultiple,
                help_text="Puede marcar varias opciones.",
                error_messages={**messages, "invalid_choice": "Elija entre las opciones dadas."},
            )
        return forms.CharField(
            label=question.text,
            required=question.required,
            max_length=MAX_ANSWER_CHARS,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=f"Hasta {MAX_ANSWER_CHARS} caracteres.",
            error_messages={
                **messages,
                "max_length": "Su respuesta es muy larga: use máximo %(limit_value)d caracteres "
                "(tiene %(show_value)d).",
            },
        )

    def answers(self):
        """(question, choice_id or None, text) for every answer given, in question order."""
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if not value:
                continue
            if question.kind == Question.Kind.SINGLE:
                yield question, int(value), ""
            elif question.kind == Question.Kind.MULTIPLE:
                for choice_id in value:
                    yield question, int(choice_id), ""
            else:
                yield question, None, value

    def bound_questions(self):
        """Bound fields of the questions, without the honeypot, for the template."""
        return [self[self.field_name(question)] for question in self.questions]


class CommentForm(HoneypotMixin, AntiSpamMixin, forms.ModelForm):
    consent = forms.BooleanField(
        widget=forms.CheckboxInput(attrs={"data-sede": "data-authorisation"}),
        label="Autorizo el tratamiento de mis datos personales para gestionar este comentario.",
        help_text="Su nombre se publica con el comentario; su correo no se publica "
        "(Ley 1581 de 2012).",
        error_messages={"required": "Sin esta autorización no podemos recibir su comentario."},
    )

    class Meta:
        model = Comment
        fields = ["article", "text", "name", "email"]
        labels = {
            "article": "¿Sobre qué parte del proyecto comenta?",
            "text": "Su comentario",
            "name": "Nombre completo",
            "email": "Correo electrónico",
        }
        help_texts = {
            "article": "",
            "text": f"Hasta {MAX_COMMENT_CHARS} caracteres. Si propone otra redacción, escríbala.",
            "email": "Para enviarle la respuesta de la entidad. No se publica.",
        }
        error_messages = {
            "text": {
                "required": "Escriba su comentario.",
                "max_length": "El comentario es muy largo: use máximo %(limit_value)d caracteres "
                "(tiene %(show_value)d).",
            },
            "name": {
                "required": "Escriba su nombre.",
                "max_length": "El nombre es muy largo: use máximo %(limit_value)d caracteres.",
            },
            "email": {
                "required": "Escriba su correo electrónico.",
                "invalid": "Escriba un correo válido, por ejemplo nombre@correo.com.",
            },
            "article": {"invalid_choice": "Elija un artículo de la lista."},
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6, "maxlength": MAX_COMMENT_CHARS}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, draft, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        article_field = self.fields["article"]
        article_field.queryset = Article.objects.filter(draft=draft)
        article_field.empty_label = "Todo el documento"
        # The articles are already loaded by the view: list them without another query.
        article_field.choices = [("", "Todo el documento")] + [
            (article.pk, str(article)) for article in articles
        ]
        self.fields["text"].max_length = MAX_COMMENT_CHARS
        self.add_honeypot()

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Escriba su comentario.", code="required")
        return text

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def save(self, commit=True):
        comment = super().save(commit=False)
        comment.draft = self.draft
        comment.fingerprint = comment_fingerprint(
            self.draft.pk, comment.article_id, comment.email, comment.text
        )
        if commit:
            comment.save()
        return comment


def comment_fingerprint(draft_id, article_id, email: str, text: str) -> str:
    """The same person sending the same text on the same part twice gives the same value."""
    normalised = " ".join(text.split()).casefold()
    raw = f"{draft_id}|{article_id or ''}|{email.strip().casefold()}|{normalised}"
    return hashlib.sha256(raw.encode()).hexdigest()
