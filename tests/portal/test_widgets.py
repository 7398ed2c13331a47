"""portal.widgets.Select must write exactly the markup of Django's own select."""

import pytest
from django import forms

from portal.widgets import Select

CHOICES = [
    ("", "Todas"),
    ("alcaldia", "Alcaldía <de> Puerto Guzmán"),
    ("Órganos de control", [("personeria", "Personería"), (3, "Concejo & mesa")]),
]


@pytest.mark.parametrize("value", [None, "alcaldia", "personeria", "3", "no-existe"])
@pytest.mark.parametrize("attrs", [{}, {"aria-invalid": "true", "id": "id_entidad"}])
def test_same_html_as_djangos_select(value, attrs):
    ours = Select(choices=CHOICES).render("entidad", value, attrs=attrs)
    djangos = forms.Select(choices=CHOICES).render("entidad", value, attrs=attrs)
    assert ours == djangos


class SampleForm(forms.Form):
    name = forms.CharField(label="Nombre", help_text="Como en su documento.", max_length=20)
    email = forms.EmailField(label="Correo electrónico", required=False)
    age = forms.IntegerField(label="Edad", required=False, min_value=0)
    born = forms.DateField(label="Nació", required=False, widget=forms.DateInput({"type": "date"}))
    consent = forms.BooleanField(label="Autorizo")
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label="¿Qué desea hacer?",
        choices=[("a", "Pedir"), ("b", "Quejarse")],
        widget=forms.RadioSelect,
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": 'Ana "la" <b> 🌳', "email": "no", "age": "-3", "born": "x", "consent": "on"},
        {"name": "Ana", "email": "a@b.co", "age": "3", "consent": "on", "token": "t", "kind": "a"},
    ],
)
def test_the_portal_renderer_writes_fields_as_djangos_does(data):
    from django.forms.renderers import DjangoTemplates

    from portal.widgets import FormRenderer

    ours, djangos = (SampleForm(data, renderer=r()) for r in (FormRenderer, DjangoTemplates))
    for name in SampleForm.base_fields:
        assert ours[name].as_field_group() == djangos[name].as_field_group(), name
        assert str(ours[name]) == str(djangos[name]), name
        assert ours[name].label_tag() == djangos[name].label_tag(), name
