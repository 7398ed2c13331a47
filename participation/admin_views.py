"""Staff pages of surveys inside the admin: results with charts, and the responses as CSV."""

import csv

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from .models import Answer, Question
from .results import csv_cell

TEXT_ANSWERS_SHOWN = 50


def _scoped_survey(model_admin, request, survey_id, *extra):
    """The survey if the user may view it (entity isolation included), else 404/403."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    questions = Question.objects.prefetch_related("choices")
    queryset = model_admin.get_queryset(request).prefetch_related(
        Prefetch("questions", queryset=questions), *extra
    )
    return get_object_or_404(queryset, pk=survey_id)


def survey_results(model_admin):
    def view(request, survey_id):
        survey = _scoped_survey(model_admin, request, survey_id)
        results = survey.results()
        # The latest free-text answers of every question, in one query.
        text_answers = {}
        answers = (
            Answer.objects.filter(question__survey=survey, choice__isnull=True)
            .exclude(text="")
            .order_by("-response__created_at", "-id")
            .values_list("question_id", "text")
        )
        for question_id, text in answers:
            shown = text_answers.setdefault(question_id, [])
            if len(shown) < TEXT_ANSWERS_SHOWN:
                shown.append(text)
        rows = [(result, text_answers.get(result.question.pk, [])) for result in results]
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": f"Resultados: {survey.title}",
            "survey": survey,
            "response_count": survey.responses_total,
            "rows": rows,
            "text_answers_shown": TEXT_ANSWERS_SHOWN,
        }
        return TemplateResponse(request, "admin/participation/survey/results.html", context)

    return view


def survey_responses_csv(model_admin):
    def view(request, survey_id):
        survey = _scoped_survey(model_admin, request, survey_id)
        questions = list(survey.questions.all())
        choice_text = {c.pk: c.text for q in questions for c in q.choices.all()}
        responses = survey.responses.order_by("created_at", "id").prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by("id"))
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="respuestas-{survey.slug}.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 only with the BOM
        writer = csv.writer(response)
        writer.writerow(["Respuesta", "Fecha"] + [q.text for q in questions])
        for survey_response in responses:
            by_question = {}
            for answer in survey_response.answers.all():
                value = choice_text.get(answer.choice_id, "") if answer.choice_id else answer.text
                by_question.setdefault(answer.question_id, []).append(value)
            created = timezone.localtime(survey_response.created_at)
            writer.writerow(
                [survey_response.pk, created.strftime("%Y-%m-%d %H:%M")]
                + [csv_cell("; ".join(by_question.get(q.pk, []))) for q in questions]
            )
        return response

    return view
