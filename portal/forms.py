"""Filter forms of the public lists. They are read from GET, so a bad value is a message."""

from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q

from .models import Document, Entity, Office
from .text import fold


def accent_free_match(text, *fields):
    """
    Rows where some field contains the text, whatever the accents and case ("munoz" finds
    "Muñoz", "POLITICA" finds "Política"). The `unaccent` lookup of django.contrib.postgres
    uses PostgreSQL's unaccent extension (migration search/0001); on SQLite the search app
    gives the database the same UNACCENT() function, built on `fold`.
    """
    folded = fold(text.strip())
    return reduce(or_, (Q(**{f"{field}__unaccent__icontains": folded}) for field in fields))


ENTITY_ERRORS = {"invalid_choice": "La entidad elegida no existe. Elija una de la lista."}


class EntityChoiceField(forms.ModelChoiceField):
    """An entity chosen by its slug, as it appears in addresses (?entidad=personeria)."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Entity.objects.all(),
            to_field_name="slug",
            required=False,
            empty_label="Todas las entidades",
            label="Entidad",
            error_messages=ENTITY_ERRORS,
            **kwargs,
        )


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label="Título o número", required=False, max_length=100)
    entidad = EntityChoiceField()
    tipo = forms.ChoiceField(
        label="Tipo de documento",
        required=False,
        choices=[("", "Todos los tipos"), *Document.Kind.choices],
        error_messages={"invalid_choice": "El tipo de documento elegido no existe."},
    )
    anio = forms.IntegerField(
        label="Año de expedición",
        required=False,
        min_value=1990,
        max_value=2100,
        error_messages={
            "invalid": "Escriba el año con cuatro cifras, por ejemplo 2025.",
            "min_value": "Escriba un año desde 1990.",
            "max_value": "Escriba un año hasta 2100.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 6}),
    )

    def filter(self, queryset):
        """Apply the fields that are valid; invalid ones are reported and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            queryset = queryset.filter(accent_free_match(data["q"], "title", "number"))
        if data.get("entidad"):
            queryset = queryset.filter(entity=data["entidad"])
        if data.get("tipo"):
            queryset = queryset.filter(kind=data["tipo"])
        if data.get("anio"):
            queryset = queryset.filter(issued_on__year=data["anio"])
        return queryset


class OfficeChoiceField(forms.ModelChoiceField):
    """An office chosen by its slug (?dependencia=hacienda), shown with its entity."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Office.objects.select_related("entity").order_by(
                "entity__order", "entity__name", "order", "name"
            ),
            to_field_name="slug",
            required=False,
            empty_label="Todas las dependencias",
            label="Dependencia",
            error_messages={
                "invalid_choice": "La dependencia elegida no existe. Elija una de la lista."
            },
            **kwargs,
        )

    def label_from_instance(self, office):
        return f"{office.name} ({office.entity.name})"


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label="Nombre o cargo",
        required=False,
        max_length=100,
        error_messages={"max_length": "Escriba como máximo %(limit_value)d caracteres."},
    )
    entidad = EntityChoiceField()
    dependencia = OfficeChoiceField()

    def filter(self, queryset):
        """Apply the fields that are valid; invalid ones are reported and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            queryset = queryset.filter(accent_free_match(data["q"], "name", "position"))
        if data.get("entidad"):
            queryset = queryset.filter(office__entity=data["entidad"])
        if data.get("dependencia"):
            queryset = queryset.filter(office=data["dependencia"])
        return queryset
