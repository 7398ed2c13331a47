import csv
import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import Status
from tramites.models import Procedure, ProcedureForm, Requirement, Step
from tramites.opendata import COLUMNS

from .factories import make_category, make_office, make_procedure

pytestmark = pytest.mark.django_db

_A_DAY = datetime.timedelta(days=1)
CSV_COLUMNS = [column.name for column in COLUMNS]
NASTY = 'Línea 1, con coma; "comillas" y ñandú\nLínea 2 — tildes áéíóú ü 😀\r\nfin'


def build_catalogue(n):
    office = make_office(name="Secretaría de Hacienda", slug="hacienda")
    category = make_category(name="Impuestos", slug="impuestos")
    published = [
        make_procedure(office=office, category=category, requirements=2, steps=2) for _ in range(n)
    ]
    make_procedure(name="Borrador oculto", status=Status.DRAFT)
    make_procedure(name="Programado", publish_at=timezone.now() + datetime.timedelta(days=2))
    return published


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the accents right with the BOM
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


# One query for the sheets (their topic, office and entity names joined) and one per list
# (requirements, steps, forms).
EXPORT_QUERIES = 4


@pytest.mark.parametrize("size", [5, 500])
def test_csv_is_exactly_the_published_catalogue(client, django_assert_num_queries, size):
    published = build_catalogue(size)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get("/tramites/datos.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="tramites-puerto-guzman.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert {row["identificador"] for row in rows} == {p.slug for p in published}
    assert len(rows) == size
    assert "Borrador oculto" not in response.content.decode()
    row = rows[0]
    assert row["dependencia"] == "Secretaría de Hacienda"
    assert row["tema"] == "Impuestos"
    assert row["requisitos"] == "Requisito 0\nRequisito 1"
    assert row["es_gratuito"] == "si"
    assert row["nivel_automatizacion"] == "solo_informacion"
    assert row["url_ficha"].startswith("http://testserver/tramites/")


def test_csv_header_is_stable(client):
    header = client.get("/tramites/datos.csv").content.decode("utf-8")[1:].splitlines()[0]
    assert header.split(",") == CSV_COLUMNS
    assert CSV_COLUMNS[:4] == ["identificador", "codigo_suit", "clase", "nombre"]
    assert len(CSV_COLUMNS) == 33


@pytest.mark.parametrize("size", [5, 500])
def test_json_is_exactly_the_published_catalogue(client, django_assert_num_queries, size):
    published = build_catalogue(size)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get("/tramites/datos.json")
    assert response.status_code == 200
    data = json.loads(response.content.decode("utf-8"))
    assert data["total"] == size
    assert {item["identificador"] for item in data["tramites"]} == {p.slug for p in published}
    item = data["tramites"][0]
    assert list(item) == CSV_COLUMNS
    assert item["requisitos"] == [
        {"descripcion": "Requisito 0", "requiere_documento": True},
        {"descripcion": "Requisito 1", "requiere_documento": True},
    ]
    assert item["pasos"] == ["Paso 0", "Paso 1"]
    assert item["es_gratuito"] is True
    assert item["tiempo_respuesta"] == 5


def as_csv_cells(item):
    """A JSON record as the CSV writes it: lists as lines, si/no, None as an empty cell."""
    cells = {}
    for column, value in item.items():
        if column == "requisitos":
            value = "\n".join(requirement["descripcion"] for requirement in value)
        elif column == "formularios":
            value = "\n".join(form["url"] for form in value)
        elif column == "pasos":
            value = "\n".join(value)
        elif isinstance(value, bool):
            value = "si" if value else "no"
        elif value is None:
            value = ""
        cells[column] = str(value)
    return cells


def test_csv_says_what_the_json_says(client):
    """Both exports write the same cells: lists as lines and si/no in the CSV."""
    office = make_office(name='Oficina "Uno", ñ')
    nasty = make_procedure(
        name='Paz y salvo, "especial" ñ 😀',
        office=office,
        category=None,
        purpose=NASTY,
        kind=Procedure.Kind.OPA,
        automation_level=Procedure.Automation.FULL,
        online_url="https://example.com/en-linea?a=1,2",
        response_time_unit=Procedure.TimeUnit.CALENDAR_DAYS,
        response_time_value=0,
        is_free=False,
        cost_amount=123456789012,
        last_reviewed_on=datetime.date(2025, 3, 4),
        needs_review=False,
        requirements=0,
        steps=0,
    )
    for order, text in ((2, "Segundo, con coma"), (1, NASTY), (1, "Mismo orden, después")):
        Requirement.objects.create(procedure=nasty, description=text, order=order)
        Step.objects.create(procedure=nasty, description=text, order=order)
    for title in ("Formato, dos", "Formato uno"):
        ProcedureForm.objects.create(
            procedure=nasty,
            title=title,
            file=SimpleUploadedFile("formato ñ.pdf", b"%PDF-1.4 x", "application/pdf"),
        )
    make_procedure(
        name="Sin listas",
        kind=Procedure.Kind.SERVICIO,
        automation_level=Procedure.Automation.PARTIAL,
        online_url="https://example.com/",
        is_free=False,
        cost_amount=None,
        cost_description="Según el avalúo",
        response_time_value=None,
        requirements=0,
        steps=0,
    )
    make_procedure(name="Con una lista", requirements=3, steps=0)
    rows = read_csv(client.get("/tramites/datos.csv"))
    items = json.loads(client.get("/tramites/datos.json").content)["tramites"]
    assert len(rows) == 3
    assert rows == [as_csv_cells(item) for item in items]
    row = next(row for row in rows if row["identificador"] == nasty.slug)
    assert row["requisitos"] == f"{NASTY}\nMismo orden, después\nSegundo, con coma"
    assert row["formularios"].count("\n") == 1
    assert row["costo_valor"] == "123456789012"
    assert row["tiempo_respuesta"] == "0"
    assert row["fecha_ultima_revision"] == "2025-03-04"


def test_json_writes_lists_numbers_booleans_and_null_as_such(client):
    office = make_office(name="Secretaría de Gobierno")
    full = make_procedure(
        name="Licencia 😀 de ñandú",
        slug="licencia-nandu",
        office=office,
        category=make_category(name="Comercio"),
        kind=Procedure.Kind.OPA,
        suit_code="12345",
        purpose=NASTY,
        who_may_ask="Personas naturales.",
        is_free=False,
        cost_amount=15000,
        cost_description="Tarifa fija",
        cost_legal_basis="Acuerdo 7 de 2020",
        payment_place="Tesorería",
        response_time_value=0,
        response_time_unit=Procedure.TimeUnit.CALENDAR_DAYS,
        response_time_notes="Inmediato",
        in_person_address="Calle 1",
        in_person_hours="8 a 12",
        phone="6080000000",
        email="gobierno@example.com",
        automation_level=Procedure.Automation.FULL,
        online_url="https://example.com/tramite",
        result="Licencia",
        legal_basis="Ley 9",
        tracking="Con el radicado",
        last_reviewed_on=datetime.date(2025, 3, 4),
        needs_review=False,
        requirements=0,
        steps=0,
    )
    Requirement.objects.create(procedure=full, description="Cédula 😀", needs_document=True)
    Requirement.objects.create(
        procedure=full, description="Estar al día", order=1, needs_document=False
    )
    Step.objects.create(procedure=full, description="Radicar")
    form = ProcedureForm.objects.create(
        procedure=full,
        title="Formato ñ",
        file=SimpleUploadedFile("formato.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    bare = make_procedure(
        name="Zonas verdes",
        category=None,
        office=office,
        is_free=False,
        cost_amount=None,
        response_time_value=None,
        last_reviewed_on=None,
        requirements=0,
        steps=0,
    )
    # The latest change is the greatest time, not the longest text.
    for procedure, updated_at in (
        (full, datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)),
        (bare, datetime.datetime(2025, 1, 2, 3, 4, 4, 999999, tzinfo=datetime.UTC)),
    ):
        Procedure.objects.filter(pk=procedure.pk).update(updated_at=updated_at)
    body = client.get("/tramites/datos.json").content
    data = json.loads(body)
    assert data["ultima_modificacion"] == "2025-01-02T03:04:05+00:00"
    assert data["total"] == 2
    assert data["tramites"][0] == {
        "identificador": "licencia-nandu",
        "codigo_suit": "12345",
        "clase": "opa",
        "nombre": "Licencia 😀 de ñandú",
        "tema": "Comercio",
        "entidad": office.entity.name,
        "dependencia": "Secretaría de Gobierno",
        "proposito": NASTY,
        "quien_puede_solicitarlo": "Personas naturales.",
        "requisitos": [
            {"descripcion": "Cédula 😀", "requiere_documento": True},
            {"descripcion": "Estar al día", "requiere_documento": False},
        ],
        "pasos": ["Radicar"],
        "es_gratuito": False,
        "costo_valor": 15000,
        "costo_descripcion": "Tarifa fija",
        "costo_norma": "Acuerdo 7 de 2020",
        "lugar_de_pago": "Tesorería",
        "tiempo_respuesta": 0,
        "tiempo_respuesta_unidad": "dias_calendario",
        "tiempo_respuesta_observaciones": "Inmediato",
        "atencion_presencial_direccion": "Calle 1",
        "atencion_presencial_horario": "8 a 12",
        "telefono": "6080000000",
        "correo": "gobierno@example.com",
        "nivel_automatizacion": "totalmente_en_linea",
        "enlace_en_linea": "https://example.com/tramite",
        "resultado": "Licencia",
        "fundamento_legal": "Ley 9",
        "seguimiento": "Con el radicado",
        "formularios": [{"titulo": "Formato ñ", "url": f"http://testserver{form.file.url}"}],
        "url_ficha": "http://testserver/tramites/licencia-nandu/",
        "fecha_ultima_revision": "2025-03-04",
        "por_revisar": False,
        "fecha_actualizacion": "2025-01-02T03:04:05+00:00",
    }
    item = data["tramites"][1]
    assert item["tema"] == ""
    assert item["requisitos"] == item["pasos"] == item["formularios"] == []
    assert item["costo_valor"] is None
    assert item["tiempo_respuesta"] is None
    assert item["fecha_ultima_revision"] is None
    assert item["por_revisar"] is True
    assert item["fecha_actualizacion"] == "2025-01-02T03:04:04.999999+00:00"
    # Written as one compact line, UTF-8 and unescaped.
    assert b'"pasos":["Radicar"],"es_gratuito":false,"costo_valor":15000,' in body
    assert b'"requisitos":[],"pasos":[],' in body
    assert b"\n" not in body
    assert "Cédula 😀".encode() in body and b"\\u" not in body


@pytest.mark.parametrize(
    ("updated_at", "written"),
    [
        (datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC), "2025-01-02T03:04:05+00:00"),
        (
            datetime.datetime(2025, 1, 2, 3, 4, 5, 120, tzinfo=datetime.UTC),
            "2025-01-02T03:04:05.000120+00:00",
        ),
        (
            datetime.datetime(2025, 12, 31, 22, 0, 0, 500000, tzinfo=ZoneInfo("America/Bogota")),
            "2026-01-01T03:00:00.500000+00:00",
        ),
    ],
)
def test_csv_update_time_is_isoformat_in_utc(client, updated_at, written):
    procedure = make_procedure()
    Procedure.objects.filter(pk=procedure.pk).update(updated_at=updated_at)
    (row,) = read_csv(client.get("/tramites/datos.csv"))
    assert row["fecha_actualizacion"] == written
    (item,) = json.loads(client.get("/tramites/datos.json").content)["tramites"]
    assert item["fecha_actualizacion"] == written


def test_json_is_utf8_not_escaped(client):
    make_procedure(name="Certificación de ñandú")
    assert "Certificación de ñandú".encode() in client.get("/tramites/datos.json").content


def test_nasty_text_round_trips_in_csv_and_json(client):
    procedure = make_procedure(
        name='Paz y salvo, "especial" ñ', purpose=NASTY, cost_amount=15000, is_free=False
    )
    ProcedureForm.objects.create(
        procedure=procedure,
        title="Formato, único",
        file=SimpleUploadedFile("formato.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    (row,) = read_csv(client.get("/tramites/datos.csv"))
    # Django's TextField keeps \r\n; the CSV module gives back exactly what was stored.
    assert row["proposito"] == NASTY
    assert row["nombre"] == 'Paz y salvo, "especial" ñ'
    assert row["costo_valor"] == "15000"
    assert row["es_gratuito"] == "no"
    assert row["formularios"].startswith("http://testserver/media/tramites/formularios/formato")
    (item,) = json.loads(client.get("/tramites/datos.json").content)["tramites"]
    assert item["proposito"] == NASTY
    assert item["costo_valor"] == 15000
    assert item["formularios"][0]["titulo"] == "Formato, único"


def test_empty_catalogue_exports_only_the_header(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/tramites/datos.csv")
    assert read_csv(response) == []
    data = json.loads(client.get("/tramites/datos.json").content)
    assert data["total"] == 0 and data["tramites"] == []


def test_open_data_doc_documents_every_column():
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "datos-abiertos.md"
    text = doc.read_text(encoding="utf-8")
    for column in CSV_COLUMNS:
        assert f"| `{column}` |" in text


def test_sheet_address_lists_order_and_missing_category(client):
    procedure = make_procedure(category=None, requirements=0, steps=0)
    Requirement.objects.create(procedure=procedure, description="Segundo", order=2)
    Requirement.objects.create(
        procedure=procedure, description="Primero", order=1, needs_document=False
    )
    Step.objects.create(procedure=procedure, description="Después", order=5)
    Step.objects.create(procedure=procedure, description="Antes", order=0)
    url = f"http://testserver{procedure.get_absolute_url()}"
    (row,) = read_csv(client.get("/tramites/datos.csv"))
    assert row["url_ficha"] == url
    assert row["tema"] == ""
    assert row["requisitos"] == "Primero\nSegundo"
    assert row["pasos"] == "Antes\nDespués"
    assert row["formularios"] == ""
    (item,) = json.loads(client.get("/tramites/datos.json").content)["tramites"]
    assert item["url_ficha"] == url
    assert item["tema"] == ""
    assert item["requisitos"] == [
        {"descripcion": "Primero", "requiere_documento": False},
        {"descripcion": "Segundo", "requiere_documento": True},
    ]
    assert item["pasos"] == ["Antes", "Después"]
    assert item["formularios"] == []
    assert item["fecha_actualizacion"] == procedure.updated_at.isoformat()


def test_lists_of_unpublished_sheets_never_reach_the_exports(client):
    make_procedure(name="Visible")
    for overrides in ({"status": Status.DRAFT}, {"publish_at": timezone.now() + _A_DAY}):
        hidden = make_procedure(requirements=0, steps=0, **overrides)
        Requirement.objects.create(procedure=hidden, description="Requisito secreto")
        Step.objects.create(procedure=hidden, description="Paso secreto")
        ProcedureForm.objects.create(
            procedure=hidden,
            title="Formulario secreto",
            file=SimpleUploadedFile("secreto.pdf", b"%PDF-1.4 x", "application/pdf"),
        )
    for url in ("/tramites/datos.csv", "/tramites/datos.json"):
        body = client.get(url).content.decode()
        assert "Visible" in body
        assert "secreto" not in body


@pytest.mark.parametrize("prefix", ["/", "/puertoguzman/"])
def test_sheet_addresses_are_their_absolute_urls_under_any_script_prefix(settings, prefix):
    """The exports' `url_ficha` is each sheet's get_absolute_url(), GOV.CO's prefix included."""
    from django.test import Client
    from django.urls import set_script_prefix

    sheets = [make_procedure(name=name) for name in ("Licencia de construcción", "Paz y salvo")]
    settings.FORCE_SCRIPT_NAME = prefix.rstrip("/") or None
    set_script_prefix(prefix)
    try:
        expected = {f"http://testserver{sheet.get_absolute_url()}" for sheet in sheets}
        browser = Client(SCRIPT_NAME=prefix.rstrip("/"))
        rows = read_csv(browser.get("/tramites/datos.csv"))
        data = json.loads(browser.get("/tramites/datos.json").content)
    finally:
        set_script_prefix("/")
    assert {row["url_ficha"] for row in rows} == expected
    assert {item["url_ficha"] for item in data["tramites"]} == expected
    assert all(url.startswith(f"http://testserver{prefix}tramites/") for url in expected)
