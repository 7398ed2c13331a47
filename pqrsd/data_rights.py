"""
Citizens' rights over their data (Ley 1581 de 2012, Decreto 1377 de 2013; docs/datos-personales.md).

- The "mis datos" form: a citizen asks to see (consulta, art. 14) or to correct, delete or
  revoke (reclamo, art. 15) their personal data. It is filed as a PQRSD of its own type through
  pqrsd.filing, so it gets a radicado, a code, its legal term and the outbox.
- "Reclamo en trámite" (art. 15): while a reclamo of a person is open, their requests carry the
  legend, computed from the open reclamos with the same document (nothing to set or forget).
- Staff of the Protección de datos personales group rectify a requester's data (the history
  says who, when and which fields, never the old values) and anonymise a finished request
  after the retention period; `manage.py anonymise_requests` anonymises what is due each day.
"""

import copy
import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Replace, Upper
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal.antispam import AntiSpamMixin
from portal.models import OutboundEmail
from portal.ratelimit import allow_request
from portal.roles import DATA_PROTECTION_GROUP, group_names

from . import personal_data
from .access import grant
from .filing import file_request_and_survive
from .form_tokens import confirmation_context, kept_code, new_form_token
from .forms import RequestForm
from .models import (
    DATA_RIGHTS_TYPES,
    OPEN_STATUSES,
    Attachment,
    Request,
    RequestType,
    StatusChange,
)
from .radicado import new_tracking_code, parse_radicado, tracking_code_matches

# --- The citizen's form ---

RIGHTS = {
    "conocer": ("Conocer qué datos personales míos tiene el portal", RequestType.HABEAS_CONSULTA),
    "rectificar": ("Corregir o actualizar mis datos", RequestType.HABEAS_RECLAMO),
    "suprimir": ("Suprimir (borrar) mis datos", RequestType.HABEAS_RECLAMO),
    "revocar": ("Revocar la autorización que di para tratar mis datos", RequestType.HABEAS_RECLAMO),
}
RIGHT_HELP = {
    "conocer": "Le diremos qué datos suyos guardamos, de dónde vienen y para qué los usamos. "
    "Respuesta en 10 días hábiles (prorrogables 5).",
    "rectificar": "Diga qué dato está mal y cuál es el correcto. Respuesta en 15 días hábiles "
    "(prorrogables 8).",
    "suprimir": "Los datos de una PQRSD se conservan el tiempo que exige el archivo; después se "
    "borran. Respuesta en 15 días hábiles (prorrogables 8).",
    "revocar": "Dejaremos de usar sus datos para lo que no exija la ley. Respuesta en 15 días "
    "hábiles (prorrogables 8).",
}
DATA_RIGHTS_LIMIT_PER_HOUR = 20


def _copy_field(name, **changes):
    """A field of the PQRSD form, with the same validators and Spanish messages."""
    field = copy.deepcopy(RequestForm.base_fields[name])
    for attribute, value in changes.items():
        setattr(field, attribute, value)
    return field


def _required(name, message, **changes):
    field = _copy_field(name, required=True, **changes)
    field.error_messages = {**field.error_messages, "required": message}
    return field


class RightRadioSelect(forms.RadioSelect):
    """The rights, each with its help text (the same widget template as the request types)."""

    template_name = "pqrsd/widgets/type_radio.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = RIGHT_HELP.get(str(value), "")
        option["attrs"]["aria-describedby"] = f"ayuda-tipo-{value}"
        return option


class DataRightsForm(AntiSpamMixin, forms.Form):
    """What a citizen asks about their personal data; every field kept when something is wrong."""

    right = forms.ChoiceField(
        label="¿Qué quiere hacer con sus datos?",
        choices=[(key, label) for key, (label, _) in RIGHTS.items()],
        widget=RightRadioSelect,
        error_messages={
            "required": "Elija qué quiere hacer con sus datos.",
            "invalid_choice": "Elija una de las opciones de la lista.",
        },
    )
    radicados = forms.CharField(
        label="Radicados de sus solicitudes (opcional)",
        max_length=300,
        required=False,
        help_text="Si sabe a qué solicitudes se refiere, escriba sus radicados separados por "
        "comas. Ejemplo: 2026-000123, 2025-000045.",
    )
    details = _copy_field(
        "description",
        label="Detalle",
        required=False,
        help_text="Para corregir: qué dato está mal y cuál es el correcto. Para suprimir o "
        "revocar: qué datos o qué uso. Máximo 10.000 caracteres.",
    )
    document_type = _required("document_type", "Elija el tipo de documento.")
    document_number = _required(
        "document_number",
        "Escriba el número de documento: con él buscamos sus datos.",
    )
    name = _required("name", "Escriba su nombre.", label="Nombres y apellidos")
    email = _copy_field("email")
    phone = _copy_field("phone")
    address = _copy_field("address")
    answer_channel = _copy_field("answer_channel")
    data_consent = forms.BooleanField(
        widget=forms.CheckboxInput(attrs={"data-sede": "data-authorisation"}),
        label="Autorizo el tratamiento de mis datos personales para responder esta solicitud",
        error_messages={
            "required": "Para radicar su solicitud debe autorizar el tratamiento de sus datos."
        },
    )
    website = forms.CharField(label="No llene este campo", required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    clean_form_token = RequestForm.clean_form_token

    def clean_details(self):
        return self.cleaned_data["details"].replace("\x00", "").strip()

    def clean_radicados(self):
        raw = self.cleaned_data["radicados"]
        found, wrong = [], []
        for part in (p.strip() for p in raw.replace(";", ",").split(",")):
            if not part:
                continue
            parsed = parse_radicado(part)
            if parsed is None:
                wrong.append(part[:30])
            else:
                found.append(f"{parsed[0]:04d}-{parsed[1]:06d}")
        if wrong:
            raise ValidationError(
                "Revise %(wrong)s: un radicado tiene la forma año-número, por ejemplo 2026-000123.",
                code="format",
                params={"wrong": ", ".join(f"«{w}»" for w in wrong)},
            )
        return list(dict.fromkeys(found))

    def clean(self):
        data = super().clean()
        right = data.get("right")
        if (
            right
            and right != "conocer"
            and not data.get("details")
            and "details" not in self.errors
        ):
            self.add_error(
                "details",
                ValidationError(
                    "Cuéntenos qué dato corregir, suprimir o qué autorización revocar.",
                    code="required",
                ),
            )
        channel = data.get("answer_channel")
        needs = {
            Request.AnswerChannel.EMAIL: ("email", "Escriba su correo para enviarle la respuesta."),
            Request.AnswerChannel.POSTAL: (
                "address",
                "Escriba la dirección donde enviarle la respuesta.",
            ),
        }
        if channel in needs:
            field, message = needs[channel]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, ValidationError(message, code="required"))
        return data

    def request_data(self):
        """The PQRSD this form files: its type, a plain subject and what the citizen asked."""
        data = self.cleaned_data
        label, request_type = RIGHTS[data["right"]]
        lines = [f"Derecho que ejerce: {label}."]
        if data["radicados"]:
            lines.append(f"Solicitudes a las que se refiere: {', '.join(data['radicados'])}.")
        if data["details"]:
            lines += ["", data["details"]]
        return {
            "request_type": request_type,
            "subject": f"Datos personales: {label[0].lower()}{label[1:]}",
            "description": "\n".join(lines),
            "is_anonymous": False,
            "person_kind": "natural",  # Ley 1581 protects natural persons
            **{
                key: data[key]
                for key in (
                    "document_type",
                    "document_number",
                    "name",
                    "email",
                    "phone",
                    "address",
                    "answer_channel",
                )
            },
        }


def _render(request, form, status=None, **extra):
    context = {"form": form, "right_help": RIGHT_HELP, **extra}
    return render(request, "pqrsd/data_rights.html", context, status=status)


@never_cache
def data_rights_form(request):
    """The "mis datos" form: filed like any PQRSD, then the same confirmation page."""
    if request.method != "POST":
        initial = {"form_token": new_form_token(request)}
        if request.GET.get("derecho") in RIGHTS:
            initial["right"] = request.GET["derecho"]
        return _render(request, DataRightsForm(initial=initial))

    form = DataRightsForm(request.POST)
    if form.data.get("website"):
        return _render(request, form, status=400, blocked=True)
    if not form.is_valid():
        if not form.cleaned_data.get("form_token"):
            form.data = form.data.copy()
            form.data["form_token"] = new_form_token(request)
        return _render(request, form)
    if not allow_request(request, "pqrsd-datos", DATA_RIGHTS_LIMIT_PER_HOUR, 3600):
        return _render(request, form, status=429, rate_limited=True)
    token = form.cleaned_data["form_token"] or None
    code = kept_code(request, token)
    # Once filed, the citizen sees the confirmation whatever fails afterwards.
    result = file_request_and_survive(
        data=form.request_data(),
        channel="web",
        submission_key=token,
        tracking_code=code or new_tracking_code(),
    )
    if not result.created and not (
        code and tracking_code_matches(code, result.request.tracking_code_hash)
    ):
        return _render(request, form, already_filed=True)
    grant(request, result.request)
    if code:
        return redirect("pqrsd:confirmation", token=token)
    return render(
        request,
        "pqrsd/confirmation.html",
        confirmation_context(result.request, result.tracking_code),
    )


# --- "Reclamo en trámite" ---


def _normalised(field):
    """A document number column as compared (see personal_data.normalise_document)."""
    expression = F(field) if isinstance(field, str) else field
    for sign in (".", " ", "-"):
        expression = Replace(expression, Value(sign), Value(""))
    return Upper(expression)


def with_open_claim(queryset):
    """The requests whose person has an open habeas data reclamo (one query, no loop)."""
    claims = (
        Request.objects.filter(
            request_type=RequestType.HABEAS_RECLAMO,
            status__in=OPEN_STATUSES,
            document_type=OuterRef("document_type"),
        )
        .alias(document=_normalised("document_number"))
        .filter(document=_normalised(OuterRef("document_number")))
    )
    return queryset.filter(is_anonymous=False).exclude(document_number="").filter(Exists(claims))


class DataRightsFilter(admin.SimpleListFilter):
    """The inbox's filter for habeas data: open reclamos, due and done anonymisations."""

    title = "datos personales"
    parameter_name = "datos"

    def lookups(self, request, model_admin):
        return (
            ("reclamo", "Del titular de un reclamo en trámite"),
            ("por_anonimizar", "Conservación cumplida, por anonimizar"),
            ("anonimizadas", "Anonimizadas"),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value == "reclamo":
            return with_open_claim(queryset)
        if value == "por_anonimizar":
            due = due_for_anonymisation(timezone.localdate())
            return queryset.filter(pk__in=due.values("pk"))
        if value == "anonimizadas":
            return queryset.filter(anonymised_at__isnull=False)
        return queryset


def open_claims_for(request_obj, within=None):
    """
    The open habeas data reclamos of the person who filed `request_obj` (same document type
    and number, compared without dots, spaces or dashes), among `within` (all requests by
    default): while there is one, the person's records show "reclamo en trámite" (Ley 1581
    art. 15). One query; none for an anonymous request.
    """
    number = personal_data.normalise_document(request_obj.document_number)
    if request_obj.is_anonymous or not number or not request_obj.document_type:
        return []
    requests = within if within is not None else Request.objects.all()
    return list(
        requests.filter(
            request_type=RequestType.HABEAS_RECLAMO,
            status__in=OPEN_STATUSES,
            document_type=request_obj.document_type,
        )
        .alias(document=_normalised("document_number"))
        .filter(document=number)
        .only("pk", "radicado", "subject", "filed_at", "year", "number")
        .order_by("filed_at", "pk")
    )


# --- Staff: rectify and anonymise ---

RECTIFIABLE_FIELDS = ("document_type", "document_number", "name", "email", "phone", "address")


def can_manage_personal_data(user):
    """Superusers and the Protección de datos personales group rectify and anonymise."""
    return user.is_active and (user.is_superuser or DATA_PROTECTION_GROUP in group_names(user))


def retention_years():
    return int(getattr(settings, "PQRSD_RETENTION_YEARS", personal_data.DEFAULT_RETENTION_YEARS))


def finished_on(request_obj):
    """The local date a request was closed, or answered if it was never closed."""
    moment = request_obj.closed_at or request_obj.answered_at
    return timezone.localdate(moment) if moment else None


def _lock(request_obj):
    return Request.objects.select_for_update().get(pk=request_obj.pk)


@transaction.atomic
def rectify(request_obj, *, changes, user, note="", now=None):
    """
    Rectify the requester's data (Ley 1581 art. 8 lit. a). The history entry says who, when
    and which fields changed, never the old values: keeping them would defeat a later
    deletion. Returns the labels of the fields that changed.
    """
    now = now or timezone.now()
    request_obj = _lock(request_obj)
    if request_obj.anonymised_at:
        raise ValidationError("Los datos de esta solicitud ya se suprimieron.", code="anonymised")
    if request_obj.is_anonymous:
        raise ValidationError("Una solicitud anónima no tiene datos del solicitante.", code="anon")
    changed = [
        field
        for field in RECTIFIABLE_FIELDS
        if field in changes and (changes[field] or "") != getattr(request_obj, field)
    ]
    if not changed:
        raise ValidationError("No cambió ningún dato.", code="unchanged")
    for field in changed:
        setattr(request_obj, field, changes[field] or "")
    request_obj.save(update_fields=changed)
    labels = [str(Request._meta.get_field(f).verbose_name) for f in changed]
    StatusChange.objects.create(
        request=request_obj,
        status=request_obj.status,
        created_at=now,
        user=user,
        office=request_obj.office,
        public_note=f"Se rectificaron sus datos personales: {', '.join(labels)}.",
        internal_note=f"Rectificación de datos (Ley 1581 de 2012). {note}".strip(),
    )
    return labels


def due_for_anonymisation(today, years=None):
    """Finished requests, not yet anonymised, whose retention period ended by `today`."""
    years = retention_years() if years is None else years
    limit = personal_data.latest_finished_on(years, today)
    # Before the start of the day after `limit`, in local time.
    cutoff = timezone.make_aware(
        datetime.datetime.combine(limit + datetime.timedelta(days=1), datetime.time.min)
    )
    return (
        Request.objects.exclude(status__in=OPEN_STATUSES)
        .filter(anonymised_at__isnull=True)
        .filter(
            Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, answered_at__lt=cutoff),
        )
    )


@transaction.atomic
def anonymise(request_obj, *, user=None, now=None, years=None):
    """
    Take the person out of a finished request whose retention period ended: name, document,
    contact and address go; identifiers are redacted from the subject, the description, the
    answer and the history notes; its attachments and e-mails are deleted. The radicado, the
    dates, the type, the office, the channel and the statistics stay.
    """
    now = now or timezone.now()
    years = retention_years() if years is None else years
    request_obj = _lock(request_obj)
    if request_obj.anonymised_at:
        raise ValidationError("Esta solicitud ya fue anonimizada.", code="anonymised")
    if request_obj.status in OPEN_STATUSES:
        raise ValidationError(
            "Solo se anonimiza una solicitud respondida o cerrada.", code="still_open"
        )
    finished = finished_on(request_obj)
    if not personal_data.is_due(finished, timezone.localdate(now), years):
        ends = personal_data.retention_ends(finished, years) if finished else None
        raise ValidationError(
            "Los datos deben conservarse hasta que termine el periodo de conservación "
            f"({years} años)"
            + (f": podrá anonimizarse desde el {ends:%d/%m/%Y}." if ends else "."),
            code="not_due",
        )
    known = [request_obj.address, request_obj.document_number, request_obj.email]
    known.append(request_obj.phone)
    names = [request_obj.name]

    def clean(text):
        return personal_data.redact(text, known=known, names=names)

    for field in _free_text_fields(Request):
        if field not in KEPT_FIELDS:
            setattr(request_obj, field, clean(getattr(request_obj, field)))
    for field in RECTIFIABLE_FIELDS:
        setattr(request_obj, field, "")
    request_obj.anonymised_at = now
    request_obj.save()
    for change in StatusChange.objects.filter(request=request_obj):
        public, internal = clean(change.public_note), clean(change.internal_note)
        if (public, internal) != (change.public_note, change.internal_note):
            change.public_note, change.internal_note = public, internal
            change.save(update_fields=["public_note", "internal_note"])
    _scrub_related(request_obj, clean)
    OutboundEmail.objects.for_reference(request_obj.radicado).delete()
    files = [a.file.name for a in Attachment.objects.filter(request=request_obj)]
    Attachment.objects.filter(request=request_obj).delete()
    storage = Attachment._meta.get_field("file").storage

    def delete_files():
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    StatusChange.objects.create(
        request=request_obj,
        status=request_obj.status,
        created_at=now,
        user=user,
        office=request_obj.office,
        public_note="Se suprimieron los datos personales al terminar el periodo de conservación "
        f"({years} años). Se conservan el radicado, las fechas, el tipo y la dependencia.",
    )
    return request_obj


# Identifiers of the request itself, not of the person.
KEPT_FIELDS = {"radicado", "tracking_code_hash", "submission_key"}


def _free_text_fields(model):
    """Text typed by people: TextFields and CharFields without choices."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.CharField)
        and not isinstance(field, models.EmailField)
        and not field.choices
    ]


def _scrub_related(request_obj, clean):
    """
    The records other steps keep beside a request (a verbal petition's facts, an electronic
    notification's address...): e-mail fields emptied, free text redacted. Read from the model,
    so a record added later is covered too.
    """
    for relation in Request._meta.related_objects:
        model = relation.related_model
        if model in (StatusChange, Attachment) or relation.field.model is not model:
            continue
        fields = model._meta.concrete_fields
        emails = [f.name for f in fields if isinstance(f, models.EmailField)]
        texts = _free_text_fields(model)
        if not emails and not texts:
            continue
        for row in model._default_manager.filter(**{relation.field.name: request_obj}):
            for name in emails:
                setattr(row, name, "")
            for name in texts:
                setattr(row, name, clean(getattr(row, name)))
            row.save(update_fields=emails + texts)


def anonymise_due(now=None, years=None):
    """Anonymise every request that is due; returns how many."""
    now = now or timezone.now()
    count = 0
    for pk in due_for_anonymisation(timezone.localdate(now), years).values_list("pk", flat=True):
        anonymise(Request(pk=pk), now=now, years=years)
        count += 1
    return count


# --- Admin pages (RequestAdmin.get_urls hooks them) ---


class RectifyForm(forms.Form):
    document_type = forms.ChoiceField(
        label="Tipo de documento",
        choices=[("", "—"), *Request.DocumentType.choices],
        required=False,
    )
    document_number = _copy_field("document_number")
    name = _copy_field("name", label="Nombre o razón social")
    email = _copy_field("email")
    phone = _copy_field("phone")
    address = _copy_field("address")
    note = forms.CharField(
        label="Motivo (nota interna)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ejemplo: reclamo 2026-000123 del titular. No escriba aquí los datos anteriores.",
        error_messages={"required": "Escriba el motivo de la rectificación."},
    )
    also_others = forms.BooleanField(
        label="Aplicar también a las demás solicitudes de este titular (mismo documento)",
        required=False,
    )


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label="Entiendo que los datos personales y los adjuntos se borran y no se recuperan",
        error_messages={"required": "Marque la casilla para confirmar."},
    )


def _same_person(queryset, request_obj):
    number = personal_data.normalise_document(request_obj.document_number)
    if not number:
        return queryset.none()
    return (
        queryset.filter(document_type=request_obj.document_type, anonymised_at__isnull=True)
        .alias(document=_normalised("document_number"))
        .filter(document=number)
        .exclude(pk=request_obj.pk)
    )


def rectify_view(model_admin, request, pk):
    obj = model_admin._get_for_change(request, pk)
    if not can_manage_personal_data(request.user):
        raise PermissionDenied
    initial = {field: getattr(obj, field) for field in RECTIFIABLE_FIELDS}
    form = RectifyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in RECTIFIABLE_FIELDS}
        note = form.cleaned_data["note"]
        others = []
        if form.cleaned_data["also_others"]:
            others = list(_same_person(model_admin.get_queryset(request), obj))
        try:
            with transaction.atomic():
                labels = rectify(obj, changes=changes, user=request.user, note=note)
                done = 1
                for other in others:
                    try:
                        rectify(other, changes=changes, user=request.user, note=note)
                        done += 1
                    except ValidationError:
                        pass  # already right, or anonymous
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            model_admin.message_user(
                request,
                f"Datos rectificados ({', '.join(labels)}) en {done} solicitud"
                f"{'es' if done != 1 else ''}.",
                messages.SUCCESS,
            )
            return redirect("admin:pqrsd_request_change", obj.pk)
    return model_admin._render_step(
        request,
        obj,
        form,
        "Rectificar los datos del solicitante",
        "El historial guardará quién, cuándo y qué campos cambiaron, sin los valores anteriores "
        "(Ley 1581 de 2012, art. 8).",
    )


def anonymise_view(model_admin, request, pk):
    obj = model_admin._get_for_change(request, pk)
    if not can_manage_personal_data(request.user):
        raise PermissionDenied
    form = AnonymiseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            anonymise(obj, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            model_admin.message_user(
                request, f"Datos personales de {obj.radicado} suprimidos.", messages.SUCCESS
            )
            return redirect("admin:pqrsd_request_change", obj.pk)
    return model_admin._render_step(
        request,
        obj,
        form,
        "Anonimizar la solicitud",
        f"Se borran el nombre, el documento, el correo, el teléfono, la dirección y los adjuntos, "
        f"y se tachan esos datos en el texto. Quedan el radicado, las fechas, el tipo y la "
        f"dependencia. Solo procede {retention_years()} años después de responder o cerrar.",
    )


def admin_context(request, obj):
    """
    What the change page shows about data rights: the legend, the staff links and, on a habeas
    data request, the person's other requests the user may see (to answer what is held).
    """
    same_person = []
    visible = Request.objects.visible_to(request.user)
    if obj.request_type in DATA_RIGHTS_TYPES:
        same_person = list(
            _same_person(visible, obj)
            .only("pk", "radicado", "subject", "filed_at", "request_type", "year", "number")
            .order_by("-filed_at")[:100]
        )
    return {
        "pqrsd_same_person": same_person,
        # The legend shows for any open reclamo; only those this user may open are listed.
        "pqrsd_data_claims": open_claims_for(obj),
        "pqrsd_visible_claims": open_claims_for(obj, within=visible),
        "pqrsd_can_manage_data": can_manage_personal_data(request.user),
        "pqrsd_anonymise_due": obj.anonymised_at is None
        and obj.status not in OPEN_STATUSES
        and personal_data.is_due(finished_on(obj), timezone.localdate(), retention_years()),
    }
