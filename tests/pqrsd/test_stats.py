"""Figures for the reports, the open data and GEL-T, in a constant number of queries."""

import csv
import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest

from portal.models import Municipality
from pqrsd import filing
from pqrsd.stats import OPEN_DATA_COLUMNS, office_rows, request_stats
from tests.portal.factories import make_entity, make_office, make_staff_user

from .factories import make_request

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
TODAY = datetime.date(2026, 1, 20)


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
    assert stats.share_answered_on_time == 50.0
    assert stats.average_response_business_days == 13.0
    assert stats.by_type == {
        "Consulta": 1,
        "Petición": 1,
        "Queja": 1,
        "Solicitud de información o de copias de documentos": 1,
    }
    assert stats.by_office["Secretaría de Hacienda"] == 2
    assert stats.by_office["Sin asignar"] == 1
    assert stats.by_month == {"2025-12": 3, "2026-01": 1}
    assert stats.by_channel == {"Portal web": 3, "Presencial (ventanilla)": 1}
    assert stats.online_share == 75.0


def test_request_stats_filters_by_period_and_entity(data):
    hacienda, personeria = data
    assert request_stats(start=datetime.date(2026, 1, 1), today=TODAY).received == 1
    assert request_stats(end=datetime.date(2025, 12, 31), today=TODAY).received == 3
    assert request_stats(entity=personeria.entity, today=TODAY).received == 1


def test_empty_stats_have_no_shares():
    stats = request_stats(today=TODAY)
    assert (stats.received, stats.share_answered_on_time) == (0, None)
    assert stats.average_response_business_days is None


def test_stats_queries_are_constant(data, django_assert_num_queries):
    with django_assert_num_queries(3):
        request_stats(today=TODAY)
    for _ in range(10):
        make_request(addressee_office=make_office())
    with django_assert_num_queries(3):
        request_stats(today=TODAY)
    with django_assert_num_queries(3):
        request_stats(start=datetime.date(2025, 12, 5), today=TODAY)  # counted from requests
    with django_assert_num_queries(2):
        office_rows(today=TODAY)


def test_public_stats_page(client, data, django_assert_num_queries):
    Municipality.current()
    with django_assert_num_queries(7):
        response = client.get("/pqrsd/estadisticas/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1>") == 1
    assert "Secretaría de Hacienda" in content
    assert "Personería Municipal" in content
    assert "ciudadana" not in content  # no personal data
    for _ in range(10):
        make_request(addressee_office=make_office())
    with django_assert_num_queries(7):
        client.get("/pqrsd/estadisticas/?anio=2026")


@pytest.mark.parametrize("year", ["abc", "99999", "-1", "2026'", "🙂"])
def test_bad_year_is_ignored(client, year):
    response = client.get("/pqrsd/estadisticas/", {"anio": year})
    assert response.status_code == 200
    assert "El año pedido no es válido" in response.content.decode()


def test_open_data_csv_and_json(client, data, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/pqrsd/estadisticas.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == OPEN_DATA_COLUMNS
    hacienda = next(r for r in rows if r[1] == "Secretaría de Hacienda")
    assert hacienda[2:] == ["2", "2", "1", "0", "50.0", "13.0"]
    with django_assert_num_queries(2):
        response = client.get("/pqrsd/estadisticas.json?anio=2025")
    payload = json.loads(response.content)
    assert payload["columnas"] == OPEN_DATA_COLUMNS
    assert payload["periodo"] == 2025
    assert sum(r["recibidas"] for r in payload["filas"]) == 3


def test_staff_report_and_csv(client, data):
    hacienda, _ = data
    client.force_login(make_staff_user(hacienda))
    response = client.get("/admin/pqrsd/request/informe/")
    assert response.status_code == 200
    assert "Por dependencia" in response.content.decode()
    response = client.get("/admin/pqrsd/request/informe/?formato=csv&anio=2025")
    content = response.content.decode("utf-8-sig")
    assert "tipo,Petición,1" in content
    assert "total,recibidas,3" in content


def test_staff_report_needs_staff(client):
    assert client.get("/admin/pqrsd/request/informe/").status_code == 302
