import datetime

import pytest
from django.utils import timezone

from portal.models import Status
from tramites.models import Procedure
from tramites.stats import CatalogueStats, catalogue_stats

from .factories import bulk_procedures, make_category, make_procedure

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


def test_empty_catalogue_has_no_shares():
    stats = catalogue_stats(TODAY)
    assert stats == CatalogueStats(0, 0, 0, 0, 0, 0, 0)
    assert stats.share_published is None
    assert stats.share_online is None


def test_counts_and_shares(django_assert_num_queries):
    category = make_category()
    make_procedure(
        category=category,
        automation_level="full",
        online_url="https://x.gov.co/a",
        last_reviewed_on=TODAY - datetime.timedelta(days=30),
    )
    make_procedure(
        category=category,
        automation_level="partial",
        online_url="https://x.gov.co/b",
        last_reviewed_on=datetime.date(2026, 1, 2),
    )
    make_procedure(category=category, purpose="")  # incomplete, info only
    make_procedure(category=category, steps=0)  # incomplete: no steps
    make_procedure(category=category, status=Status.DRAFT)
    make_procedure(category=category, publish_at=timezone.now() + datetime.timedelta(days=1))
    with django_assert_num_queries(2):
        stats = catalogue_stats(TODAY)
    assert stats.total == 6
    assert stats.published == 4
    assert stats.published_complete == 2
    assert stats.reviewed_in_time == 1
    assert (stats.info_only, stats.partly_online, stats.fully_online) == (2, 1, 1)
    assert stats.share_published == 66.7
    assert stats.share_complete == 50.0
    assert stats.share_online == 50.0
    assert stats.share_fully_online == 25.0
    assert stats.share_reviewed == 25.0


@pytest.mark.parametrize("size", [5, 500])
def test_query_count_does_not_grow(django_assert_num_queries, size):
    bulk_procedures(size)
    with django_assert_num_queries(2):
        assert catalogue_stats(TODAY).published_complete == size
    assert Procedure.objects.count() == size
