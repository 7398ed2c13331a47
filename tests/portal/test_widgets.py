"""
portal.widgets.FormRenderer writes fields and widgets without templates: the markup must be
exactly what Django's own templates write, for every kind of field and every form state.
"""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from participation.forms import CommentForm, SurveyAnswerForm
from participation.models import Question
from portal.forms import DirectoryFilterForm, DocumentFilterForm
from portal.widgets import WRITERS, FormRenderer
from pqrsd.forms import (
    AnswerForm,
    AssignForm,
    CompletionForm,
    ExtendForm,
    NoteForm,
    RequestForm,
    TrackForm,
)
from search.forms import SearchForm
from tests.participation.factories import make_draft, make_survey
from tramites.forms import CatalogueFilterForm

GROUPED_CHOICES = [
    ("", "Todas"),
    ("alcaldia", "Alcaldía <de> Puerto Guzmán"),
    ("Órganos de control", [("personeria", "Personería"), (3, "Concejo & mesa")]),
]


class StoredFile:
    """What a form gets as the initial value of a file field: a name and an address."""

    url = "/media/actas/acta <1>.pdf"

    def __str__(self):
        return "actas/acta <1>.pdf"


class EveryWidgetForm(forms.Form):
    """One field of each widget the renderer writes itself, with the odd cases."""

    name = forms.CharField(label="Nombre", help_text="Como en su <b>documento</b>.", max_length=20)
    email = forms.EmailField(label="Correo electrónico:", required=False)
    age = forms.IntegerField(label="Edad", required=False, min_value=0, initial=1000)
    price = forms.DecimalField(label="Valor", required=False, initial="1234.5")
    website = forms.URLField(label="Sitio", required=False)
    password = forms.CharField(label="Clave", required=False, widget=forms.PasswordInput)
    born = forms.DateField(label="Nació", required=False, widget=forms.DateInput({"type": "date"}))
    at = forms.DateTimeField(label="Hora", required=False)
    phone = forms.CharField(
        label="Teléfono", required=False, widget=forms.TextInput({"type": "tel", "readonly": True})
    )
    query = forms.CharField(
        label=mark_safe("Buscar <em>todo</em>"),
        required=False,
        widget=forms.TextInput({"type": "search", "placeholder": 'Ej. "licencia" & más'}),
    )
    text = forms.CharField(label="Texto", required=False, widget=forms.Textarea({"rows": 3}))
    consent = forms.BooleanField(label="Autorizo")
    token = forms.CharField(widget=forms.HiddenInput, required=False, initial="a&b")
    entity = forms.ChoiceField(label="Entidad", choices=GROUPED_CHOICES, required=False)
    entities = forms.MultipleChoiceField(
        label="Entidades",
        choices=GROUPED_CHOICES,
        required=False,
        widget=forms.SelectMultiple,
    )
    kind = forms.ChoiceField(
        label="¿Qué desea hacer?",
        choices=[("a", "Pedir"), ("b", "Quejarse <ya>")],
        widget=forms.RadioSelect,
        help_text="Elija una.",
    )
    grouped = forms.ChoiceField(
        label="Agrupadas", choices=GROUPED_CHOICES, widget=forms.RadioSelect(), required=False
    )
    topics = forms.MultipleChoiceField(
        label="Temas",
        choices=[(1, "Vías"), (2, "Agua")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "opciones"}),
        required=False,
    )
    unlabelled = forms.CharField(label="", required=False)
    upload = forms.FileField(label="Archivo", required=False)
    document = forms.FileField(label="Documento", required=False, widget=forms.FileInput)
    replaced = forms.FileField(label="Reemplazar", required=False, initial=StoredFile())
    kept = forms.FileField(label="Acta", initial=StoredFile())


EVERY_WIDGET_DATA = [
    None,
    {},
    {
        "name": 'Ana "la" <b> 🌳' * 3,
        "email": "no",
        "age": "-3",
        "price": "x",
        "website": "javascript:alert(1)",
        "born": "x",
        "at": "2026-13-40",
        "text": "</textarea><script>alert(1)</script>\nSegunda línea",
        "consent": "on",
        "entity": "no-existe",
        "entities": ["alcaldia", "3", "<x>"],
        "kind": "c",
        "topics": ["2", "9"],
    },
    {
        "name": "Ana",
        "email": "a@b.co",
        "age": "3",
        "consent": "on",
        "token": "t",
        "kind": "a",
        "entity": "3",
        "grouped": "personeria",
        "topics": ["1", "2"],
    },
]


def assert_rendered_alike(make_form):
    ours, djangos = make_form(FormRenderer()), make_form(DjangoTemplates())
    assert str(ours) == str(djangos)
    for name in djangos.fields:
        assert ours[name].as_field_group() == djangos[name].as_field_group(), name
        assert str(ours[name]) == str(djangos[name]), name
        assert ours[name].label_tag() == djangos[name].label_tag(), name
        assert ours[name].legend_tag() == djangos[name].legend_tag(), name
    assert str(ours.non_field_errors()) == str(djangos.non_field_errors())


@pytest.mark.parametrize("data", EVERY_WIDGET_DATA)
def test_every_widget_is_written_as_djangos_templates_write_it(data):
    upload = {"upload": SimpleUploadedFile("acta.pdf", b"%PDF-1.4")} if data else None

    def make_form(renderer):
        form = EveryWidgetForm(data, upload, renderer=renderer)
        form.is_valid()
        if data:
            form.add_error(None, "Algo <falló> en el formulario.")
        return form

    assert_rendered_alike(make_form)


def test_the_writers_cover_the_portals_widgets():
    """Without a writer a field would still render, only through templates: slowly."""
    rendered = set()

    class Recording(FormRenderer):
        def write(self, template_name, context, request=None):
            rendered.add(template_name)
            return super().write(template_name, context, request)

    form = EveryWidgetForm({"name": ""}, renderer=Recording())
    form.is_valid()
    for name in form.fields:
        form[name].as_field_group()
    assert rendered <= set(WRITERS)
    assert "django/forms/field.html" in rendered


PUBLIC_FORMS = {
    "pqrsd": lambda data, renderer: RequestForm(data, renderer=renderer),
    "pqrsd-track": lambda data, renderer: TrackForm(data, renderer=renderer),
    "search": lambda data, renderer: SearchForm(data, renderer=renderer),
    "catalogue": lambda data, renderer: CatalogueFilterForm(data, renderer=renderer),
    "documents": lambda data, renderer: DocumentFilterForm(data, renderer=renderer),
    "directory": lambda data, renderer: DirectoryFilterForm(data, renderer=renderer),
    "assign": lambda data, renderer: AssignForm(data, renderer=renderer),
    "extend": lambda data, renderer: ExtendForm(data, renderer=renderer),
    "completion": lambda data, renderer: CompletionForm(data, renderer=renderer),
    "note": lambda data, renderer: NoteForm(data, renderer=renderer),
    "answer": lambda data, renderer: AnswerForm(data, renderer=renderer),
}
NASTY = {
    "request_type": "<script>",
    "subject": "Vía 🌳 <b>rota</b> & más",
    "addressee_entity": "999",
    "addressee_office": "x",
    "email": "@@",
    "person_kind": "otro",
    "radicado": "PQRSD-2026-<x>",
    "q": '"licencia" <i>',
    "entidad": "no-existe",
    "anio": "dos mil",
}


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {}, NASTY], ids=["unbound", "empty", "nasty"])
@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_the_portals_forms_are_written_as_djangos_templates_write_them(name, data):
    def make_form(renderer):
        form = PUBLIC_FORMS[name](data, renderer)
        form.is_valid()
        return form

    assert_rendered_alike(make_form)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {}, {"sitio_web": "x"}])
def test_a_survey_is_written_as_djangos_templates_write_it(data):
    survey = make_survey()
    questions = survey.questions.prefetch_related("choices")
    assert {question.kind for question in questions} == set(Question.Kind)

    def make_form(renderer):
        form = SurveyAnswerForm(data, questions=questions, renderer=renderer)
        form.is_valid()
        return form

    assert_rendered_alike(make_form)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {}, {"article": "x", "text": "🌳" * 6000, "email": "@"}])
def test_a_comment_form_is_written_as_djangos_templates_write_it(data):
    draft = make_draft()
    articles = list(draft.articles.all())

    def make_form(renderer):
        form = CommentForm(data, draft=draft, articles=articles, renderer=renderer)
        form.is_valid()
        return form

    assert_rendered_alike(make_form)
