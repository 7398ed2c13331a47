from django import forms

from portal.models import Office

from .models import Category, Procedure


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, read from the query string; every field is optional."""

    q = forms.CharField(
        label="Buscar por nombre",
        required=False,
        max_length=100,
        error_messages={"max_length": "Escriba como máximo %(limit_value)d caracteres."},
    )
    category = forms.ModelChoiceField(
        label="Tema",
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Todos los temas",
        error_messages={"invalid_choice": "Ese tema no existe. Elija uno de la lista."},
    )
    office = forms.ModelChoiceField(
        label="Dependencia",
        queryset=Office.objects.select_related("entity"),
        to_field_name="slug",
        required=False,
        empty_label="Todas las dependencias",
        error_messages={"invalid_choice": "Esa dependencia no existe. Elija una de la lista."},
    )
    level = forms.ChoiceField(
        label="¿Se puede hacer en línea?",
        choices=[("", "Todos"), *Procedure.Automation.choices],
        required=False,
        error_messages={"invalid_choice": "Ese nivel de automatización no existe."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only topics and offices that have something to show.
        published = Procedure.objects.published()
        self.fields["category"].queryset = Category.objects.filter(
            pk__in=published.values("category")
        )
        self.fields["office"].queryset = Office.objects.select_related("entity").filter(
            pk__in=published.values("office")
        )

    def filter(self, queryset):
        """Apply the filters that are valid; invalid ones are reported and ignored."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.matching(data["q"])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("office"):
            queryset = queryset.filter(office=data["office"])
        if data.get("level"):
            queryset = queryset.filter(automation_level=data["level"])
        return queryset
