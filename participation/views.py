"""Public pages of Participa: citizens see only what `published()` returns."""

import csv
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_cookie

from portal.admin import never_cache_preview, previewable
from portal.ratelimit import allow_request

from .forms import CommentForm, SurveyAnswerForm
from .models import Answer, Comment, DraftRegulation, Question, Survey, SurveyResponse
from .results import csv_cell

SURVEY_COOKIE_SALT = "participation.survey"
SURVEY_COOKIE_MAX_AGE = 2 * 365 * 24 * 3600
# Answers one network (a school's or the Alcaldía's wifi) may send to one survey per hour.
# "One answer per person" is the signed cookie of each browser; this only stops a script that
# throws its cookies away. Settable as PARTICIPATION_SURVEY_ANSWERS_PER_HOUR.
SURVEY_ANSWERS_PER_HOUR = 60
ANSWER_TOKEN_FIELD = "respuesta_id"
ALREADY_ANSWERED = (
    "Ya respondió esta encuesta en este navegador: cada persona responde una sola vez. "
    "Si comparte el equipo con alguien que aún no ha respondido, esa persona puede hacerlo "
    "desde su propio teléfono o computador."
)
COMMENT_POSTS_PER_HOUR = 10
CLOSED_ITEMS_SHOWN = 20


def index(request):
    now = timezone.now()
    surveys = list(
        Survey.objects.published()
        .select_related("entity")
        .annotate(response_count=Count("responses"))
    )
    drafts = list(
        DraftRegulation.objects.published()
        .select_related("entity")
        .annotate(comment_count=Count("comments", filter=Q(comments__moderation="approved")))
    )
    context = {
        "open_surveys": [s for s in surveys if s.is_open(now)],
        "upcoming_surveys": [s for s in surveys if not s.has_opened(now)],
        "closed_surveys": [s for s in surveys if s.has_closed(now)][:CLOSED_ITEMS_SHOWN],
        "open_drafts": [d for d in drafts if d.is_open_for_comments(now)],
        "upcoming_drafts": [d for d in drafts if d.comment_opens_at > now],
        "closed_drafts": [d for d in drafts if d.period_has_ended(now)][:CLOSED_ITEMS_SHOWN],
        "last_updated": max((obj.updated_at for obj in surveys + drafts), default=None),
    }
    return render(request, "participation/index.html", context)


# Surveys


def survey_cookie_name(survey):
    return f"encuesta-{survey.pk}"


def has_answered_cookie(request, survey):
    value = request.get_signed_cookie(
        survey_cookie_name(survey), default=None, salt=SURVEY_COOKIE_SALT
    )
    return value == "1"


def survey_answers_per_hour() -> int:
    return getattr(settings, "PARTICIPATION_SURVEY_ANSWERS_PER_HOUR", SURVEY_ANSWERS_PER_HOUR)


def new_answer_token() -> str:
    """A random id for one form shown: sending that form twice (a double click) counts once."""
    return secrets.token_urlsafe(16)


def answer_token(request) -> str:
    """The id of the form that was sent; a missing or tampered one gets a fresh id."""
    token = request.POST.get(ANSWER_TOKEN_FIELD, "")
    return token if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token) else new_answer_token()


def respondent_key(survey, token) -> str:
    """
    A keyed hash of (survey, form id). Nothing of the network or the device goes in it: two
    people on the same wifi with the same phone model are two respondents.
    """
    value = f"{survey.pk}|{token}"
    return salted_hmac(SURVEY_COOKIE_SALT, value, algorithm="sha256").hexdigest()


def remember_answer(response, request, survey):
    response.set_signed_cookie(
        survey_cookie_name(survey),
        "1",
        salt=SURVEY_COOKIE_SALT,
        max_age=SURVEY_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@transaction.atomic
def save_survey_response(*, survey, form, key):
    """One response and its answers; IntegrityError when this respondent already answered."""
    response = SurveyResponse.objects.create(survey=survey, respondent_key=key)
    Answer.objects.bulk_create(
        Answer(response=response, question=question, choice_id=choice_id, text=text)
        for question, choice_id, text in form.answers()
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_cookie  # "already answered" comes from a cookie: a shared cache must not mix visitors
def survey_detail(request, slug):
    questions = Question.objects.prefetch_related("choices")
    survey = get_object_or_404(
        previewable(request, Survey)
        .select_related("entity")
        .annotate(response_count=Count("responses"))
        .prefetch_related(Prefetch("questions", queryset=questions)),
        slug=slug,
    )
    now = timezone.now()
    context = {
        "survey": survey,
        "is_open": survey.is_open(now),
        "has_closed": survey.has_closed(now),
        "answered": has_answered_cookie(request, survey),
        "just_answered": request.GET.get("respondida") == "1",
        "is_preview": not survey.is_published(),
        "last_updated": survey.updated_at,
    }
    status = 200
    form = None
    if request.method == "POST":
        form = SurveyAnswerForm(request.POST, questions=survey.questions.all())
        if form.is_bot():
            return HttpResponseRedirect(f"{survey.get_absolute_url()}?respondida=1")
        if not context["is_open"]:
            context["refusal"] = closed_message(survey, now)
            form = None
        elif not form.questions:
            context["refusal"] = "Esta encuesta todavía no tiene preguntas."
            form = None
        elif context["is_preview"]:
            context["refusal"] = (
                "Vista previa: la encuesta no está publicada y no guarda respuestas."
            )
        elif context["answered"]:
            context["refusal"] = ALREADY_ANSWERED
            form = None
        elif not form.is_valid():
            pass  # the errors are shown with what was typed
        elif not allow_request(
            request, f"participation-survey:{survey.pk}", survey_answers_per_hour()
        ):
            context["refusal"] = (
                "Desde la red por la que se conecta (por ejemplo, el wifi de un colegio o de la "
                "Alcaldía) se enviaron muchas respuestas a esta encuesta en la última hora, y "
                "por seguridad no recibimos más por ahora. Su respuesta no se guardó: intente "
                "de nuevo más tarde; lo que marcó sigue en el formulario."
            )
            status = 429
        else:
            token = answer_token(request)
            try:
                save_survey_response(survey=survey, form=form, key=respondent_key(survey, token))
            except IntegrityError:
                context["answered"] = True
                context["refusal"] = ALREADY_ANSWERED
                return remember_answer(
                    render(request, "participation/survey_detail.html", context),
                    request,
                    survey,
                )
            redirect = HttpResponseRedirect(f"{survey.get_absolute_url()}?respondida=1")
            return remember_answer(redirect, request, survey)
    elif context["is_open"] and not context["answered"]:
        form = SurveyAnswerForm(questions=survey.questions.all())
    if form is not None:
        # The form sent keeps its id, so sending it again after an error still counts once.
        context["answer_token"] = (
            answer_token(request) if request.method == "POST" else new_answer_token()
        )
        context["answer_token_field"] = ANSWER_TOKEN_FIELD
    if not context["is_open"] and not context["has_closed"]:
        context["not_yet_open"] = True
    if form is not None and not form.questions:
        form = None  # a survey published before its questions were written
    context["form"] = form
    context["show_results"] = survey.show_results and (context["answered"] or survey.has_closed())
    if context["show_results"]:
        context["results"] = survey.results()
    response = render(request, "participation/survey_detail.html", context, status=status)
    if form is not None:
        add_never_cache_headers(response)  # a form carries this visitor's CSRF token
    return never_cache_preview(response, survey)


def closed_message(survey, now):
    local = timezone.localtime
    if not survey.has_opened(now):
        return (
            f"Esta encuesta todavía no recibe respuestas: abre el "
            f"{local(survey.opens_at):%d/%m/%Y a las %H:%M}."
        )
    return (
        f"Esta encuesta está cerrada desde el {local(survey.closes_at):%d/%m/%Y a las %H:%M}. "
        "Ya no recibe respuestas."
    )


# Draft regulations for comment


def draft_with_articles(request, slug):
    return get_object_or_404(
        previewable(request, DraftRegulation)
        .select_related("entity", "final_document")
        .prefetch_related("articles"),
        slug=slug,
    )


def final_document_of(draft):
    """The final text, only once it is published itself."""
    document = draft.final_document
    return document if document is not None and document.is_published() else None


def comment_period_message(draft, now):
    local = timezone.localtime
    if draft.comment_opens_at > now:
        return (
            "Este proyecto todavía no recibe comentarios: el periodo empieza el "
            f"{local(draft.comment_opens_at):%d/%m/%Y a las %H:%M}."
        )
    return (
        "El periodo de comentarios de este proyecto terminó el "
        f"{local(draft.comment_closes_at):%d/%m/%Y a las %H:%M}. Ya no se reciben comentarios; "
        "puede consultar el informe de comentarios y respuestas."
    )


@require_http_methods(["GET", "HEAD", "POST"])
def draft_detail(request, slug):
    draft = draft_with_articles(request, slug)
    articles = list(draft.articles.all())
    now = timezone.now()
    is_open = draft.is_open_for_comments(now)
    context = {
        "draft": draft,
        "articles": articles,
        "is_open": is_open,
        "period_ended": draft.period_has_ended(now),
        "just_sent": request.GET.get("enviado") == "1",
        "final_document": final_document_of(draft),
        "is_preview": not draft.is_published(),
        "last_updated": draft.updated_at,
    }
    status = 200
    form = None
    if request.method == "POST":
        form = CommentForm(request.POST, draft=draft, articles=articles)
        if form.is_bot():
            return HttpResponseRedirect(f"{draft.get_absolute_url()}?enviado=1#comentar")
        if context["is_preview"]:
            context["refusal"] = (
                "Vista previa: el proyecto no está publicado y no recibe comentarios."
            )
            context["refused_text"] = request.POST.get("text", "")[:5000]
            form = None
        elif not is_open:
            context["refusal"] = comment_period_message(draft, now)
            context["refused_text"] = request.POST.get("text", "")[:5000]
            form = None
        elif not allow_request(request, "participation-comment", COMMENT_POSTS_PER_HOUR):
            context["refusal"] = (
                "Se recibieron demasiados comentarios desde su conexión en la última hora. "
                "Intente de nuevo más tarde; su texto sigue en el formulario."
            )
            status = 429
        elif form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                pass  # the same comment sent twice: the first copy is the one kept
            return HttpResponseRedirect(f"{draft.get_absolute_url()}?enviado=1#comentar")
    elif is_open:
        # "Comentar este artículo" links preselect the article; anything odd is ignored.
        chosen = next(
            (a.pk for a in articles if str(a.number) == request.GET.get("articulo", "")), None
        )
        form = CommentForm(draft=draft, articles=articles, initial={"article": chosen})
    else:
        context["period_message"] = comment_period_message(draft, now)
    context["form"] = form
    comments = list(draft.comments.approved().select_related("article"))
    context["general_comments"] = [c for c in comments if c.article_id is None]
    by_article = {}
    for comment in comments:
        if comment.article_id is not None:
            by_article.setdefault(comment.article_id, []).append(comment)
    context["article_rows"] = [(article, by_article.get(article.pk, [])) for article in articles]
    context["comment_count"] = len(comments)
    response = render(request, "participation/draft_detail.html", context, status=status)
    if form is not None:
        add_never_cache_headers(response)  # a form carries this visitor's CSRF token
    return never_cache_preview(response, draft)


def report_data(draft):
    """Approved comments in order, the tally by result, and how many were not published."""
    counts = draft.comments.aggregate(
        rejected=Count("id", filter=Q(moderation=Comment.Moderation.REJECTED)),
        pending=Count("id", filter=Q(moderation=Comment.Moderation.PENDING)),
    )
    comments = list(draft.comments.approved().select_related("article"))
    tally = []
    for value, label in Comment.Handling.choices:
        tally.append((label, sum(1 for c in comments if c.handling == value)))
    unanswered = sum(1 for c in comments if not c.answer)
    return comments, tally, unanswered, counts


def draft_report(request, slug):
    draft = get_object_or_404(
        DraftRegulation.objects.published().select_related("entity", "final_document"),
        slug=slug,
    )
    comments, tally, unanswered, counts = report_data(draft)
    context = {
        "draft": draft,
        "comments": comments,
        "tally": tally,
        "unanswered": unanswered,
        "rejected_count": counts["rejected"],
        "pending_count": counts["pending"],
        "period_ended": draft.period_has_ended(),
        "final_document": final_document_of(draft),
        "last_updated": max(
            [draft.updated_at] + [c.answered_at for c in comments if c.answered_at]
        ),
    }
    return render(request, "participation/draft_report.html", context)


REPORT_CSV_HEADER = [
    "Número",
    "Fecha de recibido",
    "Nombre",
    "Parte del proyecto",
    "Comentario",
    "Resultado",
    "Respuesta de la entidad",
    "Fecha de respuesta",
]


def draft_report_csv(request, slug):
    draft = get_object_or_404(DraftRegulation.objects.published(), slug=slug)
    comments = draft.comments.approved().select_related("article")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="informe-comentarios-{draft.slug}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the BOM
    writer = csv.writer(response)
    writer.writerow(REPORT_CSV_HEADER)
    for number, comment in enumerate(comments, start=1):
        answered_at = (
            timezone.localtime(comment.answered_at).strftime("%Y-%m-%d")
            if comment.answered_at
            else ""
        )
        writer.writerow(
            csv_cell(value)
            for value in (
                number,
                timezone.localtime(comment.created_at).strftime("%Y-%m-%d"),
                comment.name,
                comment.target_label,
                comment.text,
                comment.get_handling_display() if comment.handling else "Sin respuesta aún",
                comment.answer,
                answered_at,
            )
        )
    return response
