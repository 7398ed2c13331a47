"""
The staff side of art. 17 in the admin: a filter "desistimiento por declarar", a step page and a
list action that declare the desistimiento tácito by a reasoned act (pqrsd.completion). Mixed
into RequestAdmin, so the office scope of its queryset applies to both.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone

from . import completion
from .completion_forms import WithdrawalForm


class WithdrawalDueFilter(admin.SimpleListFilter):
    """Requests whose month to complete (or its extension) has passed without an answer."""

    title = "desistimiento tácito"
    parameter_name = "desistimiento"

    def lookups(self, request, model_admin):
        return (("por_declarar", "Desistimiento por declarar"),)

    def queryset(self, request, queryset):
        if self.value() == "por_declarar":
            return completion.withdrawals_due(queryset, timezone.localdate())
        return queryset


class CompletionAdminMixin:
    """Mixed into RequestAdmin: the step page and the list action of the desistimiento."""

    actions = ["declare_withdrawal"]

    def withdrawal_view(self, request, pk):
        obj = self._get_for_change(request, pk)
        deadline = obj.completion_deadline
        return self._step(
            request,
            obj,
            WithdrawalForm,
            lambda o, data: completion.declare_withdrawal(
                o,
                user=request.user,
                motivation=data["motivation"],
                act_reference=data["act_reference"],
            ),
            "Declarar el desistimiento tácito",
            form_kwargs={"initial": {"motivation": completion.default_motivation(obj)}},
            help_text="El ciudadano no completó la solicitud en el plazo"
            + (f" (hasta el {deadline:%d/%m/%Y})" if deadline else "")
            + ". La ley exige un acto motivado de la entidad (art. 17, Ley 1755 de 2015): revise "
            "la motivación. Al confirmar, la solicitud termina, el ciudadano recibe la "
            "notificación por correo (si lo dio) y la ve en la consulta, con la indicación de "
            "que puede presentarla de nuevo. Si no tiene correo, notifíquela personalmente.",
        )

    @admin.action(description="Declarar el desistimiento tácito de las seleccionadas")
    def declare_withdrawal(self, request, queryset):
        if not self.has_change_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        selected = list(queryset.select_related("office"))
        due = [r for r in selected if completion.withdrawal_is_due_for(r, today)]
        form = WithdrawalForm(request.POST if "confirmar" in request.POST else None)
        if "confirmar" in request.POST and form.is_valid():
            done, refused = 0, []
            for item in due:
                try:
                    completion.declare_withdrawal(
                        item,
                        user=request.user,
                        motivation=form.cleaned_data["motivation"],
                        act_reference=form.cleaned_data["act_reference"],
                    )
                    done += 1
                except ValidationError as error:
                    refused.extend(error.messages)
            if done:
                self.message_user(
                    request,
                    f"Se declaró el desistimiento tácito de {done} solicitud"
                    f"{'es' if done != 1 else ''} y se notificó a los ciudadanos.",
                    messages.SUCCESS,
                )
            for message in refused:
                self.message_user(request, message, messages.ERROR)
            return None
        if not due:
            self.message_user(
                request,
                "Ninguna de las solicitudes elegidas tiene el desistimiento por declarar: solo "
                "procede cuando venció el plazo para completarla sin que el ciudadano lo hiciera.",
                messages.WARNING,
            )
            return None
        if not form.is_bound:
            form = WithdrawalForm(initial={"motivation": completion.DEFAULT_MOTIVATION_GENERIC})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Declarar el desistimiento tácito",
            "due": due,
            "skipped": [r for r in selected if r not in due],
            "form": form,
            "action_name": "declare_withdrawal",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/pqrsd/request/withdrawal_confirm.html", context)
