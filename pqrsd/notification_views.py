"""Citizen pages of electronic notification: consent and revocation, and the e-mail's link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .access import grant, proven_request
from .forms import NotificationConsentForm
from .models import AnswerNotification, NotificationConsent
from .notification import current_consent, record_consent, record_open, request_from_token


def tracking_context(request_obj):
    """
    What the tracking page adds: the consent in force, and the first opening of the answer,
    recorded here because the page shows it to the person who proved the code.
    """
    record = None
    if request_obj.answered_at:
        record = AnswerNotification.objects.filter(request=request_obj).first()
        if record is not None and record.first_opened_at is None:
            now = timezone.now()
            if record_open(request_obj, AnswerNotification.Via.TRACKING, now):
                record.first_opened_at = now
                record.first_opened_via = AnswerNotification.Via.TRACKING
    return {"consent": current_consent(request_obj), "answer_notification": record}


@never_cache
def consent(request, radicado):
    """Accept or revoke electronic notification; only for whoever proved the code."""
    request_obj = proven_request(request, radicado)
    if request_obj is None:
        return redirect("pqrsd:track")
    current = current_consent(request_obj)
    accepted = bool(current and current.accepted)
    initial = {"accept": "0" if accepted else "1", "email": request_obj.email}
    data = request.POST if request.method == "POST" else None
    form = NotificationConsentForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_consent(
                request_obj,
                accepted=form.cleaned_data["accept"],
                email=form.cleaned_data["email"],
                source=NotificationConsent.Source.TRACKING,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("email", message)
        else:
            messages.success(
                request,
                "Aceptó la notificación electrónica."
                if form.cleaned_data["accept"]
                else "Revocó la notificación electrónica: le entregaremos la respuesta por el "
                "medio que eligió.",
            )
            return redirect("pqrsd:status", radicado=request_obj.radicado)
    return render(
        request,
        "pqrsd/notification_consent.html",
        {"req": request_obj, "form": form, "consent": current, "accepted": accepted},
    )


@never_cache
def notification_link(request, token):
    """
    The signed link of the notice e-mail. Opening it shows a button; pressing it records the
    first opening and shows the answer. Mail scanners that fetch every link in a message (GET)
    must not be taken for the citizen: the notification dates the terms for any appeal.
    """
    request_obj = request_from_token(token)
    if request_obj is None:
        return render(request, "pqrsd/notification_link_invalid.html", status=404)
    if request.method != "POST":
        return render(request, "pqrsd/notification_open.html", {"req": request_obj})
    record_open(request_obj, AnswerNotification.Via.LINK)
    grant(request, request_obj)
    return redirect("pqrsd:status", radicado=request_obj.radicado)
