"""
The citizen's side of art. 17 on the tracking page: complete the request online, or ask once
for one more month. Access is the tracking code this browser proved (pqrsd.access);
without it the citizen is sent to the tracking form.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal.ratelimit import allow_request

from . import completion
from .access import proven_request
from .completion_forms import CitizenCompletionForm, CompletionExtensionForm
from .models import Request, StatusChange

COMPLETE_LIMIT_PER_HOUR = 10
ALREADY_RECEIVED = (
    "Ya habíamos recibido esta información (el formulario se envió dos veces); no se registró "
    "de nuevo."
)


def _render(request, request_obj, form, status=200, **extra):
    today = timezone.localdate()
    context = {
        "req": request_obj,
        "form": form,
        "awaiting": completion.awaiting(request_obj),
        "window": completion.window_summary(request_obj, today),
        "extension_form": CompletionExtensionForm(),
        "today": today,
        **extra,
    }
    return render(request, "pqrsd/completion_form.html", context, status=status)


@never_cache
def complete(request, radicado):
    """The form to complete a request the office asked to complete; keeps what was typed."""
    request_obj = proven_request(
        request, radicado, Request.objects.select_related("office__entity")
    )
    if request_obj is None:
        return redirect("pqrsd:track")
    if request.method != "POST":
        form = CitizenCompletionForm(initial={"form_token": secrets.token_urlsafe(16)})
        return _render(request, request_obj, form)

    form = CitizenCompletionForm(request.POST, request.FILES)
    uploaded_names = [f.name for f in request.FILES.getlist("attachments")][:10]
    if form.data.get("website"):
        return _render(request, request_obj, form, status=400, blocked=True)
    token = form.data.get("form_token", "")
    if not completion.awaiting(request_obj):
        if (
            token
            and StatusChange.objects.filter(request=request_obj, submission_key=token).exists()
        ):
            messages.info(request, ALREADY_RECEIVED)
            return redirect("pqrsd:status", radicado=request_obj.radicado)
        return _render(request, request_obj, form, status=409, not_awaiting=True)
    if not form.is_valid():
        return _render(request, request_obj, form, reattach=uploaded_names)
    if not allow_request(request, "pqrsd-complete", COMPLETE_LIMIT_PER_HOUR, 3600):
        return _render(request, request_obj, form, status=429, rate_limited=True)
    try:
        result = completion.submit_completion(
            request_obj,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["attachments"],
            submission_key=form.cleaned_data["form_token"] or None,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render(request, request_obj, form, status=409, reattach=uploaded_names)
    if result.created:
        messages.success(
            request,
            "Recibimos su información. El plazo de respuesta volvió a correr: le responderemos "
            f"a más tardar el {result.request.due_date:%d/%m/%Y}.",
        )
    else:
        messages.info(request, ALREADY_RECEIVED)
    return redirect("pqrsd:status", radicado=request_obj.radicado)


@never_cache
def extend(request, radicado):
    """The citizen's one extension of the month to complete (art. 17)."""
    request_obj = proven_request(
        request, radicado, Request.objects.select_related("office__entity")
    )
    if request_obj is None:
        return redirect("pqrsd:track")
    if request.method != "POST":
        return redirect("pqrsd:completion", radicado=request_obj.radicado)
    form = CompletionExtensionForm(request.POST)
    if form.data.get("website"):
        return _render(request, request_obj, CitizenCompletionForm(), status=400, blocked=True)
    if not form.is_valid():
        return _render(
            request,
            request_obj,
            CitizenCompletionForm(initial={"form_token": secrets.token_urlsafe(16)}),
            extension_errors=form.non_field_errors(),
        )
    if not allow_request(request, "pqrsd-complete", COMPLETE_LIMIT_PER_HOUR, 3600):
        return _render(request, request_obj, CitizenCompletionForm(), status=429, rate_limited=True)
    try:
        updated = completion.extend_window(request_obj)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("pqrsd:status", radicado=request_obj.radicado)
    messages.success(
        request,
        "Registramos su prórroga. Tiene hasta el "
        f"{updated.completion_deadline:%d/%m/%Y} para completar su solicitud.",
    )
    return redirect("pqrsd:status", radicado=request_obj.radicado)
