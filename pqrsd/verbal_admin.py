"""
The staff side of verbal petitions and of receipt and notification, mixed into RequestAdmin so
its office scope applies: radicate a verbal petition, print the receipt (acuse de recibo and
constancia of the verbal petition), attach a translation, and print the constancia de
notificación. Another office's request is a 404, as in every step.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from portal.admin import PortalModelAdmin, ScopedRelationsMixin
from portal.outbox import decrypt_secret, encrypt_secret

from . import filing, notification, verbal
from .models import (
    AnswerNotification,
    Attachment,
    NativeLanguage,
    NotificationConsent,
    Request,
    VerbalPetition,
)
from .verbal_forms import StaffConsentForm, TranslationForm, VerbalFilingForm

SESSION_CODES = "pqrsd_staff_codes"  # request id -> tracking code, for the receipt just printed
SESSION_CODES_KEPT = 3


class ReceiptAdminMixin:
    """Mixed into RequestAdmin: verbal filing, printable receipt, translation, constancia."""

    def receipt_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("verbal/", wrap(self.verbal_add_view), name="pqrsd_request_verbal"),
            path("<int:pk>/recibo/", wrap(self.receipt_view), name="pqrsd_request_receipt"),
            path(
                "<int:pk>/traduccion/",
                wrap(self.translation_view),
                name="pqrsd_request_translation",
            ),
            path(
                "<int:pk>/notificacion-electronica/",
                wrap(self.consent_view),
                name="pqrsd_request_consent",
            ),
            path(
                "<int:pk>/constancia-notificacion/",
                wrap(self.notification_record_view),
                name="pqrsd_request_notification_record",
            ),
        ]

    def remember_code(self, request, result):
        """Keep the new request's tracking code in this official's session for its receipt."""
        kept = list(request.session.get(SESSION_CODES, {}).items())
        request.session[SESSION_CODES] = {
            **dict(kept[-(SESSION_CODES_KEPT - 1) :]),
            str(result.request.pk): encrypt_secret(result.tracking_code),
        }

    def _get_for_view(self, request, pk, queryset=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = queryset if queryset is not None else self.get_queryset(request)
        return get_object_or_404(queryset, pk=pk)

    def verbal_add_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = VerbalFilingForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = verbal.file_verbal_petition(
                    data=form.request_data(),
                    **form.verbal_data(),
                    files=form.cleaned_data["attachments"],
                    translation=form.cleaned_data["translation"],
                    user=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.remember_code(request, result)
                self.message_user(
                    request,
                    f"Petición verbal radicada con el número {result.request.radicado}. "
                    "Imprima o lea el recibo al ciudadano.",
                    messages.SUCCESS,
                )
                return redirect("admin:pqrsd_request_receipt", result.request.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Radicar una petición verbal (presencial o telefónica)",
            "help_text": "Decreto 1166 de 2016: la petición verbal se radica en el momento, "
            "también fuera del horario de atención, y la falta de documentos no es motivo para "
            "no recibirla. Escriba lo que el ciudadano dice, con sus palabras.",
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/pqrsd/request/step_form.html", context)

    def receipt_view(self, request, pk):
        """The printable receipt: acuse de recibo, and the constancia of a verbal petition."""
        # The official who radicated it prints the receipt even before it is assigned to an
        # office (their own office's scope would otherwise hide it); once assigned, the
        # office's scope decides, as for any request.
        own = Request.objects.filter(created_by=request.user, office__isnull=True)
        queryset = (
            (self.get_queryset(request) | own)
            .select_related("created_by", "verbal__language", "addressee_entity")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        )
        obj = self._get_for_view(request, pk, queryset)
        verbal_record = getattr(obj, "verbal", None)  # reverse one-to-one: None if not verbal
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "req": obj,
            "verbal": verbal_record,
            "attachments": list(obj.attachments.all()),
            "code": decrypt_secret(request.session.get(SESSION_CODES, {}).get(str(obj.pk), "")),
            "explanation": filing.explain(obj),
            "title": f"Recibo de la solicitud {obj.radicado}",
        }
        return TemplateResponse(request, "admin/pqrsd/request/receipt.html", context)

    def translation_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        form = TranslationForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                verbal.attach_translation(
                    obj,
                    upload=form.cleaned_data["translation"],
                    interpreter=form.cleaned_data["interpreter"],
                    user=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(request, "Traducción adjuntada.", messages.SUCCESS)
                return redirect("admin:pqrsd_request_change", obj.pk)
        return self._render_step(request, obj, form, "Adjuntar la traducción al castellano")

    def consent_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        return self._step(
            request,
            obj,
            StaffConsentForm,
            lambda obj, data: notification.record_consent(
                obj,
                accepted=data["accept"],
                email=data["email"],
                source=NotificationConsent.Source.STAFF,
            ),
            "Registrar la notificación electrónica",
            help_text="Cuando el ciudadano acepta o revoca en la ventanilla o por teléfono "
            "(art. 56 del CPACA). Léale el texto: la notificación queda hecha cuando abra la "
            "respuesta, y puede revocarla cuando quiera. Queda con fecha y hora en la constancia "
            "de notificación.",
        )

    def notification_record_view(self, request, pk):
        """The constancia de notificación: consents, send time and first opening of the answer."""
        queryset = (
            self.get_queryset(request)
            .select_related("notification")
            .prefetch_related(
                Prefetch(
                    "notification_consents",
                    queryset=NotificationConsent.objects.order_by("created_at", "pk"),
                )
            )
        )
        obj: Request = self._get_for_view(request, pk, queryset)
        try:
            record = obj.notification
        except AnswerNotification.DoesNotExist:
            record = None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "req": obj,
            "record": record,
            "email": notification.sent_email(record) if record else None,
            "consents": list(obj.notification_consents.all()),
            "answer_matches": bool(
                record and record.answer_sha256 == notification.answer_fingerprint(obj.answer)
            ),
            "title": f"Constancia de notificación de la solicitud {obj.radicado}",
        }
        return TemplateResponse(request, "admin/pqrsd/request/notification_record.html", context)


class VerbalPetitionInline(ScopedRelationsMixin, admin.StackedInline):
    """The constancia of a verbal petition, read-only on the request's page."""

    model = VerbalPetition
    extra = 0
    max_num = 0
    can_delete = False
    fields = (
        "stated_at",
        "facts",
        "radicado_given",
        "language",
        "interpreter",
        "recorded_at",
    )
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NativeLanguage)
class NativeLanguageAdmin(PortalModelAdmin):
    list_display = ("name", "people", "verified", "active")
    list_filter = ("verified", "active")
    search_fields = ("name", "people")
