"""Formatting of GEL-T figures for people."""

from django import template
from django.utils.formats import number_format

register = template.Library()

UNIT_SUFFIX = {"percent": " %", "per_week": " por semana", "days": " días", "count": ""}

STATUS_CLASS = {
    "cumplida": "ok",
    "en curso": "progress",
    "atrasada": "warn",
    "vencida": "bad",
    "sin criterios": "none",
}


@register.filter
def measure(value, unit):
    """A value with its unit in Spanish: 75,5 %, 1,25 por semana, 3, 12 días."""
    if value is None:
        return "sin dato"
    places = 0 if unit == "count" or value == int(value) else (2 if unit == "per_week" else 1)
    return f"{number_format(value, places)}{UNIT_SUFFIX.get(unit, '')}"


@register.filter
def status_class(status):
    return STATUS_CLASS.get(status, "none")
