"""Formatting of GEL-T figures for people."""

from django import template
from django.utils.formats import number_format

from gelt import compliance, phase_status
from gelt.models import Indicator

register = template.Library()

STATUS_CLASS = {
    compliance.MET: "ok",
    compliance.ON_TRACK: "progress",
    compliance.BEHIND: "warn",
    compliance.OVERDUE: "bad",
    compliance.NO_CRITERIA: "none",
    phase_status.NO_TARGET: "none",
    compliance.NOT_EVALUATED: "none",
    compliance.PENDING_EVALUATION: "warn",
}


@register.filter
def measure(value, unit):
    """A value with its unit in Spanish: 75,5 %, 1,25 por semana, 3, 12 días."""
    if value is None:
        return "sin dato"
    if unit == Indicator.Unit.COUNT:
        return number_format(value, 0)
    places = 0 if value == int(value) else (2 if unit == Indicator.Unit.PER_WEEK else 1)
    return f"{number_format(value, places)} {Indicator.Unit(unit).label}"


@register.filter
def status_class(status):
    """The CSS class that colours a phase status."""
    return STATUS_CLASS.get(status, "none")
