"""
Participation figures for the GEL-T democracy phase (DEM-03 consultations and surveys, DEM-05
publishing the results of participation). gelt imports `participation_stats`; nothing here
knows about gelt.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .models import Comment, DraftRegulation, Survey, SurveyResponse


@dataclass(frozen=True)
class ParticipationStats:
    surveys_published: int
    surveys_open: int
    survey_responses: int
    drafts_published: int
    drafts_open: int
    comments_received: int
    comments_answered: int
    # 0–100 with one decimal, or None when no comment was received.
    share_comments_answered: float | None
    # Drafts whose comment period has ended and whose approved comments are all answered: the
    # report of comments received and how each was handled is complete and public.
    reports_published: int


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None when `whole` is 0."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def _day_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Local midnight starting `today` and the next local midnight, both aware."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


def participation_stats(today: datetime.date, year: int | None = None) -> ParticipationStats:
    """
    Participation as of the end of `today` (four queries, whatever the data size).

    Only published surveys and drafts count. "Open" means receiving answers or comments at some
    moment of `today`. With `year`, surveys and drafts count by the year their window opened,
    responses and comments by the year they were received. Comments rejected by moderation
    (abuse, spam) do not count as received.
    """
    start, end = _day_bounds(today)
    as_of = end - datetime.timedelta(microseconds=1)

    surveys = Survey.objects.published(now=as_of)
    responses = SurveyResponse.objects.filter(survey__in=surveys)
    drafts = DraftRegulation.objects.published(now=as_of)
    comments = Comment.objects.filter(draft__in=drafts).received()
    if year is not None:
        surveys = surveys.filter(opens_at__year=year)
        responses = responses.filter(created_at__year=year)
        drafts = drafts.filter(comment_opens_at__year=year)
        comments = comments.filter(created_at__year=year)

    survey_counts = surveys.aggregate(
        published=Count("id"),
        open=Count("id", filter=Q(opens_at__lt=end, closes_at__gt=start)),
    )
    unanswered = Comment.objects.approved().filter(draft=OuterRef("pk"), answer="")
    draft_counts = drafts.aggregate(
        published=Count("id"),
        open=Count("id", filter=Q(comment_opens_at__lt=end, comment_closes_at__gt=start)),
        reports=Count("id", filter=Q(comment_closes_at__lte=end) & ~Q(Exists(unanswered))),
    )
    comment_counts = comments.aggregate(
        received=Count("id"), answered=Count("id", filter=~Q(answer=""))
    )
    return ParticipationStats(
        surveys_published=survey_counts["published"],
        surveys_open=survey_counts["open"],
        survey_responses=responses.count(),
        drafts_published=draft_counts["published"],
        drafts_open=draft_counts["open"],
        comments_received=comment_counts["received"],
        comments_answered=comment_counts["answered"],
        share_comments_answered=share(comment_counts["answered"], comment_counts["received"]),
        reports_published=draft_counts["reports"],
    )
