"""
Verbal petitions (Decreto 1166 de 2016, compiled in Decreto 1069 de 2015): staff radicate what
a citizen says in person or by phone, at once, through the same filing as the web form (same
radicado series, terms and outbox), and keep the constancia: the facts as told, the time, the
official, whether the radicado was handed over, and the native language and its translation.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import filing
from .models import Attachment, VerbalPetition


@transaction.atomic
def file_verbal_petition(
    *,
    data: dict,
    channel: str,
    stated_at,
    facts: str,
    radicado_given: bool,
    language=None,
    interpreter: str = "",
    files=(),
    translation=None,
    user,
    now=None,
) -> filing.FilingResult:
    """
    Radicate a verbal petition. The term counts from `stated_at`, when the citizen spoke (the
    receipt rule of the settings applies to it); `now` is when the official typed it.
    """
    now = now or timezone.now()
    if stated_at > now:
        raise ValidationError("La hora de la petición no puede ser futura.", code="future")
    result = filing.file_request(data=data, files=files, channel=channel, user=user, now=stated_at)
    VerbalPetition.objects.create(
        request=result.request,
        stated_at=stated_at,
        facts=facts,
        radicado_given=radicado_given,
        language=language,
        interpreter=interpreter,
        recorded_at=now,
    )
    if translation is not None:
        filing._store_attachment(result.request, translation, Attachment.Kind.TRANSLATION, now)
    return result


@transaction.atomic
def attach_translation(request, *, upload, interpreter="", user, now=None):
    """Attach the Spanish translation of a petition made in a native language, when it arrives."""
    now = now or timezone.now()
    verbal = VerbalPetition.objects.select_for_update().filter(request=request).first()
    if verbal is None or verbal.language_id is None:
        raise ValidationError(
            "Solo las peticiones verbales en lengua nativa llevan traducción.",
            code="not_native_language",
        )
    if interpreter:
        verbal.interpreter = interpreter
        verbal.save(update_fields=["interpreter"])
    attachment = filing._store_attachment(request, upload, Attachment.Kind.TRANSLATION, now)
    filing._record(
        request,
        request.status,
        user,
        internal_note=f"Se adjuntó la traducción al castellano ({attachment.original_name}).",
        now=now,
    )
    return attachment
