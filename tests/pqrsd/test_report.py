"""
The public report of Decreto 1081 de 2015, art. 2.1.1.6.2 (/pqrsd/informes/) and the
statistics page's quarter filter and entity subtotals: every figure equals a recount of the
requests, at two data sizes with the same queries; quarters end where the calendar says.
"""

import csv
import datetime
import io
import json
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portal.models import Municipality
from pqrsd import filing, legal, report
from pqrsd.models import DenialGround, Request, RequestStatus
from pqrsd.periods import parse_period, quarter_bounds, quarter_of
from pqrsd.stats import (
    OPEN_DATA_COLUMNS,
    REPORT_COLUMNS,
    REQUEST_COLUMNS,
    UNASSIGNED,
    Outcome,
    outcome,
    request_lines,
    request_stats,
)
from tests.portal.factories import make_entity, make_office, make_staff_user

from .factories import make_request

BOGOTA = ZoneInfo("America/Bogota")
date = datetime.date
TODAY = date(2026, 6, 15)


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


# --- Periods: plain functions ---


@pytest.mark.parametrize(
    ("quarter", "bounds"),
    [
        (1, (date(2028, 1, 1), date(2028, 3, 31))),
        (2, (date(2028, 4, 1), date(2028, 6, 30))),
        (3, (date(2028, 7, 1), date(2028, 9, 30))),
        (4, (date(2028, 10, 1), date(2028, 12, 31))),
    ],
)
def test_quarter_bounds(quarter, bounds):
    assert quarter_bounds(2028, quarter) == bounds
    assert quarter_of(bounds[0]) == quarter_of(bounds[1]) == quarter


def test_report_period_defaults_to_this_year():
    period = parse_period(None, None, today=TODAY, every_year=False)
    assert (period.year, period.quarter, period.start, period.end) == (
        2026,
        None,
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert period.message == ""
    assert period.label == "año 2026"


def test_a_quarter_of_a_year():
    period = parse_period("2025", "3", today=TODAY, every_year=False)
    assert (period.start, period.end) == (date(2025, 7, 1), date(2025, 9, 30))
    assert period.label == "tercer trimestre de 2025 (julio a septiembre)"
    assert period.query == "?anio=2025&trimestre=3"
    assert period.slug == "2025-T3"


@pytest.mark.parametrize(
    "year", ["abc", "99999", "-1", "2026'", "🙂", "1999", "２０２６", "x" * 5000]
)
def test_a_bad_year_gives_a_message_and_this_year(year):
    period = parse_period(year, "2", today=TODAY, every_year=False)
    assert (period.year, period.quarter) == (2026, 2)
    assert period.message == "El año pedido no es válido; se muestra 2026."


@pytest.mark.parametrize("quarter", ["0", "5", "uno", "1.5", "🙂", "-1", "4 "])
def test_a_bad_quarter_gives_the_whole_year(quarter):
    period = parse_period("2025", quarter, today=TODAY, every_year=False)
    if quarter == "4 ":  # surrounding spaces are forgiven
        assert period.quarter == 4
        return
    assert (period.year, period.quarter, period.end) == (2025, None, date(2025, 12, 31))
    assert "El trimestre debe ser 1, 2, 3 o 4" in period.message


def test_statistics_period_is_every_year_unless_asked():
    assert parse_period("", "", today=TODAY, every_year=True).start is None
    period = parse_period("", "2", today=TODAY, every_year=True)
    assert (period.year, period.quarter, period.start) == (None, None, None)
    assert period.message == "Para ver un trimestre elija también el año."
    assert "todos los años" in parse_period("abc", "", today=TODAY, every_year=True).message


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"status": "trasladada", "answered_on_time": None, "referred": True}, Outcome.REFERRED),
        ({"status": "respondida", "answered_on_time": True, "referred": False}, Outcome.ON_TIME),
        ({"status": "cerrada", "answered_on_time": False, "referred": False}, Outcome.LATE),
        ({"status": "por_completar", "answered_on_time": None, "referred": False}, Outcome.PAUSED),
        ({"status": "cerrada", "answered_on_time": None, "referred": False}, Outcome.CLOSED),
        ({"status": "asignada", "answered_on_time": None, "referred": False}, Outcome.IN_TERM),
    ],
)
def test_outcome(facts, expected):
    assert outcome(**facts, due_date=TODAY, today=TODAY) == expected


def test_an_open_request_past_its_due_date_is_overdue():
    facts = {"status": "radicada", "answered_on_time": None, "referred": False}
    assert outcome(**facts, due_date=date(2026, 6, 12), today=TODAY) == Outcome.OVERDUE


# --- The figures equal a recount, at two sizes, with the same queries ---


@pytest.fixture
def offices(db):
    Municipality.current()
    personeria = make_entity(kind="personeria")
    return {
        "hacienda": make_office(name="Secretaría de Hacienda"),
        "gobierno": make_office(name="Secretaría de Gobierno"),
        "personeria": make_office(entity=personeria, name="Personería Municipal"),
    }


def add_requests(offices, rounds):
    """
    Per round, one request of each kind the report counts: answered on time, answered late,
    denied with a ground, referred, overdue, paused, in term, unassigned to the Personería.
    """
    staff = make_staff_user(offices["hacienda"])
    grounds = [g for g, _ in DenialGround.choices]
    for n in range(rounds):
        hacienda, gobierno, personeria = (
            offices["hacienda"],
            offices["gobierno"],
            offices["personeria"],
        )
        day = 2 + n % 20
        on_time, _ = make_request(addressee_office=hacienda, now=at(2026, 2, day, 9))
        filing.answer(on_time, text="Listo", user=staff, now=at(2026, 2, day, 9) + _days(6))
        late, _ = make_request(addressee_office=gobierno, now=at(2026, 1, day, 9))
        filing.answer(late, text="Tarde", user=staff, now=at(2026, 1, day, 9) + _days(40))
        denied, _ = make_request(
            request_type="informacion", addressee_office=personeria, now=at(2026, 4, day, 9)
        )
        filing.answer(
            denied,
            text="No es posible entregarla.",
            user=staff,
            now=at(2026, 4, day, 9) + _days(5),
            denial_ground=grounds[n % len(grounds)],
            denial_partial=n % 2 == 0,
            denial_reason="Contiene datos de salud de terceros.",
        )
        referred, _ = make_request(addressee_office=gobierno, now=at(2026, 5, day, 9))
        legal.refer(
            referred,
            reason="Es un asunto de la Gobernación.",
            user=staff,
            authority_name="Gobernación del Putumayo",
            authority_email="contactenos@putumayo.gov.co",
            now=at(2026, 5, day, 9) + _days(1),
        )
        make_request(addressee_office=hacienda, now=at(2026, 3, day, 9))  # overdue by June
        paused, _ = make_request(addressee_office=gobierno, now=at(2026, 6, day % 10 + 1, 9))
        filing.request_completion(
            paused, what_is_missing="La foto.", user=staff, now=at(2026, 6, 11, 9)
        )
        make_request(addressee_office=personeria, now=at(2026, 6, 12, 9))  # in term
        make_request(addressee_entity=personeria.entity, now=at(2026, 6, 12, 10))  # unassigned
        make_request(addressee_office=hacienda, now=at(2025, 12, day, 9))  # another year


def _days(n):
    return datetime.timedelta(days=n)


def recount(period_start, period_end):
    """The report counted request by request, as an auditor would with the database open."""
    requests = [
        r
        for r in Request.objects.select_related("office__entity", "addressee_entity")
        if period_start <= r.filed_on <= period_end
    ]
    rows = {}
    for r in requests:
        entity = r.office.entity if r.office else r.addressee_entity
        key = (entity.name, r.office.name if r.office else UNASSIGNED)
        row = rows.setdefault(key, Counter())
        row["received"] += 1
        row["referred"] += r.status == RequestStatus.REFERRED
        row["answered_on_time"] += r.answered_on_time is True
        row["answered_late"] += r.answered_on_time is False
        row["overdue_open"] += (
            r.is_open and r.status != RequestStatus.AWAITING_COMPLETION and r.due_date < TODAY
        )
        row["denied"] += bool(r.denial_ground)
    times = {r.radicado: r.response_business_days for r in requests}
    grounds = Counter(r.get_denial_ground_display() for r in requests if r.denial_ground)
    return rows, times, grounds


def reported(period_start, period_end):
    stats = request_stats(start=period_start, end=period_end, today=TODAY)
    names = ("received", "referred", "answered_on_time", "answered_late", "overdue_open", "denied")
    rows = {
        (row.entity, row.office): Counter({n: getattr(row, n) for n in names if getattr(row, n)})
        for row in stats.offices
    }
    lines = request_lines(start=period_start, end=period_end, today=TODAY)
    return stats, rows, {line.radicado: line.response_business_days for line in lines}


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
@pytest.mark.parametrize("rounds", [1, 6])
def test_report_figures_match_a_recount(offices, rounds, django_assert_num_queries):
    add_requests(offices, rounds)
    for start, end in [
        (date(2026, 1, 1), date(2026, 12, 31)),
        *(quarter_bounds(2026, q) for q in (1, 2, 3, 4)),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ]:
        expected_rows, expected_times, expected_grounds = recount(start, end)
        # Grouped counts, office names, entity names, lines (no names to read in an empty one).
        with django_assert_num_queries(4 if expected_rows else 2):
            stats, rows, times = reported(start, end)
        assert rows == {key: +row for key, row in expected_rows.items()}
        assert times == expected_times
        assert stats.by_denial_ground == expected_grounds
        assert stats.received == sum(r["received"] for r in expected_rows.values())
        for group in stats.entities:  # each subtotal is its offices added up
            assert group.received == sum(o.received for o in group.offices)
            assert group.denied == sum(o.denied for o in group.offices)
    whole_year = request_stats(start=date(2026, 1, 1), end=date(2026, 12, 31), today=TODAY)
    assert (whole_year.received, whole_year.referred, whole_year.denied) == (
        8 * rounds,
        rounds,
        rounds,
    )
    assert (whole_year.answered_on_time, whole_year.answered_late) == (2 * rounds, rounds)


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
def test_report_pages_queries_do_not_grow(client, offices, django_assert_num_queries):
    add_requests(offices, 1)
    figures, requests = "/pqrsd/informes/?anio=2026", "/pqrsd/informes/solicitudes/?anio=2026"
    client.get(figures)  # warm the municipality and menu caches
    # The figures: grouped counts, office names, entity names; municipality, alerts.
    with django_assert_num_queries(5) as small_figures:
        response = client.get(figures)
    assert response.status_code == 200
    # The requests: their count, the page's lines; municipality, alerts.
    with django_assert_num_queries(4) as small_requests:
        assert client.get(requests).status_code == 200
    add_requests(offices, 5)
    with django_assert_num_queries(len(small_figures.captured_queries)):
        figures_content = client.get(figures).content.decode()
    with django_assert_num_queries(len(small_requests.captured_queries)):
        content = client.get(requests).content.decode()
    assert "Informe de solicitudes: año 2026" in figures_content
    assert 'href="/pqrsd/informes/solicitudes/?anio=2026"' in figures_content
    assert content.count("<h1>") == 1
    assert "Tiempo de respuesta de cada solicitud: año 2026" in content
    for request in Request.objects.filter(filed_on__year=2026):
        assert f'<th scope="row">{request.radicado}</th>' in content
    assert "Gobernación del Putumayo" in content
    for page in (figures_content, content):
        assert "Contiene datos de salud" not in page  # the reasons stay with the citizen
        assert "ciudadana" not in page  # no personal data (the factories' e-mails)
        assert "Arreglo de la vía" not in page  # nor the subjects


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
def test_the_requests_are_listed_a_page_at_a_time(client, offices, monkeypatch):
    # A year of a busy office is thousands of requests: the page shows a page of them.
    monkeypatch.setattr(report, "LINES_PER_PAGE", 2)
    add_requests(offices, 2)
    radicados = filing_order(2026)
    assert len(radicados) > 4
    first = client.get("/pqrsd/informes/solicitudes/?anio=2026").content.decode()
    second = client.get("/pqrsd/informes/solicitudes/?anio=2026&page=2").content.decode()
    assert f"{len(radicados)} solicitudes radicadas en el periodo, 2 por página" in first
    assert all(f'<th scope="row">{r}</th>' in first for r in radicados[:2])
    assert f'<th scope="row">{radicados[2]}</th>' not in first
    assert f'<th scope="row">{radicados[2]}</th>' in second
    assert 'href="?anio=2026&amp;page=2" rel="next"' in first
    for page in ("0", "999", "dos", "💥"):  # out of range or not a number: a page, never a 500
        response = client.get(f"/pqrsd/informes/solicitudes/?anio=2026&page={page}")
        assert response.status_code == 200


def filing_order(year):
    return list(
        Request.objects.filter(filed_on__year=year)
        .order_by("filed_on", "year", "number")
        .values_list("radicado", flat=True)
    )


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
def test_the_request_files_come_in_parts_that_hold_every_request_once(
    client, offices, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(report, "REQUESTS_PER_FILE", 3)
    add_requests(offices, 2)  # 16 requests: parts of 3, 3, 3, 3, 3 and 1
    radicados = filing_order(2026)
    assert len(radicados) == 16
    from_csv, from_json = [], []
    for number in range(1, 7):
        with django_assert_num_queries(2):  # the count and the part's lines
            response = client.get(f"/pqrsd/informes-solicitudes.csv?anio=2026&parte={number}")
        assert f"-2026-parte-{number}-de-6-" in response["Content-Disposition"]
        text = response.content.decode("utf-8-sig")
        from_csv += [row["radicado"] for row in csv.DictReader(io.StringIO(text))]
        with django_assert_num_queries(2):
            payload = client.get(
                f"/pqrsd/informes-solicitudes.json?anio=2026&parte={number}"
            ).json()
        assert (payload["parte"], payload["partes"]) == (number, 6)
        assert (payload["solicitudes_por_parte"], payload["total_solicitudes"]) == (3, 16)
        from_json += [line["radicado"] for line in payload["solicitudes"]]
        if number < 6:
            assert payload["siguiente"].endswith(
                f"/pqrsd/informes-solicitudes.json?anio=2026&parte={number + 1}"
            )
        else:
            assert payload["siguiente"] is None
        assert (payload["anterior"] is None) == (number == 1)
    assert from_csv == radicados  # every request once, in the report's order
    assert from_json == radicados

    # Past the end or not a number: the last or the first part, never an error.
    last = client.get("/pqrsd/informes-solicitudes.json?anio=2026&parte=999").json()
    assert last["parte"] == 6
    for bad in ("0", "dos", "💥", "-1", "1e9", "x" * 5000):
        response = client.get("/pqrsd/informes-solicitudes.csv", {"anio": "2026", "parte": bad})
        assert response.status_code == 200

    # The page lists the parts, marks the one that holds it and offers any other.
    content = client.get("/pqrsd/informes/solicitudes/?anio=2026").content.decode()
    assert "6 partes para el periodo" in content
    assert 'href="/pqrsd/informes-solicitudes.csv?anio=2026&amp;parte=6"' in content
    assert 'href="/pqrsd/informes-solicitudes.json?anio=2026&amp;parte=1"' in content
    assert 'name="parte" type="number" min="1" max="6"' in content


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
def test_one_part_is_offered_as_plain_files(client, offices):
    add_requests(offices, 1)
    content = client.get("/pqrsd/informes/solicitudes/?anio=2026&trimestre=2").content.decode()
    assert 'href="/pqrsd/informes-solicitudes.csv?anio=2026&amp;trimestre=2"' in content
    assert "partes para el periodo" not in content
    response = client.get("/pqrsd/informes-solicitudes.csv?anio=2026&trimestre=2")
    assert "parte" not in response["Content-Disposition"]


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
def test_report_page_shows_the_figures_of_each_office(client, offices):
    add_requests(offices, 1)
    content = client.get("/pqrsd/informes/?anio=2026&trimestre=2").content.decode()
    assert "Informe de solicitudes: segundo trimestre de 2026 (abril a junio)" in content
    personeria_row = (
        '<tr><th scope="row">Personería Municipal</th><td>2</td><td>0</td><td>1</td><td>0</td>'
        "<td>0</td><td>1</td>"
    )
    assert personeria_row in content
    gobierno_row = (
        '<tr><th scope="row">Secretaría de Gobierno</th><td>2</td><td>1</td><td>0</td><td>0</td>'
        "<td>0</td><td>0</td>"
    )
    assert gobierno_row in content
    ground = Request.objects.exclude(denial_ground="").get().get_denial_ground_display()
    assert f"<li>{ground}: 1</li>" in content


# --- Quarter boundaries, with the clock moved ---


def test_quarter_boundaries_follow_bogota_time(client, offices):
    last_q1, _ = make_request(addressee_office=offices["hacienda"], now=at(2026, 3, 31, 23, 50))
    first_q2, _ = make_request(addressee_office=offices["hacienda"], now=at(2026, 4, 1, 0, 5))
    # 4 April 00:30 in UTC is still 31 March... no: 1 April 04:30 UTC is 23:30 of 31 March.
    utc_late, _ = make_request(
        addressee_office=offices["hacienda"],
        now=datetime.datetime(2026, 4, 1, 4, 30, tzinfo=datetime.UTC),
    )
    assert utc_late.filed_on == date(2026, 3, 31)
    with time_machine.travel(at(2026, 7, 2, 8), tick=False):
        q1 = client.get("/pqrsd/informes-solicitudes.json?anio=2026&trimestre=1").json()
        q2 = client.get("/pqrsd/informes-solicitudes.json?anio=2026&trimestre=2").json()
    assert {r["radicado"] for r in q1["solicitudes"]} == {last_q1.radicado, utc_late.radicado}
    assert {r["radicado"] for r in q2["solicitudes"]} == {first_q2.radicado}
    assert q1["periodo"] == {
        "anio": 2026,
        "trimestre": 1,
        "desde": "2026-01-01",
        "hasta": "2026-03-31",
        "descripcion": "primer trimestre de 2026 (enero a marzo)",
    }


def test_without_a_year_the_report_is_of_the_current_year(client, offices):
    make_request(addressee_office=offices["hacienda"], now=at(2026, 12, 31, 23, 59))
    with time_machine.travel(at(2026, 12, 31, 23, 59, 30), tick=False):
        content = client.get("/pqrsd/informes/").content.decode()
        assert "Informe de solicitudes: año 2026" in content
        assert "Se muestra el año en curso" in content
        content = client.get("/pqrsd/informes/solicitudes/").content.decode()
        assert "Tiempo de respuesta de cada solicitud: año 2026" in content
        assert "1 solicitud radicada en el periodo" in content
        assert "Se muestra el año en curso" in content
    with time_machine.travel(at(2027, 1, 1, 0, 1), tick=False):
        for address in ("/pqrsd/informes/", "/pqrsd/informes/solicitudes/"):
            content = client.get(address).content.decode()
            assert "año 2027" in content
            assert "No se radicaron solicitudes en este periodo." in content


# --- Bad input never breaks a page ---


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
@pytest.mark.parametrize(
    "query",
    [
        {"anio": "abc"},
        {"anio": "99999", "trimestre": "2"},
        {"anio": "🙂", "trimestre": "🙂"},
        {"anio": "2026'; DROP TABLE pqrsd_request;--"},
        {"anio": "2026", "trimestre": "9"},
        {"anio": "2026", "trimestre": "x" * 10000},
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/pqrsd/informes/",
        "/pqrsd/informes/solicitudes/",
        "/pqrsd/informes.csv",
        "/pqrsd/informes.json",
        "/pqrsd/informes-solicitudes.csv",
        "/pqrsd/informes-solicitudes.json",
    ],
)
def test_bad_parameters_get_a_message_and_a_page(client, offices, query, url):
    make_request(addressee_office=offices["hacienda"], now=at(2026, 2, 3, 9))
    response = client.get(url, query)
    assert response.status_code == 200
    if url.endswith(".json"):
        assert "no es válido" in response.json()["aviso"] or "trimestre" in response.json()["aviso"]
    if url.endswith("/"):
        content = response.content.decode()
        assert "no es válido" in content or "El trimestre debe ser 1, 2, 3 o 4" in content
        assert 'role="alert"' in content
        assert "Informe de solicitudes: " in content or "Tiempo de respuesta de cada" in content


@pytest.mark.parametrize(
    "url", ["/pqrsd/informes/", "/pqrsd/informes/solicitudes/", "/pqrsd/informes-solicitudes.json"]
)
def test_report_refuses_post(client, db, url):
    assert client.post(url).status_code == 405


# --- Open data: one declared column list per table ---


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
def test_report_csv_and_json_columns(client, offices, django_assert_num_queries):
    add_requests(offices, 2)
    with django_assert_num_queries(3):
        response = client.get("/pqrsd/informes.csv?anio=2026")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="informe-pqrsd-2026-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == REPORT_COLUMNS
    offices_rows = [r for r in rows if r["nivel"] == "dependencia"]
    subtotals = {r["entidad"]: r for r in rows if r["nivel"] == "total_entidad"}
    assert sum(int(r["recibidas"]) for r in offices_rows) == 16
    assert set(subtotals) == {"Alcaldía de Puerto Guzmán", "Personería de Puerto Guzmán"}
    personeria = subtotals["Personería de Puerto Guzmán"]
    assert (personeria["recibidas"], personeria["acceso_negado"]) == ("6", "2")

    with django_assert_num_queries(2):  # the count, the lines
        response = client.get("/pqrsd/informes-solicitudes.csv?anio=2026&trimestre=2")
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(lines[0]) == REQUEST_COLUMNS
    referred = [line for line in lines if line["resultado"] == Outcome.REFERRED]
    assert [line["trasladada_a"] for line in referred] == ["Gobernación del Putumayo"] * 2
    assert all(line["fecha_traslado"].startswith("2026-05-") for line in referred)
    denied = [line for line in lines if line["fundamento_negacion"]]
    assert sorted(line["negacion_parcial"] for line in denied) == ["False", "True"]
    assert {line["dias_habiles_respuesta"] for line in denied} == {"3", "4"} or all(
        line["dias_habiles_respuesta"].isdigit() for line in denied
    )

    with django_assert_num_queries(3):
        payload = client.get("/pqrsd/informes.json?anio=2026&trimestre=2").json()
    assert payload["columnas"] == REPORT_COLUMNS
    assert all(list(row) == REPORT_COLUMNS for row in payload["filas"])
    figures = client.get("/pqrsd/informes.csv?anio=2026&trimestre=2").content.decode("utf-8-sig")
    assert [[str(value) for value in row.values()] for row in payload["filas"]] == [
        list(row.values()) for row in csv.DictReader(io.StringIO(figures))
    ]  # the same figures as the CSV
    with django_assert_num_queries(2):
        payload = client.get("/pqrsd/informes-solicitudes.json?anio=2026&trimestre=2").json()
    assert payload["columnas"] == REQUEST_COLUMNS
    assert all(list(row) == REQUEST_COLUMNS for row in payload["solicitudes"])
    assert [r["radicado"] for r in payload["solicitudes"]] == [
        r["radicado"] for r in lines
    ]  # the same requests as the CSV


# --- The statistics page: subtotals, quarter filter, no entity or office twice ---


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
def test_statistics_never_show_an_entity_or_office_twice(
    client, offices, django_assert_num_queries
):
    personeria = offices["personeria"]
    for request_type, channel in [
        ("peticion", "web"),
        ("queja", "presencial"),
        ("informacion", "web"),
    ]:
        make_request(
            request_type=request_type,
            channel=channel,
            addressee_office=personeria,
            now=at(2026, 2, 3, 9),
        )
    make_request(addressee_entity=personeria.entity, now=at(2026, 2, 4, 9))
    make_request(addressee_office=offices["hacienda"], now=at(2026, 2, 4, 9))
    client.get("/pqrsd/estadisticas/")
    with django_assert_num_queries(5):  # counts, office and entity names, municipality, alerts
        response = client.get("/pqrsd/estadisticas/")
    content = response.content.decode()
    assert content.count(">Personería de Puerto Guzmán</th>") == 1
    assert content.count(">Personería Municipal</th>") == 1
    assert content.count(">Alcaldía de Puerto Guzmán</th>") == 1
    assert (
        '<tr class="subtotal"><th scope="row">Total de la entidad</th><td>4</td>' in content
    )  # the Personería: 3 to its office and 1 still to be assigned, one entity
    stats = request_stats(today=TODAY)
    assert [(g.entity, [o.office for o in g.offices], g.received) for g in stats.entities] == [
        ("Alcaldía de Puerto Guzmán", ["Secretaría de Hacienda"], 1),
        ("Personería de Puerto Guzmán", ["Personería Municipal", UNASSIGNED], 4),
    ]


@time_machine.travel(at(2026, 6, 15, 10), tick=False)
def test_statistics_quarter_filter_and_open_data_subtotals(client, offices):
    make_request(addressee_office=offices["hacienda"], now=at(2026, 3, 31, 23))
    make_request(addressee_office=offices["hacienda"], now=at(2026, 4, 1, 8))
    make_request(addressee_office=offices["personeria"], now=at(2026, 5, 2, 8))
    content = client.get("/pqrsd/estadisticas/?anio=2026&trimestre=2").content.decode()
    assert "segundo trimestre de 2026" in content
    assert '<option value="2" selected>' in content
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/pqrsd/estadisticas.csv?anio=2026&trimestre=2").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert list(rows[0]) == OPEN_DATA_COLUMNS
    assert [(r["entidad"], r["dependencia"], r["recibidas"], r["nivel"]) for r in rows] == [
        ("Alcaldía de Puerto Guzmán", "Secretaría de Hacienda", "1", "dependencia"),
        ("Alcaldía de Puerto Guzmán", "Total de la entidad", "1", "total_entidad"),
        ("Personería de Puerto Guzmán", "Personería Municipal", "1", "dependencia"),
        ("Personería de Puerto Guzmán", "Total de la entidad", "1", "total_entidad"),
    ]
    payload = json.loads(client.get("/pqrsd/estadisticas.json?anio=2026&trimestre=1").content)
    assert (payload["periodo"], payload["trimestre"]) == (2026, 1)
    assert [r["recibidas"] for r in payload["filas"]] == [1, 1]
    content = client.get("/pqrsd/estadisticas/?trimestre=3").content.decode()
    assert "Para ver un trimestre elija también el año." in content


# --- Staff record a denial of access on the answer, with its legal ground ---


def test_staff_record_a_denial_with_its_ground(client, offices):
    request, _ = make_request(request_type="informacion", addressee_office=offices["hacienda"])
    client.force_login(make_staff_user(offices["hacienda"]))
    url = reverse("admin:pqrsd_request_answer", args=[request.pk])
    form = client.get(url).content.decode()
    assert "¿La respuesta niega el acceso a la información?" in form
    assert "Ley 1712 art. 19 g)" in form
    response = client.post(url, {"text": "No podemos entregarla.", "denial_ground": "19g"})
    assert "Una negación del acceso debe motivarse" in response.content.decode()
    assert "No podemos entregarla." in response.content.decode()  # what was typed stays
    assert Request.objects.get().status == RequestStatus.FILED
    response = client.post(
        url,
        {
            "text": "No podemos entregarla.",
            "denial_ground": "19g",
            "denial_partial": "on",
            "denial_reason": "El expediente es de un menor de edad (Ley 1098 de 2006).",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.denial_ground, request.denial_partial) == (
        RequestStatus.ANSWERED,
        "19g",
        True,
    )
    assert request_stats(today=request.filed_on).by_denial_ground == {
        "Ley 1712 art. 19 g): derechos de la infancia y la adolescencia": 1
    }


def test_an_answer_without_denial_records_none(client, offices):
    request, _ = make_request(addressee_office=offices["hacienda"])
    client.force_login(make_staff_user(offices["hacienda"]))
    url = reverse("admin:pqrsd_request_answer", args=[request.pk])
    response = client.post(url, {"text": "Aquí está.", "denial_ground": "", "denial_reason": "x"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.denial_ground, request.denial_partial, request.denial_reason) == ("", False, "")


def test_a_made_up_ground_is_refused(client, offices):
    request, _ = make_request(addressee_office=offices["hacienda"])
    client.force_login(make_staff_user(offices["hacienda"]))
    url = reverse("admin:pqrsd_request_answer", args=[request.pk])
    response = client.post(url, {"text": "Aquí está.", "denial_ground": "art99"})
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    assert Request.objects.get().status == RequestStatus.FILED


# --- The transparency menu item that asks for the report links to it ---


def test_transparency_menu_links_the_report(client, offices):
    from django.core.management import call_command

    call_command("load_transparency_menu", stdout=io.StringIO())
    response = client.get(reverse("transparency:category", args=["4"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "4.10.2" in content
    assert f'href="{reverse("pqrsd:report")}"' in content
    assert f'href="{reverse("pqrsd:report_csv")}"' in content
    assert f'href="{reverse("pqrsd:report_requests")}"' in content


def test_the_citizen_sees_the_ground_of_a_denial_on_the_tracking_page(client, offices):
    request, code = make_request(request_type="informacion", addressee_office=offices["hacienda"])
    filing.answer(
        request,
        text="No podemos entregar la historia clínica.",
        user=make_staff_user(offices["hacienda"]),
        denial_ground="18a",
        denial_partial=True,
        denial_reason="Es información de un tercero (Ley 1581 de 2012).",
    )
    response = client.post("/pqrsd/consulta/", {"radicado": request.radicado, "code": code})
    content = client.get(response["Location"]).content.decode()
    assert "Acceso a la información negado en parte" in content
    assert "Ley 1712 art. 18 a): intimidad de las personas" in content
    assert "Es información de un tercero (Ley 1581 de 2012)." in content
    assert "recurso de insistencia" in content


def test_an_answer_that_gives_the_information_shows_no_denial(client, offices):
    request, code = make_request(addressee_office=offices["hacienda"])
    filing.answer(request, text="Aquí está.", user=make_staff_user(offices["hacienda"]))
    response = client.post("/pqrsd/consulta/", {"radicado": request.radicado, "code": code})
    content = client.get(response["Location"]).content.decode()
    assert "Aquí está." in content
    assert "Acceso a la información negado" not in content
