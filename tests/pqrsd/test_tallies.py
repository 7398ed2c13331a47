"""
The monthly tallies behind the reports stay equal to a recount of the requests after every kind
of change, and the figures read from them equal the figures counted from the requests.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from portal.models import Entity
from pqrsd import filing
from pqrsd.models import MonthlyTally, Request, RunningTermTally
from pqrsd.stats import office_rows, rebuild_tallies, request_stats, tally_differences
from tests.portal.factories import make_entity, make_office, make_staff_user

from .factories import make_request

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
TODAY = datetime.date(2026, 2, 20)
date = datetime.date

# Each period of whole months (read from the tallies) with the same period one day longer or
# shorter, on a day when nothing was filed (counted from the requests): same figures.
PERIODS = [
    ({}, {"start": date(2000, 1, 2)}),
    ({"start": date(2025, 1, 1), "end": date(2025, 12, 31)}, {"start": date(2025, 1, 2)}),
    ({"start": date(2026, 1, 1), "end": date(2026, 12, 31)}, {"end": date(2026, 12, 30)}),
    ({"start": date(2025, 12, 1), "end": date(2026, 1, 31)}, {"start": date(2025, 11, 30)}),
    ({"start": date(2026, 2, 1), "end": date(2026, 2, 28)}, {"end": date(2026, 3, 1)}),
]


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


def assert_in_step(periods=PERIODS):
    """The tallies equal a recount, and every report reads the same from either source."""
    assert tally_differences() == []
    entities = [None, *Entity.objects.all()]
    for whole_months, other in periods:
        counted = {**whole_months, **other}
        for entity in entities:
            tallied = request_stats(**whole_months, entity=entity, today=TODAY)
            assert tallied == request_stats(**counted, entity=entity, today=TODAY)
        assert office_rows(**whole_months, today=TODAY) == office_rows(**counted, today=TODAY)


@pytest.fixture
def offices():
    personeria = make_entity(kind="personeria")
    return {
        "hacienda": make_office(name="Secretaría de Hacienda"),
        "obras": make_office(name="Secretaría de Obras"),
        "personeria": make_office(entity=personeria, name="Personería Municipal"),
    }


@pytest.fixture
def staff(offices):
    return make_staff_user(offices["hacienda"])


def test_tallies_follow_every_step_of_every_request(offices, staff):
    hacienda, obras, personeria = offices["hacienda"], offices["obras"], offices["personeria"]
    on_time, _ = make_request(addressee_office=hacienda, now=at(2025, 12, 5, 9))
    assert_in_step()
    late, _ = make_request(
        request_type="queja", addressee_office=hacienda, channel="presencial", now=at(2025, 12, 5)
    )
    overdue, _ = make_request(
        request_type="informacion", addressee_office=personeria, now=at(2025, 12, 5)
    )
    unassigned, _ = make_request(request_type="consulta", now=at(2026, 1, 15, 9))
    to_the_personeria, _ = make_request(addressee_entity=personeria.entity, now=at(2026, 1, 16))
    paused, _ = make_request(request_type="reclamo", addressee_office=obras, now=at(2025, 12, 9))
    resumed, _ = make_request(addressee_office=obras, channel="telefono", now=at(2026, 2, 2, 9))
    extended, _ = make_request(addressee_office=obras, now=at(2026, 1, 20, 9))
    assert_in_step()

    filing.answer(on_time, text="Listo", user=staff, now=at(2025, 12, 19, 9))
    filing.answer(late, text="Tarde", user=staff, now=at(2026, 1, 2, 9))
    assert_in_step()
    filing.close(late, user=staff, note="Entregada")
    filing.assign(unassigned, office=hacienda, user=staff)
    assert_in_step()
    filing.assign(unassigned, office=obras, user=staff, note="Es de obras")
    filing.assign(to_the_personeria, office=personeria, user=staff)
    filing.start_processing(overdue, user=staff)
    assert_in_step()
    filing.request_completion(
        paused, what_is_missing="El recibo.", user=staff, now=at(2025, 12, 10)
    )
    filing.request_completion(resumed, what_is_missing="La foto.", user=staff, now=at(2026, 2, 3))
    assert_in_step()
    filing.record_completion(resumed, user=staff, now=at(2026, 2, 10, 9))
    filing.extend(
        extended,
        new_due_date=date(2026, 3, 3),
        reason="Visita técnica.",
        user=staff,
        now=at(2026, 2, 2, 9),
    )
    assert_in_step()
    stats = request_stats(today=TODAY)
    assert (stats.received, stats.answered, stats.answered_on_time) == (8, 2, 1)
    assert stats.overdue_open == 2  # neither the paused one nor the extended one
    assert stats.by_status["Cerrada"] == 1

    filing.answer(overdue, text="Por fin", user=staff, now=at(2026, 2, 18, 9))
    to_the_personeria.delete()
    assert_in_step()


def test_tallies_follow_writes_outside_filing(offices, staff):
    """Bulk updates, bulk deletes and bulk inserts change the tallies too (database triggers)."""
    for day in (1, 2, 3):
        make_request(addressee_office=offices["hacienda"], now=at(2026, 1, day, 9))
    Request.objects.filter(filed_on=date(2026, 1, 2)).update(
        office=offices["obras"], channel="correo", request_type="denuncia"
    )
    Request.objects.filter(filed_on=date(2026, 1, 3)).update(status="cerrada")
    assert_in_step()
    Request.objects.filter(filed_on=date(2026, 1, 1)).update(filed_on=date(2025, 12, 31))
    assert_in_step()
    Request.objects.filter(office=offices["obras"]).delete()
    assert_in_step()
    call_command("seed_demo_pqrsd", "--scale", "200", stdout=io.StringIO())  # bulk_create
    assert Request.objects.count() == 202
    assert_in_step(PERIODS[:1])  # filed on days that depend on the real date
    Request.objects.all().delete()
    assert not MonthlyTally.objects.exists()
    assert not RunningTermTally.objects.exists()


def test_whole_months_are_read_from_the_tallies_only(offices, django_assert_num_queries):
    for month in (11, 12):
        make_request(addressee_office=offices["hacienda"], now=at(2025, month, 3, 9))
    for periods in ({}, {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}):
        with CaptureQueriesContext(connection) as queries:
            request_stats(**periods, today=TODAY)
            office_rows(**periods, today=TODAY)
        assert len(queries) == 5
        assert not any('"pqrsd_request"' in query["sql"] for query in queries.captured_queries)
    with django_assert_num_queries(3):
        request_stats(start=date(2025, 11, 15), today=TODAY)  # from the requests


def test_a_table_emptied_first_stays_empty(offices):
    """A decrement never creates a row: Django's flush may empty the tallies first."""
    make_request(addressee_office=offices["hacienda"])
    MonthlyTally.objects.all().delete()
    RunningTermTally.objects.all().delete()
    Request.objects.all().delete()
    assert not MonthlyTally.objects.exists()
    assert not RunningTermTally.objects.exists()


def test_rebuild_command_checks_and_repairs(offices, staff):
    answered, _ = make_request(addressee_office=offices["hacienda"], now=at(2026, 1, 5, 9))
    filing.answer(answered, text="Listo", user=staff, now=at(2026, 1, 9, 9))
    make_request(addressee_office=offices["obras"], now=at(2026, 1, 6, 9))
    out = io.StringIO()
    call_command("rebuild_pqrsd_tallies", "--check", stdout=out)
    assert "coinciden" in out.getvalue()

    MonthlyTally.objects.filter(office=offices["hacienda"]).update(answered=F("answered") + 1)
    RunningTermTally.objects.all().delete()
    with pytest.raises(CommandError) as error:
        call_command("rebuild_pqrsd_tallies", "--check", stdout=io.StringIO())
    assert "2 filas" in str(error.value)
    assert request_stats(today=TODAY).answered == 2

    out = io.StringIO()
    call_command("rebuild_pqrsd_tallies", stdout=out)
    assert "2 filas mensuales y 1 de términos en curso" in out.getvalue()
    assert_in_step()
    assert request_stats(today=TODAY).answered == 1
    assert rebuild_tallies() == (2, 1)  # idempotent


def test_offices_with_the_same_name_share_a_line_of_the_public_report(offices, staff):
    """As before the tallies: the report groups by names, not by office."""
    twin = make_office(name="Secretaría de Hacienda")
    answered, _ = make_request(addressee_office=offices["hacienda"], now=at(2026, 1, 5, 9))
    filing.answer(answered, text="Listo", user=staff, now=at(2026, 1, 9, 9))
    make_request(addressee_office=twin, now=at(2025, 12, 1, 9))
    rows = office_rows(today=TODAY)
    assert [(r.office, r.received, r.answered, r.overdue_open) for r in rows] == [
        ("Secretaría de Hacienda", 2, 1, 1)
    ]
    assert_in_step()
