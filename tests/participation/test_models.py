import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from participation.models import (
    Answer,
    Comment,
    DraftRegulation,
    Survey,
    SurveyResponse,
)
from portal.models import Status

from .factories import make_comment, make_draft, make_survey

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Status.PUBLISHED, -HOUR, True),
        (Status.PUBLISHED, HOUR, False),
        (Status.DRAFT, -HOUR, False),
        (Status.DRAFT, HOUR, False),
    ],
)
def test_published_grid_for_surveys_and_drafts(status, offset, visible):
    at = timezone.now() + offset
    survey = make_survey(status=status, publish_at=at, questions=False)
    draft = make_draft(status=status, publish_at=at, articles=0)
    assert (survey in Survey.objects.published()) is visible
    assert (draft in DraftRegulation.objects.published()) is visible
    assert survey.is_published() is visible


def test_open_and_closed_windows():
    now = timezone.now()
    open_one = make_survey(questions=False)
    closed = make_survey(questions=False, opens_at=now - 10 * HOUR, closes_at=now - HOUR)
    future = make_survey(questions=False, opens_at=now + HOUR, closes_at=now + 10 * HOUR)
    assert list(Survey.objects.open()) == [open_one]
    assert list(Survey.objects.closed()) == [closed]
    assert future.is_open() is False
    assert future.has_opened() is False
    assert closed.has_closed() is True


def test_a_survey_must_close_after_it_opens():
    now = timezone.now()
    survey = Survey(
        entity=make_survey(questions=False).entity, title="x", opens_at=now, closes_at=now
    )
    with pytest.raises(ValidationError, match="cerrar después de abrir"):
        survey.full_clean()


def test_one_response_per_respondent_key():
    survey = make_survey(questions=False)
    SurveyResponse.objects.create(survey=survey, respondent_key="k")
    with pytest.raises(IntegrityError):
        SurveyResponse.objects.create(survey=survey, respondent_key="k")


def test_results_count_people_and_options_in_two_queries(django_assert_num_queries):
    survey = make_survey()
    single, multiple, text = survey.questions.all()
    good, regular, _ = single.choices.all()
    web, window, _ = multiple.choices.all()
    for n, (pick, channels) in enumerate([(good, [web, window]), (good, [web]), (regular, [])]):
        response = SurveyResponse.objects.create(survey=survey, respondent_key=str(n))
        Answer.objects.create(response=response, question=single, choice=pick)
        for channel in channels:
            Answer.objects.create(response=response, question=multiple, choice=channel)
    Answer.objects.create(response=response, question=text, text="Más luz")
    survey = Survey.objects.prefetch_related("questions__choices").get(pk=survey.pk)
    with django_assert_num_queries(2):
        results = survey.results()
    first, second, third = results
    assert first.answered == 3
    assert [(b.label, b.count, b.percent) for b in first.bars] == [
        ("Bueno", 2, 66.7),
        ("Regular", 1, 33.3),
        ("Malo", 0, 0.0),
    ]
    assert second.answered == 2
    assert [(b.count, b.percent) for b in second.bars] == [(2, 100.0), (1, 50.0), (0, 0.0)]
    assert third.answered == 1
    assert third.bars == []


def test_comment_answer_and_handling_go_together():
    draft = make_draft(articles=0)
    comment = make_comment(draft)
    comment.answer = "Gracias, se acoge."
    with pytest.raises(ValidationError) as excinfo:
        comment.full_clean()
    assert "handling" in excinfo.value.message_dict
    comment.answer, comment.handling = "", Comment.Handling.ACCEPTED
    with pytest.raises(ValidationError) as excinfo:
        comment.full_clean()
    assert "answer" in excinfo.value.message_dict


def test_fully_answered_ignores_rejected_and_pending_comments():
    draft = make_draft(articles=0)
    make_comment(draft, answer="Sí.", handling=Comment.Handling.ACCEPTED)
    make_comment(draft, moderation=Comment.Moderation.REJECTED)
    make_comment(draft, moderation=Comment.Moderation.PENDING)
    assert list(DraftRegulation.objects.fully_answered()) == [draft]
    make_comment(draft)
    assert list(DraftRegulation.objects.fully_answered()) == []
