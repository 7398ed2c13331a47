from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import path

from . import admin_views
from .checks import CHECKS
from .models import (
    Action,
    Activity,
    CommitteeMember,
    Criterion,
    Dashboard,
    Evaluation,
    Indicator,
    LinkedEntity,
    Measurement,
    Meeting,
    Phase,
    Plan,
    Result,
)


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
class DashboardAdmin(admin.ModelAdmin):
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
                "exportar/<str:kind>.<str:fmt>",
                view(admin_views.export),
                name="gelt_dashboard_export",
            ),
        ]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
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


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["code", "name", "weight", "check_key", "official", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = [
        "order",
        "name",
        "deadline_national",
        "deadline_territorial",
        "committee_deadline",
        "goal",
        "historical",
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
                    "committee_deadline",
                    "historical",
                    "historical_label",
                ],
            },
        ),
        ("Fuente", {"classes": ["collapse"], "fields": ["norm", "source", "confidence"]}),
    ]
    inlines = [CriterionInline]


class EvaluationInline(admin.StackedInline):
    model = Evaluation
    fields = [
        ("date", "result", "score"),
        "evidence_text",
        ("evidence_url", "evidence_file"),
        "evaluator",
    ]
    extra = 1
    ordering = ["-date", "-pk"]
    autocomplete_fields = ["evaluator"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
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
        return f"{Result(obj.latest_result).label} ({obj.latest_date:%d/%m/%Y})"

    def save_formset(self, request, form, formset, change):
        for evaluation in formset.save(commit=False):
            if evaluation.evaluator_id is None:
                evaluation.evaluator = request.user
            evaluation.save()
        for evaluation in formset.deleted_objects:
            evaluation.delete()


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = [
        "criterion",
        "date",
        "result",
        "score",
        "has_evidence",
        "automatic",
        "evaluator",
    ]
    list_filter = ["result", "automatic", "has_evidence", "criterion__phase"]
    list_select_related = ["criterion", "evaluator"]
    search_fields = ["criterion__code", "criterion__name", "evidence_text"]
    date_hierarchy = "date"
    autocomplete_fields = ["criterion", "evaluator"]
    readonly_fields = ["automatic", "has_evidence"]

    def save_model(self, request, obj, form, change):
        if not change and obj.evaluator_id is None:
            obj.evaluator = request.user
        super().save_model(request, obj, form, change)


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["description", "owner", "due_date", "status"]
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "duration"]
    list_display_links = ["title"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["description_short", "owner", "due_date", "status", "action", "meeting"]
    list_filter = ["status", "action", "owner"]
    list_select_related = ["action", "meeting"]
    search_fields = ["description", "owner", "notes"]
    readonly_fields = ["code"]
    fields = [
        "code",
        "action",
        "meeting",
        "description",
        "owner",
        "due_date",
        "status",
        "completed_on",
        "notes",
    ]

    @admin.display(description="actividad")
    def description_short(self, obj):
        return obj.description[:90]


class MeasurementInline(admin.StackedInline):
    model = Measurement
    fields = [("date", "value", "source"), "evidence_text", ("evidence_url", "evidence_file")]
    extra = 1
    ordering = ["-date", "-pk"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
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
        return f"{value} ({obj.latest_date:%d/%m/%Y})"

    def save_formset(self, request, form, formset, change):
        for measurement in formset.save(commit=False):
            if measurement.recorded_by_id is None:
                measurement.recorded_by = request.user
            measurement.save()
        for measurement in formset.deleted_objects:
            measurement.delete()


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "date", "value", "source", "automatic", "recorded_by"]
    list_filter = ["automatic", "indicator"]
    list_select_related = ["indicator", "recorded_by"]
    date_hierarchy = "date"
    autocomplete_fields = ["indicator"]
    readonly_fields = ["automatic", "recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(LinkedEntity)
class LinkedEntityAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "agreement_date", "agreement"]
    list_filter = ["level"]
    search_fields = ["name", "agreement", "topics"]
    date_hierarchy = "agreement_date"


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "committee_role", "email", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "position"]


class CommitmentInline(admin.TabularInline):
    model = Activity
    fk_name = "meeting"
    fields = ["description", "owner", "due_date", "status"]
    extra = 1
    verbose_name = "compromiso"
    verbose_name_plural = "compromisos (se vuelven actividades con responsable y fecha)"


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
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
