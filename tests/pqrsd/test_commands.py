"""Demo data and the outbox sender."""

import io

import pytest
from django.core.management import call_command

from portal.models import OutboundEmail
from pqrsd.models import AnswerTemplate, FilingCounter, Request, RequestStatus
from tests.portal.factories import make_office

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_without_offices_creates_nothing_and_says_so():
    assert "load_institution" in run("seed_demo_pqrsd")
    assert Request.objects.count() == 0


def test_demo_data_in_every_state_and_idempotent():
    for _ in range(3):
        make_office()
    run("seed_demo_pqrsd")
    assert Request.objects.count() == 30
    statuses = set(Request.objects.values_list("status", flat=True))
    assert {
        RequestStatus.FILED,
        RequestStatus.ANSWERED,
        RequestStatus.EXTENDED,
        RequestStatus.REFERRED,
        RequestStatus.AWAITING_COMPLETION,
    } <= statuses
    assert Request.objects.filter(answered_on_time=False).exists()
    assert Request.objects.filter(answered_on_time=True).exists()
    assert AnswerTemplate.objects.exists()
    assert OutboundEmail.objects.pending().count() == 0  # demo addresses are never mailed
    assert "ya existen" in run("seed_demo_pqrsd")
    assert Request.objects.count() == 30


def test_scale_continues_the_radicado_series():
    make_office()
    run("seed_demo_pqrsd")
    run("seed_demo_pqrsd", "--scale", "500")
    assert Request.objects.count() == 530
    year = Request.objects.order_by("-number").first().year
    numbers = list(Request.objects.filter(year=year).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    assert FilingCounter.objects.get(year=year).last_number == max(numbers)
