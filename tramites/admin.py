from django.contrib import admin, messages
from django.utils import timezone

from portal.admin import (
    EntityScopedAdmin,
    PortalModelAdmin,
    ScopedRelationsMixin,
    publication_state,
)

from . import completeness
from .models import Category, Procedure, ProcedureForm, Requirement, Step


class RequirementInline(ScopedRelationsMixin, admin.TabularInline):
    model = Requirement
    extra = 1
    fields = ("order", "description", "needs_document")


class StepInline(ScopedRelationsMixin, admin.TabularInline):
    model = Step
    extra = 1
    fields = ("order", "description")


class ProcedureFormInline(ScopedRelationsMixin, admin.TabularInline):
    model = ProcedureForm
    extra = 0
    fields = ("order", "title", "file")


class CompletenessFilter(admin.SimpleListFilter):
    """Calidad completa: the one rule of tramites.completeness.quality_gaps."""

    title = "calidad completa"
    parameter_name = "completa"

    def lookups(self, request, model_admin):
        return [
            ("si", "Completa: campos, número SUIT y revisión al día"),
            ("no", "Le falta algo"),
            ("campos", "Le faltan campos SUIT"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "si":
            return queryset.quality_complete(today)
        if self.value() == "no":
            return queryset.quality_incomplete(today)
        if self.value() == "campos":
            return queryset.incomplete()
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    title = "revisada en los últimos 6 meses"
    parameter_name = "revisada"

    def lookups(self, request, model_admin):
        return [("si", "Sí"), ("no", "No (revisión semestral vencida)")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "si":
            return queryset.reviewed_in_time(today)
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.reviewed_in_time(today).values("pk"))
        return queryset


@admin.action(description="Marcar como revisado hoy")
def mark_reviewed_today(modeladmin, request, queryset):
    count = queryset.update(last_reviewed_on=timezone.localdate(), needs_review=False)
    modeladmin.message_user(
        request, f"{count} ficha(s) marcada(s) como revisada(s) hoy.", messages.SUCCESS
    )


@admin.register(Procedure)
class ProcedureAdmin(EntityScopedAdmin):
    office_path = "office"
    list_display = (
        "name",
        "kind",
        "office",
        "automation_level",
        publication_state,
        "is_published",
        "is_complete",
        "is_reviewed",
        "featured",
    )
    list_filter = (
        "status",
        "featured",
        CompletenessFilter,
        ReviewFilter,
        "needs_review",
        "automation_level",
        "kind",
        "category",
        "office__entity",
    )
    list_select_related = ("office__entity", "category")
    search_fields = ("name", "suit_code")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("missing_fields_text",)
    inlines = [RequirementInline, StepInline, ProcedureFormInline]
    actions = [mark_reviewed_today]
    fieldsets = (
        (None, {"fields": ("kind", "name", "slug", "category", "office", "missing_fields_text")}),
        ("Descripción", {"fields": ("purpose", "who_may_ask", "result")}),
        (
            "Costo",
            {
                "fields": (
                    "is_free",
                    "cost_amount",
                    "cost_description",
                    "cost_legal_basis",
                    "payment_place",
                )
            },
        ),
        (
            "Tiempo de respuesta",
            {"fields": ("response_time_value", "response_time_unit", "response_time_notes")},
        ),
        (
            "Canales de atención",
            {"fields": ("in_person_address", "in_person_hours", "phone", "email", "tracking")},
        ),
        ("Automatización", {"fields": ("automation_level", "online_url")}),
        ("Fundamento legal y SUIT", {"fields": ("legal_basis", "suit_code")}),
        (
            "Revisión semestral",
            {"fields": ("needs_review", "last_reviewed_on", "review_notes")},
        ),
        ("Publicación", {"fields": ("status", "publish_at", "featured")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_completeness()

    @admin.display(description="calidad completa", boolean=True)
    def is_complete(self, obj):
        return not obj.quality_gaps(timezone.localdate())

    @admin.display(description="revisada en los últimos 6 meses", boolean=True)
    def is_reviewed(self, obj):
        return completeness.is_reviewed_in_time(obj.last_reviewed_on, timezone.localdate())

    @admin.display(description="le falta para la calidad completa")
    def missing_fields_text(self, obj):
        if obj is None or obj.pk is None:
            return "Guarde la ficha para ver qué le falta."
        missing = obj.quality_gaps(timezone.localdate())
        return ", ".join(missing) if missing else "Nada: la ficha tiene calidad completa."


@admin.register(Category)
class CategoryAdmin(PortalModelAdmin):
    list_display = ("name", "order")
    prepopulated_fields = {"slug": ("name",)}
