"""
The staff side of PQRSD: an inbox per office (sorted by due date, overdue and due-soon
highlighted), and one page per step (assign, process, extend, ask for completion, answer,
close, file on behalf of a citizen). Every step goes through pqrsd.filing and leaves a history
entry with who and when.
"""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from portal.admin import EntityScopedAdmin, PortalModelAdmin, ScopedRelationsMixin
from portal.models import OutboundEmail

from . import completion, data_rights, deadlines, filing, inbox, legal, stats
from .completion_admin import CompletionAdminMixin, WithdrawalDueFilter
from .forms import (
    AnswerForm,
    AssignForm,
    CompletionForm,
    ExtendForm,
    NoteForm,
    PriorityForm,
    ReferralForm,
    StaffFilingForm,
)
from .models import (
    OPEN_STATUSES,
    AnswerTemplate,
    Attachment,
    CompetentAuthority,
    NonWorkingDay,
    Request,
    RequestStatus,
    StatusChange,
)
from .periods import parse_period, recent_years
from .verbal_admin import ReceiptAdminMixin, VerbalPetitionInline
from .views import report_csv

DUE_SOON_BUSINESS_DAYS = 3


class StatusChangeInline(ScopedRelationsMixin, admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "status",
        "office",
        "user",
        "public_note",
        "internal_note",
        "citizen_text",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "office__entity")


class AttachmentInline(ScopedRelationsMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("download", "kind", "content_type", "size", "uploaded_at")
    readonly_fields = fields

    @admin.display(description="archivo")
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("pqrsd:attachment", args=[obj.pk]), obj.original_name
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def due_badge_for(today, soon_limit):
    """A list column: the due date with a class for overdue and due within 3 business days."""

    @admin.display(description="vence", ordering="due_date")
    def due(obj):
        if not obj.is_open:
            css, label = "pqrsd-badge pqrsd-done", "Respondida" if obj.answered_at else "Cerrada"
            if obj.status == RequestStatus.REFERRED:
                label = "Trasladada"
            if obj.status == RequestStatus.WITHDRAWN:
                label = "Desistida"
        elif obj.status == RequestStatus.AWAITING_COMPLETION:
            css, label = "pqrsd-badge pqrsd-paused", "Término suspendido"
            if completion.withdrawal_is_due_for(obj, today):  # art. 17: the month has passed
                css, label = "pqrsd-badge pqrsd-overdue", "Desistimiento por declarar"
        elif obj.due_date < today:
            css, label = "pqrsd-badge pqrsd-overdue", "Vencida"
        elif obj.due_date <= soon_limit:
            css, label = "pqrsd-badge pqrsd-soon", "Vence pronto"
        else:
            css, label = "pqrsd-badge pqrsd-ok", "A tiempo"
        return format_html(
            '<span class="{}">{}</span> {}', css, label, obj.due_date.strftime("%d/%m/%Y")
        )

    return due


class SituationFilter(admin.SimpleListFilter):
    """The inbox opens on what still needs an answer; answered and closed ones are one click away."""

    title = "situación"
    parameter_name = "situacion"
    OPTIONS = (
        ("abiertas", "Abiertas (por responder)"),
        ("vencidas", "Vencidas"),
        ("respondidas", "Respondidas o cerradas"),
        ("todas", "Todas"),
    )

    def __init__(self, request, params, model, model_admin):
        # A search (for a radicado, a name) looks in every request unless a situation is chosen.
        self.default = "todas" if request.GET.get("q") else "abiertas"
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return self.OPTIONS

    def value(self):
        value = super().value()
        return value if value in dict(self.OPTIONS) else self.default

    def choices(self, changelist):
        for key, label in self.OPTIONS:
            yield {
                "selected": self.value() == key,
                "query_string": changelist.get_query_string({self.parameter_name: key}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == "abiertas":
            return queryset.open()
        if value == "vencidas":
            return queryset.overdue(timezone.localdate())
        if value == "respondidas":
            return queryset.exclude(status__in=OPEN_STATUSES)
        return queryset


@admin.register(Request)
class RequestAdmin(ReceiptAdminMixin, CompletionAdminMixin, EntityScopedAdmin):
    office_path = "office"
    list_display = ("radicado", "request_type", "subject", "office", "status", "channel")
    list_filter = (
        SituationFilter,
        WithdrawalDueFilter,
        data_rights.DataRightsFilter,
        *inbox.LEGAL_FILTERS,
        "status",
        "request_type",
        "channel",
        "office__entity",
        "office",
    )
    list_select_related = ("office__entity",)
    search_fields = ("=radicado", "subject", "name", "=document_number", "email")
    ordering = inbox.INBOX_ORDERING  # prioritised first (Ley 1755 art. 20), then due date
    list_per_page = 50
    show_full_result_count = False
    inlines = [StatusChangeInline, AttachmentInline, VerbalPetitionInline]
    change_form_template = "admin/pqrsd/request/change_form.html"
    change_list_template = "admin/pqrsd/request/change_list.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "radicado",
                    "request_type",
                    "status",
                    "subject",
                    "description",
                    "channel",
                    "addressee_entity",
                    "addressee_office",
                    "office",
                )
            },
        ),
        (
            "Términos",
            {
                "fields": (
                    "filed_at",
                    "received_on",
                    "term_days",
                    "original_due_date",
                    "due_date",
                    "extended_at",
                    "extension_reason",
                    "completion_requested_on",
                )
            },
        ),
        (
            "Solicitante",
            {
                "fields": (
                    "is_anonymous",
                    "person_kind",
                    "document_type",
                    "document_number",
                    "name",
                    "email",
                    "phone",
                    "address",
                    "answer_channel",
                    "data_consent_at",
                    "created_by",
                )
            },
        ),
        (
            "Respuesta",
            {
                "fields": (
                    "answered_at",
                    "answer",
                    "response_business_days",
                    "answered_on_time",
                    "denial_ground",
                    "denial_partial",
                    "denial_reason",
                    "closed_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        # Not EntityScopedAdmin's rule: the GEL-T committee does not see citizens' requests of
        # other offices; only Correspondencia and superusers see every office.
        queryset = Request.objects.visible_to(request.user)
        return queryset.select_related("office__entity")

    def scope_queryset(self, request, queryset):
        # The same rule for relation fields, list filters and autocomplete (portal.admin).
        return queryset.visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f for fieldset in self.fieldsets for f in fieldset[1]["fields"]]

    def get_list_display(self, request):
        today = timezone.localdate()
        named = legal.inbox_non_working(today)  # one query, also for the legal marks
        soon = deadlines.add_business_days(today, DUE_SOON_BUSINESS_DAYS, named)
        due = due_badge_for(today, soon)
        marks = inbox.legal_marks_for(today, named)
        return ("radicado", due, marks, "request_type", "subject", "office", "status", "channel")

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was filed and answered must stay

    def get_urls(self):
        wrap = self.admin_site.admin_view
        steps = [
            ("asignar", self.assign_view, "assign"),
            ("tramitar", self.process_view, "process"),
            ("prorrogar", self.extend_view, "extend"),
            ("completar", self.completion_view, "completion"),
            ("completada", self.completed_view, "completed"),
            ("responder", self.answer_view, "answer"),
            ("cerrar", self.close_view, "close"),
            ("desistimiento", self.withdrawal_view, "withdrawal"),
            ("no-competente", self.not_competent_view, "not_competent"),
            ("competente", self.competent_view, "competent"),
            ("trasladar", self.refer_view, "refer"),
            ("prioridad", self.priority_view, "priority"),
        ]
        urls = [
            path(f"<int:pk>/{slug}/", wrap(view), name=f"pqrsd_request_{name}")
            for slug, view, name in steps
        ]
        urls.append(path("informe/", wrap(self.report_view), name="pqrsd_request_report"))
        # Habeas data (pqrsd/data_rights.py): rectify and anonymise the requester's data.
        for slug, view, name in (
            ("rectificar-datos", data_rights.rectify_view, "rectify"),
            ("anonimizar", data_rights.anonymise_view, "anonymise"),
        ):
            urls.append(
                path(
                    f"<int:pk>/{slug}/",
                    wrap(partial(view, self)),
                    name=f"pqrsd_request_{name}",
                )
            )
        urls += self.receipt_urls()  # verbal petitions, receipt, constancia (verbal_admin.py)
        return urls + super().get_urls()

    def report_view(self, request):
        """Counts by type, office, status, month and channel, on-time share, average time."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        # A year, or every year; the staff report has no quarters (the public report has).
        period = parse_period(request.GET.get("anio"), None, today=today, every_year=True)
        year, start, end = period.year, period.start, period.end
        totals = stats.request_stats(start=start, end=end, today=today)
        by_month = stats.requests_by_month(start=start, end=end)
        if request.GET.get("formato") == "csv":
            return report_csv(totals, by_month, year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "year": year,
            "years": recent_years(today),
            "totals": totals,
            "by_month": by_month,
            "csv_url": f"{reverse('admin:pqrsd_request_report')}?formato=csv"
            + (f"&anio={year}" if year else ""),
            "title": "Informe de PQRSD",
        }
        return TemplateResponse(request, "admin/pqrsd/request/report.html", context)

    # --- steps ---

    def _get_for_change(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def _step(self, request, obj, form_class, run, title, *, form_kwargs=None, help_text=""):
        """A staff step on `obj` (loaded with `_get_for_change`): its form, run when valid."""
        form_kwargs = form_kwargs or {}
        form = form_class(request.POST or None, request.FILES or None, **form_kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                run(obj, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(request, f"{title}: listo.", messages.SUCCESS)
                return redirect("admin:pqrsd_request_change", obj.pk)
        return self._render_step(request, obj, form, title, help_text)

    def _render_step(self, request, obj, form, title, help_text=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "form": form,
            "title": f"{title}: {obj.radicado}",
            "help_text": help_text,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/pqrsd/request/step_form.html", context)

    def assign_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            AssignForm,
            lambda obj, data: filing.assign(
                obj, office=data["office"], user=request.user, note=data["note"]
            ),
            "Asignar a una dependencia",
        )

    def process_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            NoteForm,
            lambda obj, data: filing.start_processing(obj, user=request.user, note=data["note"]),
            "Marcar en trámite",
        )

    def extend_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            ExtendForm,
            lambda obj, data: filing.extend(
                obj, new_due_date=data["new_due_date"], reason=data["reason"], user=request.user
            ),
            "Prorrogar el término",
            help_text="Solo una vez, antes del vencimiento inicial "
            f"({obj.original_due_date:%d/%m/%Y}), con los motivos, y sin pasar del "
            f"{filing.extension_cap(obj):%d/%m/%Y}: "
            f"{deadlines.extension_basis(obj.request_type)}.",
        )

    def completion_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            CompletionForm,
            lambda obj, data: filing.request_completion(
                obj, what_is_missing=data["what_is_missing"], user=request.user
            ),
            "Pedir al ciudadano que complete la solicitud",
            help_text="El término se suspende hasta que el ciudadano complete; tiene un mes, "
            "prorrogable una vez (art. 17, Ley 1755 de 2015).",
        )

    def completed_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            NoteForm,
            lambda obj, data: filing.record_completion(obj, user=request.user, note=data["note"]),
            "Registrar que el ciudadano completó la solicitud",
            help_text="El término vuelve a correr desde el día hábil siguiente a hoy.",
        )

    def not_competent_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            NoteForm,
            lambda obj, data: legal.mark_not_competent(obj, user=request.user, note=data["note"]),
            "Marcar como no competente",
            help_text="La solicitud debe trasladarse a la autoridad competente dentro de los 5 "
            "días hábiles siguientes a su recibo (art. 21, Ley 1755 de 2015). Queda marcada en "
            "la bandeja hasta que la traslade.",
        )

    def competent_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            NoteForm,
            lambda obj, data: legal.keep_competent(obj, user=request.user, note=data["note"]),
            "Sí es competencia nuestra",
            help_text="Quita la marca de «no competente»: la solicitud sigue su trámite y su "
            "vencimiento ordinario.",
        )

    def refer_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            ReferralForm,
            lambda obj, data: legal.refer(
                obj,
                authority=data["authority"],
                authority_name=data["authority_name"],
                authority_email=data["authority_email"],
                reason=data["reason"],
                user=request.user,
            ),
            "Trasladar a la autoridad competente",
            help_text="La solicitud se cierra como «trasladada»; el ciudadano recibe por correo "
            "y ve en la consulta a quién y por qué, y la autoridad recibe la solicitud por correo "
            "(art. 21, Ley 1755 de 2015). Plazo para trasladar: "
            f"{legal.referral_deadline(obj):%d/%m/%Y} (5 días hábiles desde el recibo).",
        )

    def priority_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            PriorityForm,
            lambda obj, data: legal.set_priority(
                obj, reason=data["priority_reason"], user=request.user, note=data["note"]
            ),
            "Atención prioritaria",
            form_kwargs={"initial": {"priority_reason": obj.priority_reason}},
            help_text="Art. 20 de la Ley 1755 de 2015 y Ley 1618 de 2013. Las prioritarias van "
            f"primero en la bandeja y tienen una meta interna de {legal.priority_target_days()} "
            "días hábiles; el vencimiento legal no cambia.",
        )

    def close_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            NoteForm,
            lambda obj, data: filing.close(obj, user=request.user, note=data["note"]),
            "Cerrar la solicitud",
        )

    def answer_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        kwargs = {"request_type": obj.request_type}
        if request.method == "POST" and "_use_template" in request.POST:
            form = AnswerForm(request.POST, **kwargs)
            form.is_valid()
            template = form.cleaned_data.get("template")
            if template is not None:
                text = template.body.replace("{nombre}", obj.name or "ciudadano(a)")
                text = text.replace("{radicado}", obj.radicado)
                text = text.replace("{fecha}", obj.filed_on.strftime("%d/%m/%Y"))
                form = AnswerForm(initial={"template": template.pk, "text": text}, **kwargs)
            return self._render_step(request, obj, form, "Responder")
        return self._step(
            request,
            obj,
            AnswerForm,
            lambda o, data: filing.answer(
                o,
                text=data["text"],
                files=data["files"],
                user=request.user,
                denial_ground=data["denial_ground"],
                denial_partial=data["denial_partial"],
                denial_reason=data["denial_reason"],
            ),
            "Responder",
            form_kwargs=kwargs,
        )

    # --- filing on behalf of a citizen ---

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StaffFilingForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result = filing.file_request(
                data=form.request_data(),
                files=form.cleaned_data["attachments"],
                channel=form.cleaned_data["channel"],
                user=request.user,
            )
            self.remember_code(request, result)  # the printable receipt shows it this once
            self.message_user(
                request,
                f"Radicado {result.request.radicado}. Imprima este recibo con el código de "
                "consulta y entrégueselo al ciudadano (el código solo se muestra aquí). "
                f"Vence el {result.request.due_date:%d/%m/%Y}.",
                messages.SUCCESS,
            )
            return redirect("admin:pqrsd_request_receipt", result.request.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Radicar a nombre de un ciudadano (ventanilla, teléfono o papel)",
            "help_text": "Use el mismo radicado y la misma bandeja para todos los canales.",
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/pqrsd/request/step_form.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is read-only: changes happen only through the steps, which keep history.
        extra_context = {
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            **(extra_context or {}),
        }
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["pqrsd_explanation"] = filing.explain(obj)
            extra_context["pqrsd_legal"] = legal.staff_context(obj, timezone.localdate())
            extra_context["pqrsd_can_change"] = self.has_change_permission(request, obj)
            extra_context["pqrsd_emails"] = OutboundEmail.objects.for_reference(obj.radicado)
            extra_context.update(data_rights.admin_context(request, obj))
        return super().change_view(request, object_id, form_url, extra_context)

    class Media:
        css = {"all": ["pqrsd/admin.css"]}


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(PortalModelAdmin):
    list_display = ("title", "request_type")
    list_filter = ("request_type",)
    search_fields = ("title", "body")


@admin.register(CompetentAuthority)
class CompetentAuthorityAdmin(PortalModelAdmin):
    """The list staff pick from when referring a request (Ley 1755 art. 21)."""

    list_display = ("name", "email", "matters", "active")
    list_editable = ("email", "active")
    list_filter = ("active",)
    search_fields = ("name", "matters", "email")


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(PortalModelAdmin):
    list_display = ("date", "name", "act")
    date_hierarchy = "date"
