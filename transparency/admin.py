from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from portal.admin import EntityScopedAdmin, ScopedRelationsMixin, staff_office
from portal.models import Document

from .models import (
    ChangeLogEntry,
    ClassifiedInformation,
    ExternalLink,
    InformationAsset,
    MenuItem,
    PublicationSchemeEntry,
)
from .quality import describe_changes
from .stats import coverage, load_menu

CONTENT_KEYS = ("pages", "procedures", "links", "documents", "sources")


def document_filter_text(item):
    """The document filter of an item in words, e.g. "Decreto, Acuerdo (Concejo, 2025)"."""
    if not item.document_kinds:
        return ""
    scope = [item.document_entity.name] if item.document_entity_id else []
    if item.document_year:
        scope.append(str(item.document_year))
    text = ", ".join(item.document_kind_labels())
    return f"{text} ({', '.join(scope)})" if scope else text


def source_text(item):
    """The item's source in words, e.g. "Eventos (… palabra clave) (rendición de cuentas)"."""
    if not item.content_source:
        return ""
    text = item.get_content_source_display()
    return f"{text} ({item.event_keyword})" if item.event_keyword else text


def public_name(obj, name, kind):
    """
    How the public change log names a linked page or procedure: by its title once citizens
    can see it; a draft only by its kind and number, so no unpublished title leaks.
    """
    return name if obj.is_published() else f"{kind} en borrador n.º {obj.pk}"


def snapshot(item_pk):
    """What an item points at, read from the database, in the form `describe_changes` takes."""
    item = (
        MenuItem.objects.select_related("owner_office", "document_entity")
        .prefetch_related("pages", "procedures", "links")
        .get(pk=item_pk)
    )
    return {
        "pages": {public_name(page, page.title, "página") for page in item.pages.all()},
        "procedures": {
            public_name(procedure, procedure.name, "trámite") for procedure in item.procedures.all()
        },
        "links": {f"{link.label} ({link.url})" for link in item.links.all()},
        "documents": {document_filter_text(item)} - {""},
        "sources": {source_text(item)} - {""},
        "applies": item.applies,
        "justification": item.na_justification,
        "owner": item.owner_office.name if item.owner_office else None,
    }


class ExternalLinkInline(ScopedRelationsMixin, admin.TabularInline):
    model = ExternalLink
    extra = 1
    fields = ("label", "url", "order")


class MenuItemForm(forms.ModelForm):
    document_kinds = forms.MultipleChoiceField(
        label="tipos de documento",
        choices=Document.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="El ítem muestra los documentos publicados de estos tipos. "
        "Ejemplo: «actos administrativos» = acuerdos, decretos, resoluciones y circulares.",
    )

    class Meta:
        model = MenuItem
        fields = "__all__"


class ContentStateFilter(admin.SimpleListFilter):
    title = "situación"
    parameter_name = "situacion"

    def lookups(self, request, model_admin):
        return [
            ("vacios", "Vacíos (en construcción)"),
            ("con_informacion", "Con información"),
            ("desactualizados", "Desactualizados"),
            ("no_aplica", "No aplica"),
        ]

    def queryset(self, request, queryset):
        wanted = {
            "vacios": lambda i: i.applies and i.state.is_leaf and not i.state.filled,
            "con_informacion": lambda i: i.state.filled,
            "desactualizados": lambda i: i.state.stale,
            "no_aplica": lambda i: not i.applies,
        }.get(self.value())
        if wanted is None:
            return queryset
        items = load_menu(timezone.localdate(), queryset=queryset)
        return queryset.filter(pk__in=[item.pk for item in items if wanted(item)])


@admin.action(description="Marcar como revisados hoy (la información sigue vigente)")
def mark_reviewed_today(modeladmin, request, queryset):
    count = queryset.update(last_updated=timezone.localdate(), updated_at=timezone.now())
    modeladmin.message_user(request, f"{count} ítem(s) marcados como revisados hoy.")


@admin.register(MenuItem)
class MenuItemAdmin(EntityScopedAdmin):
    form = MenuItemForm
    actions = [mark_reviewed_today]
    change_list_template = "admin/transparency/menuitem/change_list.html"
    list_display = (
        "code",
        "label",
        "entity",
        "owner_office",
        "content_state",
        "quality_display",
        "update_frequency",
        "last_updated",
    )
    list_display_links = ("code", "label")
    list_filter = (
        ContentStateFilter,
        "entity",
        "content_source",
        "owner_office",
        "update_frequency",
        "applies",
    )
    list_select_related = ("entity", "owner_office__entity")
    search_fields = ("code", "label")
    list_per_page = 200
    autocomplete_fields = ("pages",)
    filter_horizontal = ("procedures",)
    inlines = [ExternalLinkInline]
    readonly_fields = ("code", "label", "entity", "legal_basis", "description", "source")
    fieldsets = (
        (None, {"fields": ("code", "label", "entity", "legal_basis", "description")}),
        (
            "Qué publica este ítem",
            {
                "fields": (
                    "content_source",
                    "event_keyword",
                    "datos_gov_co_url",
                    "pages",
                    "procedures",
                    "document_kinds",
                    "document_entity",
                    "document_year",
                )
            },
        ),
        (
            "Responsable y actualización",
            {
                "fields": (
                    "owner_office",
                    "update_frequency",
                    "last_updated",
                    "committed_on",
                    "quality_override",
                )
            },
        ),
        ("No aplica", {"classes": ("collapse",), "fields": ("applies", "na_justification")}),
        ("Origen del dato", {"classes": ("collapse",), "fields": ("source",)}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document_entity":
            # Any entity's documents may be listed: the Concejo issues the acuerdos that the
            # Alcaldía's menu shows under Normativa.
            return db_field.formfield(**kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Items are the Anexo 2 list, shipped as data by load_transparency_menu.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        states = {
            item.pk: item.state
            for item in load_menu(
                timezone.localdate(), queryset=MenuItem.objects.filter(pk__in=[r.pk for r in rows])
            )
        }
        for row in rows:
            row.state = states.get(row.pk)
        changelist.result_list = rows
        return changelist

    @admin.display(description="situación")
    def content_state(self, obj):
        state = getattr(obj, "state", None)
        if state is None:
            return "—"
        if not obj.applies:
            return "No aplica"
        if not state.is_leaf and not state.filled:
            return "Agrupa sub-ítems"
        if not state.filled:
            return "Vacío"
        return "Desactualizado" if state.stale else "Con información"

    @admin.display(description="calidad")
    def quality_display(self, obj):
        state = getattr(obj, "state", None)
        return (state.quality if state else None) or "—"

    def save_model(self, request, obj, form, change):
        obj._log_before = snapshot(obj.pk) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        item = form.instance
        before, after = getattr(item, "_log_before", {}), snapshot(item.pk)
        sentences = describe_changes(before, after)
        if not sentences:
            return
        office = staff_office(request.user)
        ChangeLogEntry.objects.create(
            item=item,
            entity=item.entity,
            office=office,
            office_name=office.name if office else "Administración del portal",
            description="\n".join(sentences),
        )
        content_changed = any(set(before.get(k, ())) != after[k] for k in CONTENT_KEYS)
        if content_changed and "last_updated" not in form.changed_data:
            item.last_updated = timezone.localdate()
            item.save(update_fields=["last_updated", "updated_at"])

    def get_urls(self):
        report = self.admin_site.admin_view(self.empty_report_view)
        coverage_view = self.admin_site.admin_view(self.coverage_view)
        return [
            path("vacios-por-dependencia/", report, name="transparency_menuitem_empty_report"),
            path("cobertura/", coverage_view, name="transparency_menuitem_coverage"),
            *super().get_urls(),
        ]

    def empty_report_view(self, request):
        """The applicable items with nothing behind them, grouped by responsible office."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        items = load_menu(timezone.localdate(), queryset=self.get_queryset(request))
        groups = {}
        for item in items:
            if item.applies and item.state.is_leaf and not item.state.filled:
                office = item.owner_office.name if item.owner_office else "Sin dependencia asignada"
                groups.setdefault((item.entity.name, office), []).append(item)
        context = {
            **self.admin_site.each_context(request),
            "title": "Ítems vacíos del menú de transparencia, por dependencia responsable",
            "opts": self.model._meta,
            "groups": sorted(groups.items()),
            "total": sum(len(group) for group in groups.values()),
            "changelist_url": reverse("admin:transparency_menuitem_changelist"),
        }
        return TemplateResponse(request, "admin/transparency/menuitem/empty_report.html", context)

    def coverage_view(self, request):
        """Items with content over applicable items, per entity and category."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = coverage(load_menu(timezone.localdate(), queryset=self.get_queryset(request)))
        entities = {}
        for row in rows:
            row.url = MenuItem.category_url(row.entity, row.code)
            entities.setdefault(row.entity, []).append(row)
        context = {
            **self.admin_site.each_context(request),
            "title": "Cobertura del menú de transparencia por entidad y categoría",
            "opts": self.model._meta,
            "entities": [
                (entity, rows, sum(r.items for r in rows), sum(r.filled for r in rows))
                for entity, rows in entities.items()
            ],
            "changelist_url": reverse("admin:transparency_menuitem_changelist"),
        }
        return TemplateResponse(request, "admin/transparency/menuitem/coverage.html", context)


class InstrumentAdmin(EntityScopedAdmin):
    """The rows of one instrument (7.1.1–7.1.3): each editor keeps those of their entity."""

    list_filter = ("entity", "office", "medium")
    list_select_related = ("entity", "office")
    list_per_page = 100


@admin.register(InformationAsset)
class InformationAssetAdmin(InstrumentAdmin):
    list_display = ("category", "entity", "office", "format", "availability", "updated_at")
    search_fields = ("category", "description")
    fields = (
        "entity",
        "office",
        "category",
        "description",
        "language",
        "medium",
        "format",
        "availability",
        "location",
        "order",
    )


@admin.register(ClassifiedInformation)
class ClassifiedInformationAdmin(InstrumentAdmin):
    list_display = ("title", "category", "entity", "office", "scope", "term", "updated_at")
    search_fields = ("title", "category", "legal_basis")
    fields = (
        "entity",
        "office",
        "category",
        "title",
        "language",
        "medium",
        "generated_on",
        "producer_name",
        "responsible_name",
        "legitimate_aim",
        "legal_basis",
        "legal_ground",
        "scope",
        "classified_on",
        "term",
        "order",
    )


@admin.register(PublicationSchemeEntry)
class PublicationSchemeEntryAdmin(InstrumentAdmin):
    list_display = ("title", "entity", "office", "format", "update_frequency", "updated_at")
    search_fields = ("title", "location")
    fields = (
        "entity",
        "office",
        "title",
        "language",
        "medium",
        "format",
        "generated",
        "update_frequency",
        "location",
        "producer_name",
        "responsible_name",
        "order",
    )


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(EntityScopedAdmin):
    list_display = ("created_at", "item", "office_name", "description")
    list_filter = ("entity",)
    list_select_related = ("item",)
    search_fields = ("item__code", "item__label", "description")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
