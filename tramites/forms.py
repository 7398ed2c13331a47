from django import forms
from django.db.models import Count
from django.forms.models import ModelChoiceIterator

from portal.models import Office

from .models import Category, Procedure


class LoadedChoiceIterator(ModelChoiceIterator):
    """Choices read from the queryset's own results, so a page that also lists them loads once."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class TopicChoiceField(forms.ModelChoiceField):
    """A model choice whose options the page can also list without a second query."""

    iterator = LoadedChoiceIterator


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, read from the query string; every field is optional."""

    q = forms.CharField(
        label="Buscar por nombre",
        required=False,
        max_length=100,
        error_messages={"max_length": "Escriba como máximo %(limit_value)d caracteres."},
    )
    category = TopicChoiceField(
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
        # Offer only topics and offices that have something to show. Filtering before counting
        # joins the published sheets once, with no subquery per topic.
        published = Procedure.objects.published()
        self.fields["category"].queryset = (
            Category.objects.filter(procedures__in=published)
            .annotate(published_count=Count("procedures"))
            .order_by("order", "name")
        )
        self.fields["office"].queryset = (
            Office.objects.select_related("entity")
            .only("name", "slug", "entity__name")
            .filter(pk__in=published.values("office"))
        )

    @property
    def topics(self):
        """The topics offered, each with its `published_count`: the same rows as the select."""
        return self.fields["category"].queryset

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
