"""Catalogue figures: complete quality (fields, SUIT number, review) and automation, by kind."""

import datetime

import pytest
from django.utils import timezone

from portal.models import Status
from tramites.models import Procedure
from tramites.stats import CatalogueStats, KindStats, catalogue_stats

from .factories import bulk_procedures, make_category, make_procedure

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
RECENT = TODAY - datetime.timedelta(days=30)


def test_empty_catalogue_has_no_shares():
    stats = catalogue_stats(TODAY)
    assert stats == CatalogueStats(0, KindStats(), KindStats(), KindStats())
    assert stats.share_published is None
    assert stats.all.share_online is None
    assert stats.tramites.share_quality_complete is None


def test_counts_and_shares(django_assert_num_queries):
    category = make_category()
    make_procedure(
        category=category,
        automation_level="full",
        online_url="https://x.gov.co/a",
        suit_code="1001",
        last_reviewed_on=RECENT,
    )
    make_procedure(
        category=category,
        automation_level="partial",
        online_url="https://x.gov.co/b",
        suit_code="1002",
        last_reviewed_on=datetime.date(2026, 1, 2),  # review too old
    )
    make_procedure(category=category, purpose="", suit_code="1003", last_reviewed_on=RECENT)
    make_procedure(category=category, steps=0)  # incomplete: no steps
    make_procedure(category=category, status=Status.DRAFT)
    make_procedure(category=category, publish_at=timezone.now() + datetime.timedelta(days=1))
    with django_assert_num_queries(2):
        stats = catalogue_stats(TODAY)
    assert stats.total == 6
    everything = stats.all
    assert everything.published == 4
    assert everything.fields_complete == 2
    assert everything.with_suit == 3
    assert everything.reviewed_in_time == 2
    assert everything.quality_complete == 1
    assert (everything.info_only, everything.partly_online, everything.fully_online) == (2, 1, 1)
    assert stats.share_published == 66.7
    assert everything.share_quality_complete == 25.0
    assert everything.share_online == 50.0
    assert everything.share_fully_online == 25.0
    assert everything.share_reviewed == 50.0


def test_complete_fields_without_suit_number_or_review_are_not_complete_quality():
    """The old error: 100 % "cumple" with no SUIT number and no review."""
    make_procedure()  # every field, no SUIT number, never reviewed
    make_procedure(suit_code="2001")  # no review
    make_procedure(last_reviewed_on=RECENT)  # no SUIT number
    stats = catalogue_stats(TODAY)
    assert stats.all.fields_complete == 3
    assert stats.all.quality_complete == 0
    assert stats.all.share_quality_complete == 0
    make_procedure(suit_code="2002", last_reviewed_on=RECENT)
    assert catalogue_stats(TODAY).all.share_quality_complete == 25.0


def test_services_and_tramites_are_counted_apart():
    make_procedure(kind="tramite", suit_code="3001", last_reviewed_on=RECENT)
    make_procedure(kind="opa", automation_level="full", online_url="https://x.gov.co/o")
    make_procedure(kind="servicio", last_reviewed_on=RECENT)  # a service needs no SUIT number
    make_procedure(kind="servicio", automation_level="partial", online_url="https://x.gov.co/s")
    make_procedure(kind="servicio", automation_level="partial", online_url="https://x.gov.co/t")
    stats = catalogue_stats(TODAY)
    assert (stats.tramites.published, stats.services.published, stats.all.published) == (2, 3, 5)
    assert stats.tramites.quality_complete == 1
    assert stats.services.quality_complete == 1
    assert stats.tramites.share_online == 50.0
    assert stats.services.share_online == 66.7
    assert stats.services.fully_online == 0


def test_the_filter_and_the_rule_agree():
    """Procedure.objects.quality_complete and completeness.quality_gaps say the same."""
    make_procedure(suit_code="4001", last_reviewed_on=RECENT)
    make_procedure(suit_code="4002", last_reviewed_on=RECENT, purpose="")
    make_procedure(kind="servicio", last_reviewed_on=RECENT)
    make_procedure(kind="opa", last_reviewed_on=RECENT)
    make_procedure(suit_code="4003", last_reviewed_on=TODAY + datetime.timedelta(days=3))
    by_filter = set(Procedure.objects.quality_complete(TODAY).values_list("pk", flat=True))
    by_rule = {p.pk for p in Procedure.objects.with_completeness() if not p.quality_gaps(TODAY)}
    assert by_filter == by_rule
    assert len(by_rule) == 2


@pytest.mark.parametrize("size", [5, 500])
def test_query_count_does_not_grow(django_assert_num_queries, size):
    bulk_procedures(size, suit_code="", last_reviewed_on=RECENT, kind="servicio")
    with django_assert_num_queries(2):
        assert catalogue_stats(TODAY).services.quality_complete == size
    assert Procedure.objects.count() == size
