import datetime

import pytest
from django.utils import timezone

from participation.models import Comment, SurveyResponse
from participation.stats import ParticipationStats, participation_stats, share
from portal.models import Status

from .factories import make_comment, make_draft, make_survey

pytestmark = pytest.mark.django_db


def test_share_is_a_rounded_percentage_or_none():
    assert share(1, 3) == 33.3
    assert share(0, 5) == 0.0
    assert share(0, 0) is None


def test_empty_portal_has_zero_everything():
    stats = participation_stats(datetime.date(2026, 11, 24))
    assert stats == ParticipationStats(0, 0, 0, 0, 0, 0, 0, None, 0)


def _build(n):
    now = timezone.now()
    for _ in range(n):
        survey = make_survey()
        SurveyResponse.objects.create(survey=survey, respondent_key=f"k{survey.pk}")
        make_survey(
            opens_at=now - datetime.timedelta(days=40),
            closes_at=now - datetime.timedelta(days=10),
        )
        make_survey(status=Status.DRAFT)
        open_draft = make_draft()
        make_comment(open_draft, answer="Gracias.", handling=Comment.Handling.ACCEPTED)
        make_comment(open_draft)
        make_comment(open_draft, moderation=Comment.Moderation.REJECTED)
        make_comment(open_draft, moderation=Comment.Moderation.PENDING)
        closed = make_draft(
            comment_opens_at=now - datetime.timedelta(days=30),
            comment_closes_at=now - datetime.timedelta(days=15),
        )
        make_comment(closed, answer="No procede.", handling=Comment.Handling.REJECTED)
        make_draft(status=Status.DRAFT)


def test_counts_only_published_and_answers_share(django_assert_num_queries):
    _build(2)
    with django_assert_num_queries(4):
        stats = participation_stats(timezone.localdate())
    assert stats.surveys_published == 4
    assert stats.surveys_open == 2
    assert stats.survey_responses == 2
    assert stats.drafts_published == 4
    assert stats.drafts_open == 2
    # Rejected comments are not "received"; per round: 3 received on the open draft, 1 closed.
    assert stats.comments_received == 8
    assert stats.comments_answered == 4
    assert stats.share_comments_answered == 50.0
    # Only the closed drafts with every approved comment answered.
    assert stats.reports_published == 2


def test_year_filter_keeps_other_years_out():
    _build(1)
    assert participation_stats(timezone.localdate(), year=2001).surveys_published == 0
    this_year = participation_stats(timezone.localdate(), year=timezone.localdate().year)
    assert this_year.comments_received >= 1


def test_a_closed_draft_with_an_unanswered_comment_has_no_report():
    now = timezone.now()
    closed = make_draft(
        comment_opens_at=now - datetime.timedelta(days=30),
        comment_closes_at=now - datetime.timedelta(days=15),
    )
    make_comment(closed)
    assert participation_stats(timezone.localdate()).reports_published == 0
