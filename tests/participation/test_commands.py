import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.models import Comment, DraftRegulation, Survey, SurveyResponse
from participation.stats import participation_stats
from portal.models import Municipality

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo_participation", stdout=out)
    return out.getvalue()


def test_without_entities_it_creates_nothing_and_says_so():
    assert "load_institution" in seed()
    assert Survey.objects.count() == 0


def test_demo_data_is_complete_and_idempotent(client):
    call_command("load_institution", stdout=io.StringIO())
    seed()
    counts = (
        Survey.objects.count(),
        SurveyResponse.objects.count(),
        DraftRegulation.objects.count(),
        Comment.objects.count(),
    )
    seed()
    assert counts == (
        Survey.objects.count(),
        SurveyResponse.objects.count(),
        DraftRegulation.objects.count(),
        Comment.objects.count(),
    )
    assert Survey.objects.open().count() == 1
    assert Survey.objects.closed().count() == 1
    open_draft = DraftRegulation.objects.open_for_comments().get()
    assert open_draft.articles.count() == 4
    stats = participation_stats(timezone.localdate())
    assert stats.surveys_open == 1
    assert stats.drafts_open == 1
    assert stats.reports_published == 1
    assert stats.survey_responses == 11
    # Every demo page answers 200 with the seeded data.
    Municipality.current()
    urls = ["/participa/"]
    urls += [s.get_absolute_url() for s in Survey.objects.all()]
    for draft in DraftRegulation.objects.all():
        urls += [draft.get_absolute_url(), draft.get_report_url()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    closed = DraftRegulation.objects.period_ended().get()
    html = client.get(closed.get_report_url()).content.decode()
    assert "Decreto que fija el horario de atención al público (demo)" in html
