"""Form widgets and rendering shared by the forms."""

from django import forms
from django.forms.renderers import DjangoTemplates


class Select(forms.Select):
    """
    Django's select with the same markup, without a template include for every option: a
    list of 40 offices rendered 40 templates. Options carry no attributes of their own.
    """

    template_name = "portal/widgets/select.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        # All the template writes of an option: Django's also builds its attributes and id.
        return {"value": value, "label": label, "selected": selected}


# Django's form templates that only include others, written out as one template each
# (same markup): an input was three templates (text.html, input.html, attrs.html), a label two.
INLINED_TEMPLATES = {
    **{
        f"django/forms/widgets/{kind}.html": "portal/forms/input.html"
        for kind in ("input", "text", "email", "number", "url", "password", "hidden", "date")
    },
    "django/forms/widgets/checkbox.html": "portal/forms/input.html",
    "django/forms/label.html": "portal/forms/label.html",
}


class FormRenderer(DjangoTemplates):
    """
    Django's renderer with the same markup for less work: the inlined templates above, and
    a field template that renders no empty error list (two templates for every field).
    """

    field_template_name = "portal/forms/field.html"

    def get_template(self, template_name):
        return super().get_template(INLINED_TEMPLATES.get(template_name, template_name))
