"""Form widgets shared by the public forms."""

from django import forms


class Select(forms.Select):
    """
    Django's select with the same markup, without a template include for every option: a
    list of 40 offices rendered 40 templates. Options carry no attributes of their own.
    """

    template_name = "portal/widgets/select.html"
