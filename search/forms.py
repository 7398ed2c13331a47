from django import forms
from django.core.exceptions import ValidationError

from portal.models import Entity

from .query import SCOPES
from .text import has_control_characters

MAX_QUERY_LENGTH = 200


class QueryField(forms.CharField):
    def to_python(self, value):
        # Checked before the default validators, whose message about NUL bytes is terse.
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(
                "La búsqueda tiene caracteres que no se pueden buscar. Escríbala de nuevo con "
                "letras, números y signos comunes.",
                code="control_characters",
            )
        return super().to_python(value)


class SearchForm(forms.Form):
    q = QueryField(
        label="¿Qué busca?",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "Escriba como máximo %(limit_value)d caracteres "
            "(su búsqueda tiene %(show_value)d)."
        },
    )
    seccion = forms.ChoiceField(
        label="Buscar solo en",
        required=False,
        choices=[("", "Todo el portal"), *SCOPES.items()],
        error_messages={"invalid_choice": "Esa sección no existe: buscamos en todo el portal."},
    )
    entidad = forms.ModelChoiceField(
        label="Entidad",
        queryset=Entity.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Esa entidad no existe: buscamos en todas."},
    )
