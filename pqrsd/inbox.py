"""
The staff inbox's marks and filters for referral (art. 21), silence (art. 14 num. 1) and
priority (art. 20). The ordering puts prioritised requests first, then by due date.
"""

from django.contrib import admin
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.html import format_html_join

from . import legal
from .models import RequestStatus

# Prioritised requests first; among each group, the nearest due date first.
PRIORITY_FIRST = Case(
    When(~Q(priority_reason=""), then=Value(0)), default=Value(1), output_field=IntegerField()
)
INBOX_ORDERING = (PRIORITY_FIRST.asc(), "due_date", "pk")


def legal_marks_for(today, named):
    """A list column: priority, referral deadline and silence marks, text plus colour."""

    @admin.display(description="alertas")
    def marks(obj):
        items = []
        if obj.priority_reason:
            target = legal.priority_target(obj, named)
            items.append(
                (
                    "pqrsd-badge pqrsd-priority",
                    f"Prioritaria ({obj.get_priority_reason_display()})"
                    + (f", meta interna {target:%d/%m/%Y}" if obj.is_open else ""),
                )
            )
        state = legal.referral_state(obj, today)
        if state == "vencido":
            items.append(
                (
                    "pqrsd-badge pqrsd-overdue",
                    f"Traslado vencido el {obj.referral_due_date:%d/%m/%Y}",
                )
            )
        elif state == "hoy":
            items.append(("pqrsd-badge pqrsd-soon", "Trasladar hoy"))
        elif state == "pendiente":
            items.append(
                ("pqrsd-badge pqrsd-ok", f"Trasladar antes del {obj.referral_due_date:%d/%m/%Y}")
            )
        if obj.status == RequestStatus.REFERRED:
            items.append(("pqrsd-badge pqrsd-done", f"Trasladada a {obj.referred_to_name}"))
        delivery = legal.silence_delivery_due(obj, today, named)
        if delivery:
            items.append(
                (
                    "pqrsd-badge pqrsd-overdue",
                    f"Aceptada por silencio: entregar copias en 3 días (antes del "
                    f"{delivery:%d/%m/%Y})",
                )
            )
        return format_html_join(" ", '<span class="{}">{}</span>', items)

    return marks


class ChoiceFilter(admin.SimpleListFilter):
    """A list filter whose options are a tuple of (value, label, queryset function)."""

    OPTIONS = ()

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _ in self.OPTIONS]

    def queryset(self, request, queryset):
        for value, _, narrow in self.OPTIONS:
            if self.value() == value:
                return narrow(queryset, timezone.localdate())
        return queryset


class ReferralFilter(ChoiceFilter):
    """Requests marked as not ours, by how close the 5-day referral deadline is."""

    title = "traslado por competencia"
    parameter_name = "traslado"
    OPTIONS = (
        (
            "por_vencer",
            "Traslado vence hoy o vencido",
            lambda qs, today: qs.referral_pending().filter(referral_due_date__lte=today),
        ),
        (
            "vencido",
            "Traslado vencido",
            lambda qs, today: qs.referral_pending().filter(referral_due_date__lt=today),
        ),
        ("pendiente", "Por trasladar (todas)", lambda qs, today: qs.referral_pending()),
        (
            "trasladadas",
            "Trasladadas",
            lambda qs, today: qs.filter(status=RequestStatus.REFERRED),
        ),
    )


class SilenceFilter(ChoiceFilter):
    """Requests for documents not answered in their term: the copies are owed."""

    title = "silencio positivo (documentos)"
    parameter_name = "silencio"
    OPTIONS = (
        (
            "aceptadas",
            "Aceptadas por silencio: entregar copias",
            lambda qs, today: qs.accepted_by_silence(today),
        ),
    )


class PriorityFilter(ChoiceFilter):
    title = "atención prioritaria"
    parameter_name = "prioridad"
    OPTIONS = (("si", "Prioritarias", lambda qs, today: qs.prioritised()),)


LEGAL_FILTERS = (ReferralFilter, SilenceFilter, PriorityFilter)
