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
