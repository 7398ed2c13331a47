"""The quarterly PQRSD report (Decreto 1081 de 2015) in a real browser with axe-core."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from portal.models import Municipality
from pqrsd import filing, legal
from tests.portal.factories import make_entity, make_office, make_staff_user
from tests.pqrsd.factories import make_request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BOGOTA = ZoneInfo("America/Bogota")


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


def seed():
    Municipality.current()
    hacienda = make_office(name="Secretaría de Hacienda")
    personeria = make_office(entity=make_entity(kind="personeria"), name="Personería Municipal")
    staff = make_staff_user(hacienda)
    year = datetime.date.today().year - 1
    answered, _ = make_request(addressee_office=hacienda, now=at(year, 4, 6, 9))
    filing.answer(answered, text="Listo", user=staff, now=at(year, 4, 10, 9))
    denied, denied_code = make_request(
        request_type="informacion", addressee_office=personeria, now=at(year, 5, 4, 9)
    )
    denied.code = denied_code
    filing.answer(
        denied,
        text="No es posible.",
        user=staff,
        now=at(year, 5, 8, 9),
        denial_ground="18a",
        denial_reason="Historia clínica de un tercero.",
    )
    referred, _ = make_request(addressee_office=hacienda, now=at(year, 6, 1, 9))
    legal.refer(
        referred,
        reason="Asunto de la Gobernación.",
        user=staff,
        authority_name="Gobernación del Putumayo",
        authority_email="contactenos@putumayo.gov.co",
        now=at(year, 6, 2, 9),
    )
    make_request(addressee_entity=personeria.entity, now=at(year, 2, 2, 9))
    return year, answered, denied, referred


def test_report_by_quarter(live_server, page, axe_violations):
    year, answered, denied, referred = seed()
    page.goto(live_server.url + "/pqrsd/informes/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"año {datetime.date.today().year}"
    )
    expect(page.get_by_text("Se muestra el año en curso")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Año").select_option(str(year))
    page.get_by_label("Trimestre").select_option("2")
    page.get_by_role("button", name="Ver").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Informe de solicitudes: segundo trimestre de {year} (abril a junio)"
    )
    expect(page.get_by_text("Ley 1712 art. 18 a): intimidad de las personas").first).to_be_visible()
    expect(page.get_by_role("link", name="CSV", exact=True)).to_have_attribute(
        "href", f"/pqrsd/informes.csv?anio={year}&trimestre=2"
    )
    assert axe_violations(page) == []

    # Each request's response time, on its own page of the same quarter.
    page.get_by_role("link", name="vea el tiempo de respuesta de cada solicitud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Tiempo de respuesta de cada solicitud: segundo trimestre de {year} (abril a junio)"
    )
    for request in (answered, denied, referred):
        expect(page.get_by_role("rowheader", name=request.radicado)).to_be_visible()
    expect(page.get_by_text("Gobernación del Putumayo")).to_be_visible()
    expect(page.get_by_role("link", name="CSV", exact=True)).to_have_attribute(
        "href", f"/pqrsd/informes-solicitudes.csv?anio={year}&trimestre=2"
    )
    assert axe_violations(page) == []

    # The citizen whose request was denied sees the ground and how to insist.
    page.goto(live_server.url + "/pqrsd/consulta/")
    page.get_by_label("Número de radicado").fill(denied.radicado)
    page.get_by_label("Código de consulta").fill(denied.code)
    page.get_by_role("button", name="Consultar").click()
    expect(page.get_by_role("heading", name="Acceso a la información negado")).to_be_visible()
    expect(page.get_by_text("recurso de insistencia")).to_be_visible()
    assert axe_violations(page) == []


def test_bad_parameters_and_the_statistics_subtotals(live_server, page, axe_violations):
    year, *_ = seed()
    page.goto(live_server.url + "/pqrsd/informes/?anio=🙂&trimestre=9")
    expect(page.get_by_role("alert")).to_contain_text("El año pedido no es válido")
    expect(page.get_by_role("alert")).to_contain_text("El trimestre debe ser 1, 2, 3 o 4")
    assert axe_violations(page) == []

    page.goto(live_server.url + f"/pqrsd/estadisticas/?anio={year}&trimestre=1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("primer trimestre")
    table = page.get_by_role("region", name="Tabla de solicitudes por entidad y dependencia")
    expect(table.get_by_role("rowheader", name="Personería de Puerto Guzmán")).to_have_count(1)
    expect(table.get_by_role("rowheader", name="Total de la entidad")).to_have_count(1)
    assert axe_violations(page) == []


def test_the_request_files_of_a_busy_year_in_parts(live_server, page, axe_violations, monkeypatch):
    from pqrsd import report

    monkeypatch.setattr(report, "REQUESTS_PER_FILE", 3)
    year, *_ = seed()  # four requests: parts of 3 and 1
    page.goto(live_server.url + f"/pqrsd/informes/solicitudes/?anio={year}")
    expect(page.get_by_text("2 partes para el periodo")).to_be_visible()
    assert axe_violations(page) == []

    # Without JavaScript too: a number and the format's button.
    page.get_by_label("Otra parte (1 a 2)").fill("2")
    page.get_by_role("button", name="Descargar JSON").click()
    expect(page.locator("body")).to_contain_text('"parte": 2')
    expect(page.locator("body")).to_contain_text('"partes": 2')
