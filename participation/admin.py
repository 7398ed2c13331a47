from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from portal.admin import EntityScopedAdmin, ScopedRelationsMixin, publication_state

from . import admin_views, answers
from .models import Article, Choice, Comment, DraftRegulation, Question, Survey


class QuestionInline(ScopedRelationsMixin, admin.TabularInline):
    model = Question
    fields = ("order", "text", "kind", "required")
    extra = 1
    show_change_link = True
    verbose_name_plural = "preguntas (guarde y use «Cambiar» para escribir las opciones)"


@admin.register(Survey)
class SurveyAdmin(EntityScopedAdmin):
    list_display = (
        "title",
        "entity",
        publication_state,
        "is_published",
        "opens_at",
        "closes_at",
        "response_count",
        "results_link",
    )
    list_filter = ("status", "entity", "show_results")
    list_select_related = ("entity",)
    search_fields = ("title",)
    date_hierarchy = "opens_at"
    prepopulated_fields = {"slug": ("title",)}
    inlines = [QuestionInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "description")}),
        ("Periodo y resultados", {"fields": ("opens_at", "closes_at", "show_results")}),
        ("Publicación", {"fields": ("entity", "status", "publish_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(responses_total=Count("responses"))

    @admin.display(description="respuestas", ordering="responses_total")
    def response_count(self, obj):
        return obj.responses_total

    @admin.display(description="resultados")
    def results_link(self, obj):
        url = reverse("admin:participation_survey_results", args=[obj.pk])
        return format_html('<a href="{}">Ver resultados</a>', url)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:survey_id>/resultados/",
                view(admin_views.survey_results(self)),
                name="participation_survey_results",
            ),
            path(
                "<int:survey_id>/respuestas.csv",
                view(admin_views.survey_responses_csv(self)),
                name="participation_survey_csv",
            ),
            *super().get_urls(),
        ]


class ChoiceInline(ScopedRelationsMixin, admin.TabularInline):
    model = Choice
    fields = ("order", "text")
    extra = 3


@admin.register(Question)
class QuestionAdmin(EntityScopedAdmin):
    entity_path = "survey__entity"
    list_display = ("text", "survey", "kind", "required", "order")
    list_filter = ("kind",)
    list_select_related = ("survey",)
    search_fields = ("text", "survey__title")
    inlines = [ChoiceInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "survey":
            kwargs["queryset"] = self.admin_site._registry[Survey].get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        # Reached from the survey's page; not a menu entry of its own.
        return False


class ArticleInline(ScopedRelationsMixin, admin.StackedInline):
    model = Article
    fields = (("number", "title"), "text")
    extra = 1


@admin.register(DraftRegulation)
class DraftRegulationAdmin(EntityScopedAdmin):
    list_display = (
        "title",
        "entity",
        publication_state,
        "is_published",
        "comment_opens_at",
        "comment_closes_at",
        "comments_summary",
        "public_links",
    )
    list_filter = ("status", "entity")
    list_select_related = ("entity",)
    search_fields = ("title", "summary")
    date_hierarchy = "comment_opens_at"
    prepopulated_fields = {"slug": ("title",)}
    # Picked among the documents the editor sees (their entity's); a raw id box would show
    # the title of any document whose number is typed in.
    autocomplete_fields = ("final_document",)
    inlines = [ArticleInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary")}),
        ("Periodo de comentarios", {"fields": ("comment_opens_at", "comment_closes_at")}),
        ("Texto definitivo", {"fields": ("final_document",)}),
        ("Publicación", {"fields": ("entity", "status", "publish_at")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                comments_total=Count("comments"),
                comments_pending=Count(
                    "comments", filter=Q(comments__moderation=Comment.Moderation.PENDING)
                ),
                comments_unanswered=Count(
                    "comments",
                    filter=Q(comments__moderation=Comment.Moderation.APPROVED, comments__answer=""),
                ),
            )
        )

    @admin.display(description="comentarios")
    def comments_summary(self, obj):
        url = reverse("admin:participation_comment_changelist") + f"?draft__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{} en total; {} por revisar; {} sin respuesta</a>',
            url,
            obj.comments_total,
            obj.comments_pending,
            obj.comments_unanswered,
        )

    @admin.display(description="páginas públicas")
    def public_links(self, obj):
        return format_html(
            '<a href="{}">Proyecto</a> · <a href="{}">Informe</a>',
            obj.get_absolute_url(),
            obj.get_report_url(),
        )


@admin.action(
    description="Aprobar (publicar) los comentarios seleccionados", permissions=["change"]
)
def approve_comments(modeladmin, request, queryset):
    updated = queryset.update(moderation=Comment.Moderation.APPROVED)
    modeladmin.message_user(request, f"{updated} comentario(s) aprobado(s).", messages.SUCCESS)


@admin.action(
    description="Rechazar (no publicar) los comentarios seleccionados", permissions=["change"]
)
def reject_comments(modeladmin, request, queryset):
    updated = queryset.update(moderation=Comment.Moderation.REJECTED)
    modeladmin.message_user(request, f"{updated} comentario(s) rechazado(s).", messages.SUCCESS)


class AnsweredFilter(admin.SimpleListFilter):
    title = "respuesta"
    parameter_name = "respondido"

    def lookups(self, request, model_admin):
        return [("no", "Sin respuesta"), ("si", "Con respuesta")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(answer="")
        if self.value() == "si":
            return queryset.answered()
        return queryset


@admin.register(Comment)
class CommentAdmin(EntityScopedAdmin):
    entity_path = "draft__entity"
    list_display = (
        "short_text",
        "name",
        "draft",
        "target",
        "created_at",
        "moderation",
        "handling",
        "has_answer",
    )
    list_filter = ("moderation", AnsweredFilter, "handling", "draft")
    list_select_related = ("draft", "article")
    search_fields = ("text", "name", "email", "draft__title")
    date_hierarchy = "created_at"
    actions = [approve_comments, reject_comments]
    readonly_fields = ("draft", "target", "name", "email", "text", "created_at", "answer_stamp")
    fieldsets = (
        ("Comentario recibido", {"fields": ("draft", "target", "name", "email", "text")}),
        ("Moderación", {"fields": ("moderation",)}),
        (
            "Respuesta de la entidad",
            {
                "fields": ("handling", "answer", "answer_stamp"),
                "description": "Se publica junto al comentario aprobado y en el informe.",
            },
        ),
    )

    @admin.display(description="comentario")
    def short_text(self, obj):
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")

    @admin.display(description="sobre")
    def target(self, obj):
        return obj.target_label

    @admin.display(description="¿respondido?", boolean=True)
    def has_answer(self, obj):
        return bool(obj.answer)

    @admin.display(description="respondido")
    def answer_stamp(self, obj):
        if not obj.answered_at:
            return "—"
        local = timezone.localtime(obj.answered_at)
        return f"{local:%d/%m/%Y %H:%M} por {obj.answered_by or 'usuario eliminado'}"

    def has_add_permission(self, request):
        # Comments come only from citizens, through the public form.
        return False

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data or "handling" in form.changed_data:
            obj.answered_at = timezone.now() if obj.answer else None
            obj.answered_by = request.user if obj.answer else None
        super().save_model(request, obj, form, change)
        # The commenter gets each new or corrected answer by e-mail (the form promises it).
        if "answer" in form.changed_data and answers.queue_answer_email(
            obj, draft_url=request.build_absolute_uri(obj.draft.get_absolute_url())
        ):
            messages.info(request, f"La respuesta se enviará por correo a {obj.email}.")
