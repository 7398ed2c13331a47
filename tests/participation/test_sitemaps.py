import pytest

from portal.models import Status
from tests.sitemaps import sitemap_text

from .factories import make_draft, make_survey

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_surveys_and_drafts_only(client):
    survey = make_survey(questions=False)
    hidden = make_survey(questions=False, status=Status.DRAFT)
    draft = make_draft(articles=0)
    xml = sitemap_text(client)
    assert survey.get_absolute_url() in xml
    assert draft.get_absolute_url() in xml
    assert hidden.get_absolute_url() not in xml
