from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import path
from django.utils import timezone

from portal.admin import PortalModelAdmin, ScopedRelationsMixin

from . import admin_views, compliance
from .checks import CHECKS
from .models import (
    Action,
    Activity,
    Administration,
    CommitteeMember,
    Criterion,
    Dashboard,
    Evaluation,
    Indicator,
    ItaSnapshot,
    LinkedEntity,
    Measurement,
    Meeting,
    Phase,
    Plan,
    PolicyElement,
    PolicyMapping,
    Result,
)


def phase_percent(phase):
    """The phase's weighted % now (the baseline of a new committee target date)."""
    criteria = Criterion.objects.active().filter(phase=phase).with_latest_evaluation()
    return compliance.weighted_percent((c.weight, c.latest_score) for c in criteria)


def check_choices():
    return [("", "Manual: la verifica el comité")] + sorted(
        (key, f"{function.label} ({key})") for key, function in CHECKS.items()
    )


class CheckKeyForm(forms.ModelForm):
    """Offers the registered automatic checks as a list instead of a free text key."""

    check_key = forms.ChoiceField(label="verificación automática", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check_key"].choices = check_choices()


@admin.register(Dashboard)
class DashboardAdmin(PortalModelAdmin):
    """The committee dashboard, reports and exports; it edits nothing itself."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm("gelt.view_phase")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return admin_views.dashboard(request, self)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.changelist_view), name="gelt_dashboard_changelist"),
            path("medir/", view(admin_views.measure), name="gelt_dashboard_measure"),
            path("informe/", view(admin_views.report), name="gelt_dashboard_report"),
            path("empalme/", view(admin_views.handover), name="gelt_dashboard_handover"),
            path(
                "empalme/publicar/",
                view(admin_views.publish_handover),
                name="gelt_dashboard_publish_handover",
            ),
            path(
                "exportar/<str:kind>.<str:fmt>",
                view(admin_views.export),
                name="gelt_dashboard_export",
            ),
        ]


@admin.register(Plan)
class PlanAdmin(PortalModelAdmin):
    list_display = ["title", "committee_resolution", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "vision", "general_objective"]}),
        ("Objetivos y líneas", {"fields": ["specific_objectives", "lines_of_action"]}),
        (
            "Marco legal",
            {
                "fields": [
                    "legal_framework",
                    "committee_resolution",
                    "committee_created_on",
                    "historical_note",
                ]
            },
        ),
    ]


class CriterionInline(ScopedRelationsMixin, admin.TabularInline):
    model = Criterion
    fields = ["code", "name", "weight", "check_key", "official", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(Phase)
class PhaseAdmin(PortalModelAdmin):
    list_display = [
        "order",
        "name",
        "deadline_territorial",
        "committee_deadline",
        "committee_deadline_set_by",
        "goal",
    ]
    list_display_links = ["name"]
    readonly_fields = ["historical_label", "norm", "source", "confidence"]
    fieldsets = [
        (None, {"fields": ["order", "name", "description", "goal"]}),
        (
            "Plazos",
            {
                "description": "Los plazos del Decreto 1151 de 2008 son históricos: la norma fue "
                "derogada. El comité puede fijar una fecha meta propia.",
                "fields": [
                    "deadline_national",
                    "deadline_territorial",
                    "historical",
                    "historical_label",
                ],
            },
        ),
        (
            "Fecha meta vigente del comité",
            {
                "description": "El estado de la fase se calcula contra esta fecha: «atrasada» si "
                "el avance es menor que el que exige el tiempo transcurrido desde que se fijó, "
                "«vencida» si pasó sin alcanzar la meta. Sin fecha, la fase lo dice.",
                "fields": [
                    "committee_deadline",
                    "committee_deadline_reason",
                    "committee_deadline_set_by",
                    "committee_deadline_set_at",
                    "committee_deadline_baseline",
                ],
            },
        ),
        ("Fuente", {"classes": ["collapse"], "fields": ["norm", "source", "confidence"]}),
    ]
    inlines = [CriterionInline]

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            "committee_deadline_set_by",
            "committee_deadline_set_at",
            "committee_deadline_baseline",
        ]

    def save_model(self, request, obj, form, change):
        """Record who set the committee's target date, when, and the progress at that moment."""
        if "committee_deadline" in form.changed_data:
            if obj.committee_deadline:
                obj.committee_deadline_set_by = request.user
                obj.committee_deadline_set_at = timezone.now()
                obj.committee_deadline_baseline = phase_percent(obj) if obj.pk else None
            else:
                obj.committee_deadline_set_by = obj.committee_deadline_set_at = None
                obj.committee_deadline_baseline = None
        super().save_model(request, obj, form, change)


class HistoryInline(ScopedRelationsMixin, admin.TabularInline):
    """
    The history of evaluations or measurements, read-only: automatic rows are never edited by
    hand, and a manual one is added (or corrected) on its own form, where its reason and
    evidence are checked.
    """

    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-date", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EvaluationInline(HistoryInline):
    model = Evaluation
    fields = ["date", "kind_label", "result", "score", "evidence_text", "evaluator", "valid_until"]
    readonly_fields = fields
    verbose_name_plural = "historial de evaluaciones (automáticas y manuales)"

    @admin.display(description="tipo")
    def kind_label(self, obj):
        return obj.kind_label


@admin.register(Criterion)
class CriterionAdmin(PortalModelAdmin):
    list_display = [
        "code",
        "short_name",
        "phase",
        "weight",
        "check_key",
        "current_state",
        "official",
    ]
    list_filter = ["phase", "official", "is_active", "confidence"]
    search_fields = ["code", "name"]
    fieldsets = [
        (None, {"fields": ["phase", "code", "name", "minimum_contents", "weight", "check_key"]}),
        ("Estado", {"fields": ["is_active", "order"]}),
        (
            "Fuente",
            {"fields": ["official", "confidence", "source", "observations"]},
        ),
    ]
    inlines = [EvaluationInline]
    form = CheckKeyForm

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_evaluation()

    @admin.display(description="criterio")
    def short_name(self, obj):
        return obj.name[:80]

    @admin.display(description="estado actual", ordering="latest_date")
    def current_state(self, obj):
        if obj.latest_date is None:
            return "Sin evaluar"
        kind = "automática" if obj.latest_automatic else "manual"
        return f"{Result(obj.latest_result).label} ({kind}, {obj.latest_date:%d/%m/%Y})"


class AutomaticReadOnly:
    """Automatic rows are read-only: neither changed nor deleted by hand."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.automatic:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.automatic:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Evaluation)
class EvaluationAdmin(AutomaticReadOnly, PortalModelAdmin):
    """
    Evaluations of the criteria. The automatic ones come from `measure_gelt` and are
    read-only; staff add manual ones, with reason and evidence, that override them.
    """

    list_display = [
        "criterion",
        "date",
        "result",
        "score",
        "kind",
        "has_evidence",
        "evaluator",
    ]
    list_filter = ["result", "automatic", "has_evidence", "criterion__phase"]
    list_select_related = ["criterion", "evaluator"]
    search_fields = ["criterion__code", "criterion__name", "evidence_text", "reason"]
    date_hierarchy = "date"
    autocomplete_fields = ["criterion"]
    fields = [
        "criterion",
        "date",
        ("result", "score"),
        "reason",
        "evidence_text",
        ("evidence_url", "evidence_file"),
        "valid_until",
        "kind",
        "evaluator",
        "has_evidence",
    ]
    readonly_fields = ["kind", "evaluator", "has_evidence"]

    @admin.display(description="tipo", ordering="automatic")
    def kind(self, obj):
        return obj.kind_label if obj.pk else "manual"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.evaluator = request.user
        super().save_model(request, obj, form, change)


OWNER_FIELDS = ["owner_user", "owner_official", "owner"]


class ActivityInline(ScopedRelationsMixin, admin.TabularInline):
    model = Activity
    fields = ["description", *OWNER_FIELDS, "due_date", "status"]
    autocomplete_fields = ["owner_user", "owner_official"]
    extra = 0


@admin.register(Action)
class ActionAdmin(PortalModelAdmin):
    list_display = ["order", "title", "duration"]
    list_display_links = ["title"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(PortalModelAdmin):
    list_display = ["description_short", "owner_name", "due_date", "status", "action", "meeting"]
    list_filter = ["status", "action"]
    list_select_related = ["action", "meeting", "owner_user", "owner_official"]
    search_fields = [
        "description",
        "owner",
        "notes",
        "owner_official__name",
        "owner_user__first_name",
        "owner_user__last_name",
        "owner_user__username",
    ]
    readonly_fields = ["code", "reminded_before_on", "reminded_overdue_on"]
    autocomplete_fields = ["owner_user", "owner_official"]
    fieldsets = [
        (None, {"fields": ["code", "action", "meeting", "description"]}),
        (
            "Responsable",
            {
                "description": "Elija un usuario del portal o un servidor del directorio: "
                "recibirá un recordatorio por correo antes de la fecha límite y otro si se vence. "
                "Escriba el texto solo si no es ninguno de los dos.",
                "fields": OWNER_FIELDS,
            },
        ),
        (
            "Plazo y estado",
            {
                "fields": [
                    "due_date",
                    "status",
                    "completed_on",
                    "notes",
                    "reminded_before_on",
                    "reminded_overdue_on",
                ]
            },
        ),
    ]

    @admin.display(description="responsable")
    def owner_name(self, obj):
        return obj.owner_name

    @admin.display(description="actividad")
    def description_short(self, obj):
        return obj.description[:90]


class MeasurementInline(HistoryInline):
    model = Measurement
    fields = ["date", "kind_label", "value", "source", "evidence_text", "recorded_by"]
    readonly_fields = fields
    verbose_name_plural = "historial de mediciones (automáticas y manuales)"

    @admin.display(description="tipo")
    def kind_label(self, obj):
        return obj.kind_label


@admin.register(Indicator)
class IndicatorAdmin(PortalModelAdmin):
    list_display = ["code", "name", "goal", "unit", "period", "check_key", "latest", "in_plan"]
    list_filter = ["in_plan", "period", "unit", "action"]
    search_fields = ["code", "name"]
    inlines = [MeasurementInline]
    form = CheckKeyForm

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_measurement()

    @admin.display(description="última medición", ordering="latest_date")
    def latest(self, obj):
        if obj.latest_date is None:
            return "Sin medición"
        value = "sin dato" if obj.latest_value is None else obj.latest_value
        kind = "automática" if obj.latest_automatic else "manual"
        return f"{value} ({kind}, {obj.latest_date:%d/%m/%Y})"


@admin.register(Measurement)
class MeasurementAdmin(AutomaticReadOnly, PortalModelAdmin):
    list_display = ["indicator", "date", "value", "source", "kind", "recorded_by"]
    list_filter = ["automatic", "indicator"]
    list_select_related = ["indicator", "recorded_by"]
    date_hierarchy = "date"
    autocomplete_fields = ["indicator"]
    fields = [
        "indicator",
        ("date", "value"),
        "source",
        "reason",
        "evidence_text",
        ("evidence_url", "evidence_file"),
        "kind",
        "recorded_by",
    ]
    readonly_fields = ["kind", "recorded_by"]

    @admin.display(description="tipo", ordering="automatic")
    def kind(self, obj):
        return obj.kind_label if obj.pk else "manual"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(LinkedEntity)
class LinkedEntityAdmin(PortalModelAdmin):
    list_display = ["name", "level", "agreement_date", "agreement"]
    list_filter = ["level"]
    search_fields = ["name", "agreement", "topics"]
    date_hierarchy = "agreement_date"


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(PortalModelAdmin):
    list_display = ["name", "position", "committee_role", "email", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "position"]


class CommitmentInline(ScopedRelationsMixin, admin.TabularInline):
    model = Activity
    fk_name = "meeting"
    fields = ["description", *OWNER_FIELDS, "due_date", "status"]
    autocomplete_fields = ["owner_user", "owner_official"]
    extra = 1
    verbose_name = "compromiso"
    verbose_name_plural = "compromisos (se vuelven actividades con responsable y fecha)"


@admin.register(Meeting)
class MeetingAdmin(PortalModelAdmin):
    list_display = ["starts_at", "place", "has_quorum", "attendee_count"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["attendees"]
    search_fields = ["agenda", "minutes", "decisions"]
    fieldsets = [
        (None, {"fields": ["starts_at", "place", "agenda"]}),
        ("Asistencia", {"fields": ["attendees", "guests", "has_quorum"]}),
        ("Acta", {"fields": ["minutes", "decisions", "minutes_file"]}),
    ]
    inlines = [CommitmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attendee_total=Count("attendees"))

    @admin.display(description="asistentes", ordering="attendee_total")
    def attendee_count(self, obj):
        return obj.attendee_total


@admin.register(Administration)
class AdministrationAdmin(PortalModelAdmin):
    list_display = ["mayor", "period", "development_plan", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["mayor", "development_plan", "tic_lead"]

    @admin.display(description="periodo", ordering="period_start")
    def period(self, obj):
        return obj.period


class PolicyMappingInline(ScopedRelationsMixin, admin.TabularInline):
    model = PolicyMapping
    fields = ["criterion", "ita_item", "furag_theme", "confidence", "source"]
    autocomplete_fields = ["criterion"]
    extra = 0


@admin.register(PolicyElement)
class PolicyElementAdmin(PortalModelAdmin):
    list_display = ["code", "name", "kind", "confidence", "is_active", "mapping_count"]
    list_filter = ["kind", "confidence", "is_active"]
    search_fields = ["code", "name", "description"]
    inlines = [PolicyMappingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mapping_total=Count("mappings"))

    @admin.display(description="criterios GEL-T", ordering="mapping_total")
    def mapping_count(self, obj):
        return obj.mapping_total


@admin.register(PolicyMapping)
class PolicyMappingAdmin(PortalModelAdmin):
    list_display = ["criterion", "element", "ita_item", "check_label", "confidence"]
    list_filter = ["element", "confidence", "criterion__phase"]
    list_select_related = ["criterion", "element"]
    search_fields = ["criterion__code", "criterion__name", "element__name", "ita_item"]
    autocomplete_fields = ["criterion"]

    @admin.display(description="verificación automática")
    def check_label(self, obj):
        function = CHECKS.get(obj.criterion.check_key)
        return function.label if function else "Manual"


@admin.register(ItaSnapshot)
class ItaSnapshotAdmin(PortalModelAdmin):
    """The measured ITA figures the public page shows: read only, written by each measurement."""

    list_display = ["entity", "percent", "up_to_date", "applicable", "measured_at"]
    list_select_related = ["entity"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="%")
    def percent(self, obj):
        return "—" if obj.percent is None else f"{obj.percent} %".replace(".", ",")
