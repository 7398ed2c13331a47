"""Form widgets and rendering shared by the forms."""

from django import forms
from django.forms.renderers import DjangoTemplates


class Select(forms.Select):
    """
    Django's select with the same markup, without a template include for every option: a
    list of 40 offices rendered 40 templates. Options carry no attributes of their own.
    """

    template_name = "portal/widgets/select.html"


class FormRenderer(DjangoTemplates):
    """
    Django's renderer with Django's field template, except that an empty error list is not
    rendered (two templates for every field of every form, for no output).
    """

    field_template_name = "portal/forms/field.html"
