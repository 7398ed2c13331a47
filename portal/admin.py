from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth import get_permission_codename
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .contractors_csv import COLUMNS, REQUIRED_COLUMNS, ContractorImportForm, import_contractors
from .models import (
    AlertBanner,
    Contractor,
    Document,
    Entity,
    Event,
    Municipality,
    NewsItem,
    Office,
    Official,
    OutboundEmail,
    Page,
    StaffProfile,
)
from .roles import COMMITTEE_GROUP, group_names
from .staff import verified_staff


def sees_all_entities(user):
    """Superusers and the GEL-T committee see every entity's objects; editors only their own."""
    return user.is_superuser or COMMITTEE_GROUP in group_names(user)


def staff_office(user):
    """The office a staff user belongs to, or None when they have no profile."""
    profile = getattr(user, "staff_profile", None)
    return profile.office if profile else None


def edited_by(user, queryset, *, entity_path="entity", office_path=None):
    """
    The one definition of "staff of one office": the part of `queryset` an editor works on is
    their entity's objects (their office's, when `office_path` is set); superusers and the
    committee work on all of it, staff without a profile on none.
    """
    if sees_all_entities(user):
        return queryset
    office = staff_office(user)
    if office is None:
        return queryset.none()
    if office_path:
        return queryset.filter(**{office_path: office.pk})
    return queryset.filter(**{entity_path: office.entity_id})


def previewable(request, model, *, office_path=None):
    """
    What the public pages show `request`'s user of `model`: what citizens see (`published()`)
    and, to staff who may change the model (and passed two-factor login: `verified_staff`),
    the drafts and scheduled objects they edit in the admin (`edited_by`), as a preview; its
    response goes through `never_cache_preview`.
    """
    queryset = model.objects.published()
    user = request.user
    opts = model._meta
    if verified_staff(user) and user.has_perm(
        f"{opts.app_label}.{get_permission_codename('change', opts)}"
    ):
        queryset |= edited_by(user, model.objects.all(), office_path=office_path)
    return queryset


def never_cache_preview(response, obj):
    """A page of an object citizens cannot see yet is never stored by any cache."""
    if not obj.is_published():
        add_never_cache_headers(response)
    return response


def relation_at(model, lookup):
    """The relation field a list filter's `lookup` ("office__entity") ends on, or None."""
    field = None
    for name in lookup.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field if field is not None and field.is_relation else None


class ScopedRelationsMixin:
    """
    What an admin page offers through its relations stays within what the user may see: a
    form field (select, autocomplete, raw id) pointing at a model whose admin scopes its rows
    offers and accepts only the rows that admin's `linkable_queryset` gives this user, and a
    list filter on a relation offers only values of the rows the user sees. Every ModelAdmin
    and inline of the project uses it (directly, through `PortalModelAdmin`, or through
    `EntityScopedAdmin`); tests/portal/test_admin_isolation.py walks them all.
    """

    # Relation fields that may name any object of their model; each one says why.
    open_relations = ()

    def linkable(self, request, model):
        """The objects of `model` this user may pick, or None when its admin scopes nothing."""
        try:
            related_admin = self.admin_site.get_model_admin(model)
        except NotRegistered:
            return None
        if not hasattr(related_admin, "linkable_queryset"):
            return None
        queryset = related_admin.linkable_queryset(request, model._default_manager.all())
        ordering = related_admin.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def _scope_relation(self, db_field, request, kwargs):
        if "queryset" not in kwargs and db_field.name not in self.open_relations:
            queryset = self.linkable(request, db_field.related_model)
            if queryset is not None:
                kwargs["queryset"] = queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_relation(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_relation(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        """
        A filter on a relation lists only the values found in the rows this user sees
        (Django's RelatedOnlyFieldListFilter over the scoped `get_queryset`), never every
        entity's offices, drafts or documents. Superusers keep Django's full lists.
        """
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [
            (spec, admin.RelatedOnlyFieldListFilter)
            if isinstance(spec, str) and relation_at(self.model, spec) is not None
            else spec
            for spec in filters
        ]


class PortalModelAdmin(ScopedRelationsMixin, admin.ModelAdmin):
    """The admin of a model no entity owns (GEL-T plan, topics, holidays): relations scoped."""


class EntityScopedAdmin(ScopedRelationsMixin, admin.ModelAdmin):
    """Editors see and change only the objects they work on (`edited_by`); everyone else all."""

    entity_path = "entity"
    office_path = None

    def scope_queryset(self, request, queryset):
        """The part of `queryset` this user works on: the one rule of the admin's scoping."""
        return edited_by(
            request.user, queryset, entity_path=self.entity_path, office_path=self.office_path
        )

    def linkable_queryset(self, request, queryset):
        """
        What this user may link to from another object (a transparency item's procedures, a
        page's parent): what they work on and, when the admin scopes by office, what citizens
        already see of their entity. Never another entity's objects, never others' drafts.
        """
        scoped = self.scope_queryset(request, queryset)
        if self.office_path and hasattr(queryset, "published"):
            scoped |= edited_by(request.user, queryset.published(), entity_path=self.entity_path)
        return scoped

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # The admin's autocomplete (admin/autocomplete/) searches through the TARGET model's
        # admin: whatever queryset it is handed, it answers only with this user's rows.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return self.scope_queryset(request, queryset), may_have_duplicates

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        office = None if sees_all_entities(request.user) else staff_office(request.user)
        if office is not None:
            if db_field.related_model is Entity:
                kwargs["queryset"] = Entity.objects.filter(pk=office.entity_id)
                kwargs["initial"] = office.entity_id
            elif db_field.related_model is Office:
                offices = Office.objects.select_related("entity")
                if self.office_path:
                    kwargs["queryset"] = offices.filter(pk=office.pk)
                else:
                    kwargs["queryset"] = offices.filter(entity_id=office.entity_id)
                kwargs["initial"] = office.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "author_id"):
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.display(description="estado")
def publication_state(obj):
    if obj.status != "published":
        return "Borrador"
    if obj.publish_at > timezone.now():
        return f"Programado ({timezone.localtime(obj.publish_at):%d/%m/%Y %H:%M})"
    return "Publicado"


PUBLICATION_FIELDS = ("Publicación", {"fields": ("entity", "status", "publish_at")})


class PublishableAdmin(EntityScopedAdmin):
    list_display = ("title", "entity", publication_state, "is_published", "publish_at")
    list_filter = ("status", "entity")
    list_select_related = ("entity",)
    search_fields = ("title",)
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Municipality)
class MunicipalityAdmin(PortalModelAdmin):
    fieldsets = (
        (None, {"fields": ("name", "department", "dane_code", "nit", "slogan", "logo")}),
        (
            "Contacto (pie de página, Res. 1519 de 2020)",
            {
                "fields": (
                    "address",
                    "postal_code",
                    "office_hours",
                    "phone",
                    "toll_free_line",
                    "anticorruption_line",
                    "institutional_email",
                    "contact_email",
                    "judicial_email",
                    "website",
                )
            },
        ),
        ("Redes sociales", {"fields": ("facebook_url", "x_url", "youtube_url")}),
    )

    def has_add_permission(self, request):
        return not Municipality.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Entity)
class EntityAdmin(EntityScopedAdmin):
    entity_path = "pk"
    list_display = ("name", "kind", "head_name", "directory_coverage", "updated_at")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "order")}),
        (
            "Titular",
            {
                "fields": ("head_title", "head_name"),
                "description": "El nombre del titular se toma del directorio: marque como jefe "
                "de la dependencia superior (por ejemplo el Despacho del Alcalde) a quien la "
                "dirige. Escriba aquí el nombre solo si esa persona no está en el directorio.",
            },
        ),
        (
            "Misión, visión y funciones",
            {"fields": ("mission", "vision", "functions", "objectives")},
        ),
        (
            "Contacto",
            {
                "fields": (
                    "address",
                    "phone",
                    "email",
                    "office_hours",
                    "anticorruption_phone",
                    "anticorruption_email",
                )
            },
        ),
        ("Organigrama", {"fields": ("organigram", "organigram_alt")}),
    )

    def changelist_view(self, request, extra_context=None):
        self._coverage = (
            Official.objects.coverage_by_entity(),
            Contractor.objects.coverage_by_entity(),
        )
        return super().changelist_view(request, extra_context)

    @admin.display(description="directorio (item 1.5)")
    def directory_coverage(self, obj):
        officials, contractors = getattr(self, "_coverage", ({}, {}))
        parts = []
        for label, coverage in (("servidores", officials), ("contratistas", contractors)):
            figure = coverage.get(obj.pk)
            if figure:
                parts.append(f"{label}: {figure}")
        return " · ".join(parts) or "Sin personas en el directorio"

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class HasHeadFilter(admin.SimpleListFilter):
    title = "jefe en el directorio"
    parameter_name = "jefe"

    def lookups(self, request, model_admin):
        return (("no", "Sin jefe"), ("si", "Con jefe"))

    def queryset(self, request, queryset):
        heads = Official.objects.active().filter(is_head=True, office=OuterRef("pk"))
        if self.value() == "no":
            return queryset.exclude(Exists(heads))
        if self.value() == "si":
            return queryset.filter(Exists(heads))
        return queryset


@admin.register(Office)
class OfficeAdmin(EntityScopedAdmin):
    list_display = ("name", "entity", "parent", "head", "email")
    list_filter = (HasHeadFilter, "entity")
    list_select_related = ("entity", "parent")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "entity",
        "name",
        "slug",
        "parent",
        "head",
        "description",
        "email",
        "phone",
        "location",
    )
    readonly_fields = ("head",)

    def get_queryset(self, request):
        heads = Official.objects.active().filter(is_head=True, office=OuterRef("pk"))
        return super().get_queryset(request).annotate(head_name=Subquery(heads.values("name")[:1]))

    @admin.display(description="jefe (del directorio)", ordering="head_name")
    def head(self, obj):
        if obj is None or obj.pk is None:
            return "Se toma del directorio al marcar a quien la dirige."
        return getattr(obj, "head_name", "") or (
            "⚠ Sin jefe: marque a quien la dirige en el directorio"
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = edited_by(request.user, Office.objects.select_related("entity"))
            return db_field.formfield(**kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MissingRequiredFilter(admin.SimpleListFilter):
    title = "datos exigidos por la ley"
    parameter_name = "datos"

    def lookups(self, request, model_admin):
        return (("faltan", "Faltan datos"), ("completos", "Completos"))

    def queryset(self, request, queryset):
        if self.value() == "faltan":
            return queryset.missing_required()
        if self.value() == "completos":
            return queryset.complete()
        return queryset


@admin.display(description="datos faltantes (Ley 1712)")
def missing_fields(obj):
    missing = obj.missing_fields()
    return "⚠ Faltan: " + ", ".join(missing) if missing else "Completo"


IDENTITY_FIELDSET = (
    "Datos exigidos (Decreto 1081 de 2015, art. 2.1.1.2.1.5)",
    {
        "fields": (
            ("birth_country", "birth_department", "birth_municipality"),
            "sigep_url",
            "education",
            "experience",
        ),
        "description": "Todos son obligatorios para publicar el directorio. La formación y la "
        "experiencia pueden reemplazarse por el enlace a la hoja de vida en el SIGEP.",
    },
)


@admin.register(Official)
class OfficialAdmin(EntityScopedAdmin):
    entity_path = "office__entity"
    list_display = ("name", "position", "office", "is_head", missing_fields, "is_active")
    list_filter = (MissingRequiredFilter, "is_head", "is_active", "office__entity")
    list_select_related = ("office__entity",)
    search_fields = ("name", "position", "email")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "position",
                    "office",
                    "is_head",
                    "email",
                    "phone",
                    "salary_scale",
                    "started_on",
                    "is_active",
                    "order",
                )
            },
        ),
        IDENTITY_FIELDSET,
    )


@admin.register(Contractor)
class ContractorAdmin(EntityScopedAdmin):
    entity_path = "office__entity"
    list_display = ("name", "contract_number", "office", "end_date", missing_fields, "is_active")
    list_filter = (MissingRequiredFilter, "is_active", "office__entity")
    list_select_related = ("office__entity",)
    search_fields = ("name", "contract_number", "contract_object")
    change_list_template = "admin/portal/contractor/change_list.html"
    fieldsets = (
        (None, {"fields": ("name", "position", "office", "email", "phone", "is_active")}),
        (
            "Contrato",
            {
                "fields": (
                    "contract_number",
                    "contract_object",
                    "contract_value",
                    ("start_date", "end_date"),
                    "secop_url",
                )
            },
        ),
        IDENTITY_FIELDSET,
    )

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [
            path("importar/", view, name="portal_contractor_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a CSV of contractors into the offices of the editor's entity."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        offices = edited_by(request.user, Office.objects.all())
        form = ContractorImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            result = import_contractors(form.cleaned_data["file"].read(), list(offices))
            if result.ok:
                messages.success(
                    request,
                    f"Contratistas cargados: {result.created} nuevos y {result.updated} "
                    "actualizados.",
                )
                return redirect("admin:portal_contractor_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Cargar contratistas desde un archivo CSV",
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "required_columns": REQUIRED_COLUMNS,
            "offices": offices.select_related("entity"),
        }
        return TemplateResponse(request, "admin/portal/contractor/import.html", context)


@admin.register(StaffProfile)
class StaffProfileAdmin(PortalModelAdmin):
    list_display = ("user", "office")
    list_select_related = ("user", "office__entity")
    autocomplete_fields = ("user",)


@admin.register(NewsItem)
class NewsItemAdmin(PublishableAdmin):
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        ("Imagen", {"fields": ("image", "image_alt")}),
        PUBLICATION_FIELDS,
    )


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ("title", "starts_at", "location", "entity", publication_state, "is_published")
    date_hierarchy = "starts_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        ("Fecha y lugar", {"fields": ("starts_at", "ends_at", "location")}),
        PUBLICATION_FIELDS,
    )


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    list_display = ("title", "kind", "number", "issued_on", "entity", publication_state)
    list_filter = ("status", "kind", "entity")
    search_fields = ("title", "number")
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "number", "issued_on", "description")}),
        ("Archivo", {"fields": ("file",)}),
        PUBLICATION_FIELDS,
    )


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ("title", "parent", "entity", publication_state, "is_published", "order")
    list_select_related = ("entity", "parent")
    fieldsets = (
        (None, {"fields": ("title", "slug", "parent", "summary", "body", "order")}),
        PUBLICATION_FIELDS,
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # An editor hangs pages only under pages they can see (their entity's).
            kwargs["queryset"] = self.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AlertBanner)
class AlertBannerAdmin(EntityScopedAdmin):
    list_display = ("message", "level", "starts_at", "ends_at", "entity")
    list_filter = ("level", "entity")
    list_select_related = ("entity",)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(PortalModelAdmin):
    """The outbox, read-only: what was written, when it went out, why it has not yet."""

    list_display = ("subject", "to", "reference", "created_at", "sent_at", "attempts")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("reference", "to", "subject")
    readonly_fields = (
        "reference",
        "to",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
