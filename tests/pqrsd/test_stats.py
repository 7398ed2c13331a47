"""
Figures for the reports, the open data and GEL-T: equal to a recount of the requests after
every kind of change, in a constant number of queries.
"""

import csv
import datetime
import io
import json
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from portal.models import Municipality
from pqrsd import filing
from pqrsd.models import DenialGround, Request, RequestStatus
from pqrsd.stats import OPEN_DATA_COLUMNS, request_stats, requests_by_month
from tests.portal.factories import make_entity, make_office, make_staff_user

from .factories import make_request

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
TODAY = datetime.date(2026, 1, 20)
date = datetime.date


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


@pytest.fixture
def data():
    """Four requests: one answered on time, one late, one open overdue, one open in time."""
    hacienda = make_office(name="Secretaría de Hacienda")
    personeria = make_office(entity=make_entity(kind="personeria"), name="Personería Municipal")
    staff = make_staff_user(hacienda)
    on_time, _ = make_request(addressee_office=hacienda, now=at(2025, 12, 5, 9))
    filing.answer(on_time, text="Listo", user=staff, now=at(2025, 12, 19, 9))  # 9 days
    late, _ = make_request(
        request_type="queja",
        addressee_office=hacienda,
        channel="presencial",
        now=at(2025, 12, 5, 9),
    )
    filing.answer(late, text="Tarde", user=staff, now=at(2026, 1, 2, 9))  # 17 days
    make_request(request_type="informacion", addressee_office=personeria, now=at(2025, 12, 5, 9))
    make_request(request_type="consulta", now=at(2026, 1, 15, 9))
    return hacienda, personeria


def test_request_stats_totals(data):
    stats = request_stats(today=TODAY)
    assert stats.received == 4
    assert stats.answered == 2
    assert stats.answered_on_time == 1
    assert stats.overdue_open == 1
    # The overdue request without an answer is late: 1 on time of 3 due (not 1 of 2 answered).
    assert stats.due_or_answered == 3
    assert stats.share_answered_on_time == 33.3
    assert stats.average_response_business_days == 13.0
    assert stats.days_counted == 2  # the average is over the two answered requests
    assert stats.by_type == {
        "Consulta": 1,
        "Petición": 1,
        "Queja": 1,
        "Solicitud de información o de copias de documentos": 1,
    }
    assert stats.by_office["Secretaría de Hacienda"] == 2
    assert stats.by_office["Sin asignar"] == 1
    assert requests_by_month() == {"2025-12": 3, "2026-01": 1}
    assert stats.by_channel == {"Portal web": 3, "Presencial (ventanilla)": 1}
    assert stats.online_share == 75.0


def test_request_stats_filters_by_period(data):
    assert request_stats(start=date(2026, 1, 1), today=TODAY).received == 1
    assert request_stats(end=date(2025, 12, 31), today=TODAY).received == 3
    assert requests_by_month(start=date(2025, 12, 6), end=date(2026, 1, 31)) == {"2026-01": 1}


def test_empty_stats_have_no_shares():
    stats = request_stats(today=TODAY)
    assert (stats.received, stats.share_answered_on_time) == (0, None)
    assert stats.average_response_business_days is None
    assert stats.online_share is None
    assert stats.offices == []
    assert requests_by_month() == {}


def test_office_rows(data):
    rows = {(r.entity, r.office): r for r in request_stats(today=TODAY).offices}
    hacienda = rows["Alcaldía de Puerto Guzmán", "Secretaría de Hacienda"]
    assert (hacienda.received, hacienda.answered, hacienda.answered_on_time) == (2, 2, 1)
    assert (hacienda.share_answered_on_time, hacienda.average_response_business_days) == (50, 13)
    personeria = rows["Personería de Puerto Guzmán", "Personería Municipal"]
    assert (personeria.received, personeria.overdue_open) == (1, 1)
    assert personeria.share_answered_on_time == 0  # its only request is overdue: late
    assert rows["Sin definir", "Por asignar (ventanilla de correspondencia)"].received == 1


def test_unassigned_requests_come_after_the_offices_of_their_entity(data):
    hacienda, _ = data
    make_request(addressee_entity=hacienda.entity, now=at(2026, 1, 16, 9))
    assert [(r.entity, r.office, r.received) for r in request_stats(today=TODAY).offices] == [
        ("Alcaldía de Puerto Guzmán", "Secretaría de Hacienda", 2),
        ("Alcaldía de Puerto Guzmán", "Por asignar (ventanilla de correspondencia)", 1),
        ("Personería de Puerto Guzmán", "Personería Municipal", 1),
        ("Sin definir", "Por asignar (ventanilla de correspondencia)", 1),
    ]


def test_offices_with_the_same_name_share_a_line_of_the_public_report():
    hacienda = make_office(name="Secretaría de Hacienda")
    twin = make_office(name="Secretaría de Hacienda")
    answered, _ = make_request(addressee_office=hacienda, now=at(2026, 1, 5, 9))
    filing.answer(answered, text="Listo", user=make_staff_user(hacienda), now=at(2026, 1, 9, 9))
    make_request(addressee_office=twin, now=at(2025, 12, 1, 9))
    stats = request_stats(today=date(2026, 2, 20))
    assert [(r.office, r.received, r.answered, r.overdue_open) for r in stats.offices] == [
        ("Secretaría de Hacienda", 2, 1, 1)
    ]
    assert stats.by_office == {"Secretaría de Hacienda": 2}


# --- The figures equal a recount of the requests, whatever changed them ---

RECOUNT_TODAY = date(2026, 2, 20)
PERIODS = [
    {},
    {"start": date(2025, 1, 1), "end": date(2025, 12, 31)},
    {"start": date(2026, 1, 1), "end": date(2026, 12, 31)},
    {"start": date(2025, 12, 5), "end": date(2026, 1, 16)},
]


def _counted(requests):
    """The figures of `requests` counted one by one, as a person would."""
    answered = [r for r in requests if r.answered_on]
    days = [r.response_business_days for r in answered if r.response_business_days is not None]
    on_time = sum(r.answered_on_time is True for r in requests)
    overdue = sum(
        r.is_open and r.status != RequestStatus.AWAITING_COMPLETION and r.due_date < RECOUNT_TODAY
        for r in requests
    )
    due = len(answered) + overdue  # an overdue request without an answer is late
    return {
        "received": len(requests),
        "answered": len(answered),
        "answered_on_time": on_time,
        "overdue_open": overdue,
        "share_answered_on_time": round(100 * on_time / due, 1) if due else None,
        "average_response_business_days": round(sum(days) / len(days), 1) if days else None,
    }


def assert_figures_match_a_recount():
    everything = list(Request.objects.select_related("office__entity", "addressee_entity"))
    for period in PERIODS:
        requests = [
            r
            for r in everything
            if period.get("start", date.min) <= r.filed_on <= period.get("end", date.max)
        ]
        stats = request_stats(**period, today=RECOUNT_TODAY)
        assert {name: getattr(stats, name) for name in _counted([])} == _counted(requests)
        assert stats.by_type == Counter(r.get_request_type_display() for r in requests)
        assert stats.by_status == Counter(r.get_status_display() for r in requests)
        assert stats.by_channel == Counter(r.get_channel_display() for r in requests)
        assert requests_by_month(**period) == Counter(f"{r.filed_on:%Y-%m}" for r in requests)
        assert stats.by_office == Counter(
            r.office.name if r.office else "Sin asignar" for r in requests
        )
        lines = {}
        for r in requests:
            entity = r.office.entity if r.office else r.addressee_entity
            key = (
                entity.name if entity else "Sin definir",
                r.office.name if r.office else "Por asignar (ventanilla de correspondencia)",
            )
            lines.setdefault(key, []).append(r)
        assert {
            (row.entity, row.office): {name: getattr(row, name) for name in _counted([])}
            for row in stats.offices
        } == {key: _counted(line) for key, line in lines.items()}


@pytest.fixture
def offices():
    personeria = make_entity(kind="personeria")
    return {
        "hacienda": make_office(name="Secretaría de Hacienda"),
        "obras": make_office(name="Secretaría de Obras"),
        "personeria": make_office(entity=personeria, name="Personería Municipal"),
    }


def test_figures_follow_every_step_of_every_request(offices):
    staff = make_staff_user(offices["hacienda"])
    hacienda, obras, personeria = offices["hacienda"], offices["obras"], offices["personeria"]
    on_time, _ = make_request(addressee_office=hacienda, now=at(2025, 12, 5, 9))
    assert_figures_match_a_recount()
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
    assert_figures_match_a_recount()

    filing.answer(on_time, text="Listo", user=staff, now=at(2025, 12, 19, 9))
    filing.answer(late, text="Tarde", user=staff, now=at(2026, 1, 2, 9))
    filing.close(late, user=staff, note="Entregada")
    filing.assign(unassigned, office=hacienda, user=staff)
    assert_figures_match_a_recount()
    filing.assign(unassigned, office=obras, user=staff, note="Es de obras")
    filing.assign(to_the_personeria, office=personeria, user=staff)
    filing.start_processing(overdue, user=staff)
    filing.request_completion(
        paused, what_is_missing="El recibo.", user=staff, now=at(2025, 12, 10)
    )
    filing.request_completion(resumed, what_is_missing="La foto.", user=staff, now=at(2026, 2, 3))
    assert_figures_match_a_recount()
    filing.record_completion(resumed, user=staff, now=at(2026, 2, 10, 9))
    filing.extend(
        extended,
        new_due_date=date(2026, 3, 3),
        reason="Visita técnica.",
        user=staff,
        now=at(2026, 2, 2, 9),
    )
    assert_figures_match_a_recount()
    stats = request_stats(today=RECOUNT_TODAY)
    assert (stats.received, stats.answered, stats.answered_on_time) == (8, 2, 1)
    assert stats.overdue_open == 2  # neither the paused one nor the extended one
    assert stats.by_status["Cerrada"] == 1

    filing.answer(overdue, text="Por fin", user=staff, now=at(2026, 2, 18, 9))
    to_the_personeria.delete()
    assert_figures_match_a_recount()


def test_figures_follow_writes_outside_filing(offices):
    for day in (1, 2, 3):
        make_request(addressee_office=offices["hacienda"], now=at(2026, 1, day, 9))
    Request.objects.filter(filed_on=date(2026, 1, 2)).update(
        office=offices["obras"], channel="correo", request_type="denuncia"
    )
    Request.objects.filter(filed_on=date(2026, 1, 3)).update(status="cerrada")
    Request.objects.filter(filed_on=date(2026, 1, 1)).update(filed_on=date(2025, 12, 31))
    assert_figures_match_a_recount()
    Request.objects.filter(office=offices["obras"]).delete()
    call_command("seed_demo_pqrsd", "--scale", "200", stdout=io.StringIO())  # bulk_create
    assert Request.objects.count() == 202
    assert_figures_match_a_recount()


# --- Queries and pages ---


def test_stats_queries_are_constant(data, django_assert_num_queries):
    for _ in range(2):
        with django_assert_num_queries(3):
            request_stats(today=TODAY)
        with django_assert_num_queries(3):
            request_stats(start=date(2025, 12, 5), end=date(2026, 1, 16), today=TODAY)
        with django_assert_num_queries(1):
            requests_by_month(start=date(2025, 12, 5))
        for _ in range(10):
            make_request(addressee_office=make_office(), now=at(2025, 11, 3, 9))


def test_public_stats_page(client, data, django_assert_num_queries):
    Municipality.current()
    with django_assert_num_queries(5):
        response = client.get("/pqrsd/estadisticas/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1>") == 1
    assert "Secretaría de Hacienda" in content
    assert "Personería Municipal" in content
    assert "ciudadana" not in content  # no personal data
    for _ in range(10):
        make_request(addressee_office=make_office())
    with django_assert_num_queries(5):
        client.get("/pqrsd/estadisticas/?anio=2026")


def test_overdue_unanswered_requests_count_as_late_everywhere(client):
    """6 answered on time, 4 late and 16 overdue without an answer: 6 of 26, not 6 of 10."""
    office = make_office(name="Secretaría de Gobierno")
    staff = make_staff_user(office)
    for index in range(10):
        request, _ = make_request(addressee_office=office, now=at(2025, 11, 3, 9))
        days = 5 if index < 6 else 40
        answered_at = at(2025, 11, 3, 9) + datetime.timedelta(days=days)
        filing.answer(request, text="Respuesta", user=staff, now=answered_at)
    for _ in range(16):
        make_request(addressee_office=office, now=at(2025, 11, 3, 9))
    make_request(addressee_office=office)  # filed today: within its term, not counted
    stats = request_stats(today=TODAY)
    assert (stats.answered, stats.answered_on_time, stats.overdue_open) == (10, 6, 16)
    assert stats.due_or_answered == 26
    assert stats.share_answered_on_time == 23.1
    content = client.get("/pqrsd/estadisticas/").content.decode()
    assert "23.1 %" in content or "23,1 %" in content
    assert "60.0" not in content and "60,0" not in content
    assert "sobre 10 solicitudes respondidas" in content
    assert "6 de 26" in content


@pytest.mark.parametrize("year", ["abc", "99999", "-1", "2026'", "🙂"])
def test_bad_year_is_ignored(client, year):
    response = client.get("/pqrsd/estadisticas/", {"anio": year})
    assert response.status_code == 200
    assert "El año pedido no es válido" in response.content.decode()


def test_open_data_csv_and_json(client, data, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = client.get("/pqrsd/estadisticas.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == OPEN_DATA_COLUMNS
    hacienda = next(r for r in rows if r[1] == "Secretaría de Hacienda")
    assert hacienda[2:] == ["2", "2", "1", "0", "2", "50.0", "2", "13.0", "dependencia"]
    unassigned = next(r for r in rows if r[1].startswith("Por asignar"))
    assert unassigned[2:] == ["1", "0", "0", "1", "1", "0.0", "0", "", "dependencia"]  # late
    for _ in range(10):
        make_request(addressee_office=make_office(), now=at(2025, 11, 3, 9))
    with django_assert_num_queries(3):
        response = client.get("/pqrsd/estadisticas.json?anio=2025")
    payload = json.loads(response.content)
    assert payload["columnas"] == OPEN_DATA_COLUMNS
    assert payload["periodo"] == 2025
    assert sum(r["recibidas"] for r in payload["filas"] if r["nivel"] == "dependencia") == 13
    hacienda = next(r for r in payload["filas"] if r["dependencia"] == "Secretaría de Hacienda")
    assert hacienda["porcentaje_a_tiempo"] == 50.0


def test_staff_report_and_csv(client, data, django_assert_num_queries):
    hacienda, _ = data
    client.force_login(make_staff_user(hacienda))
    with django_assert_num_queries(12):
        response = client.get("/admin/pqrsd/request/informe/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Por dependencia" in content
    assert '<th scope="row">2025-12</th><td>3</td>' in content
    for _ in range(10):
        make_request(addressee_office=make_office(), now=at(2025, 11, 3, 9))
    with django_assert_num_queries(12):
        client.get("/admin/pqrsd/request/informe/?anio=2025")
    response = client.get("/admin/pqrsd/request/informe/?formato=csv&anio=2025")
    content = response.content.decode("utf-8-sig")
    assert "tipo,Petición,1" in content
    assert "total,recibidas,13" in content
    assert "mes,2025-11,10" in content
    # 1 on time of 13 due: the 11 requests overdue without an answer count as late.
    assert "total,base_porcentaje_a_tiempo,13" in content
    assert "total,porcentaje_a_tiempo,7.7" in content
    assert "total,trasladadas,0" in content and "total,acceso_negado,0" in content


def test_staff_report_counts_referred_late_and_denied(client, data):
    hacienda, _ = data
    staff = make_staff_user(hacienda)
    request, _ = make_request(addressee_office=hacienda, now=at(2025, 11, 3, 9))
    filing.answer(
        request,
        text="No podemos entregar la historia clínica.",
        user=staff,
        denial_ground=DenialGround.PRIVACY,
        denial_partial=False,
        denial_reason="Contiene datos de salud.",
    )
    client.force_login(staff)
    content = client.get("/admin/pqrsd/request/informe/?anio=2025").content.decode()
    assert "Con acceso a la información negado (total o parcial): <strong>1</strong>" in content
    assert 'href="/pqrsd/informes/?anio=2025"' in content
    csv_text = client.get("/admin/pqrsd/request/informe/?formato=csv&anio=2025").content.decode(
        "utf-8-sig"
    )
    assert "total,acceso_negado,1" in csv_text


@pytest.mark.parametrize("year", ["²⁰²⁵", "２０２５", "9" * 5000, "2025abc", "-2025"])
def test_staff_report_ignores_odd_years(client, data, year):
    hacienda, _ = data
    client.force_login(make_staff_user(hacienda))
    response = client.get("/admin/pqrsd/request/informe/", {"anio": year})
    assert response.status_code == 200
    assert "Por dependencia" in response.content.decode()


def test_staff_report_needs_staff(client):
    assert client.get("/admin/pqrsd/request/informe/").status_code == 302
