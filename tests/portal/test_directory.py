"""Item 1.5: every required field of servants and contractors, missing ones flagged, CSV import."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from portal.contractors_csv import import_contractors, parse_value
from portal.models import Contractor, Entity, Municipality, Official

from .factories import make_contractor, make_entity, make_office, make_official, make_staff_user

pytestmark = pytest.mark.django_db

COMPLETE = {
    "email": "tesoreria@puertoguzman-putumayo.gov.co",
    "phone": "608 429 5070",
    "birth_department": "Nariño",
    "birth_municipality": "Túquerres",
    "education": "Contadora pública",
    "experience": "Tesorera de Mocoa",
    "salary_scale": "Grado 02, $ 4.100.000",
    "started_on": datetime.date(2024, 1, 2),
}

HEADER = (
    "numero_contrato;nombre;actividad;dependencia;correo;telefono;departamento_nacimiento;"
    "municipio_nacimiento;formacion;experiencia;url_sigep;objeto;valor;fecha_inicio;fecha_fin;"
    "url_secop"
)


@pytest.fixture(autouse=True)
def municipality():
    return Municipality.current()


@pytest.fixture
def hacienda():
    return make_office(entity=make_entity(), name="Secretaría de Hacienda", slug="hacienda")


def csv_bytes(*rows, header=HEADER, encoding="utf-8-sig"):
    return "\n".join([header, *rows]).encode(encoding)


GOOD_ROW = (
    "CPS-001-2026;José Ñañez Muñoz;Apoyo jurídico;hacienda;juridica@puertoguzman-putumayo.gov.co;"
    "608 429 5070;Putumayo;Orito;Abogado;Asesor (5 años);;Prestación de servicios de apoyo "
    "jurídico;$ 12.500.000;2026-02-01;31/07/2026;https://community.secop.gov.co/Public/1"
)


# --- Required fields -------------------------------------------------------------------------


def test_missing_required_lists_each_empty_legal_field(hacienda):
    complete = make_official(office=hacienda, name="Completa", **COMPLETE)
    bare = make_official(office=hacienda, name="Incompleta", email="", phone="")
    sigep = make_official(
        office=hacienda,
        name="Con SIGEP",
        **{**COMPLETE, "education": "", "experience": ""},
        sigep_url="https://www.funcionpublica.gov.co/web/sigep2/hdv/-/directorio/M1",
    )
    assert set(Official.objects.missing_required()) == {bare}
    assert set(Official.objects.complete()) == {complete, sigep}
    missing = bare.missing_fields()
    for label in (
        "correo institucional",
        "teléfono institucional",
        "departamento de nacimiento",
        "municipio o ciudad de nacimiento",
        "escala salarial",
        "fecha de ingreso",
        "formación académica (o enlace al SIGEP)",
    ):
        assert label in missing
    assert complete.missing_fields() == [] and sigep.missing_fields() == []


def test_coverage_by_entity_counts_active_rows_in_one_query(hacienda, django_assert_num_queries):
    make_official(office=hacienda, **COMPLETE)
    make_official(office=hacienda)
    make_official(office=hacienda, is_active=False)
    personeria = make_office(entity=make_entity(Entity.Kind.PERSONERIA))
    make_official(office=personeria, **COMPLETE)
    with django_assert_num_queries(1):
        coverage = Official.objects.coverage_by_entity()
    alcaldia = coverage[hacienda.entity_id]
    assert (alcaldia.complete, alcaldia.total, alcaldia.percent) == (1, 2, 50)
    assert str(alcaldia) == "1 de 2 completos (50 %)"
    assert coverage[personeria.entity_id].percent == 100


def test_contractor_requires_the_contract_columns(hacienda):
    contractor = make_contractor(office=hacienda, **{**COMPLETE_CONTRACTOR, "secop_url": ""})
    assert contractor.missing_fields() == ["enlace al proceso en el SECOP"]
    assert list(Contractor.objects.missing_required()) == [contractor]
    contractor.secop_url = "https://community.secop.gov.co/Public/9"
    contractor.save()
    assert not Contractor.objects.missing_required().exists()


COMPLETE_CONTRACTOR = {
    **{key: value for key, value in COMPLETE.items() if key not in ("salary_scale", "started_on")},
    "contract_object": "Apoyo a la gestión",
    "contract_value": Decimal("12500000"),
    "start_date": datetime.date(2026, 2, 1),
    "end_date": datetime.date(2026, 7, 31),
    "secop_url": "https://community.secop.gov.co/Public/1",
}


def test_directory_page_publishes_every_legal_field(client, hacienda):
    make_official(
        office=hacienda,
        name="Diana Rosero",
        position="Secretaria de Hacienda",
        is_head=True,
        **COMPLETE,
    )
    make_official(office=hacienda, name="Sin Datos", email="")
    body = client.get("/directorio/").content.decode()
    for expected in (
        "Diana Rosero",
        "Secretaria de Hacienda",
        "tesoreria@puertoguzman-putumayo.gov.co",
        "608 429 5070",
        "Túquerres, Nariño, Colombia",
        "Contadora pública",
        "Tesorera de Mocoa",
        "Grado 02, $ 4.100.000",
        "2/01/2024",
        "(jefe de la dependencia)",
        "No registrado",  # the empty fields of «Sin Datos» say so
        'href="/directorio/contratistas/"',
    ):
        assert expected in body, expected


def test_contractors_page_lists_contracts_apart(client, hacienda):
    make_contractor(office=hacienda, name="Jorge Cuarán", **COMPLETE_CONTRACTOR)
    make_contractor(office=hacienda, name="Contratista Retirado", is_active=False)
    make_official(office=hacienda, name="Servidora de Planta")
    response = client.get("/directorio/contratistas/")
    assert response.status_code == 200
    body = response.content.decode()
    for expected in (
        "Jorge Cuarán",
        "Apoyo a la gestión",
        "12.500.000",
        "1/02/2026",
        "31/07/2026",
        'href="https://community.secop.gov.co/Public/1"',
        "Túquerres, Nariño",
    ):
        assert expected in body, expected
    assert "Contratista Retirado" not in body
    assert "Servidora de Planta" not in body
    assert "Jorge Cuarán" not in client.get("/directorio/").content.decode()
    filtered = client.get("/directorio/contratistas/?entidad=inventada&q=cuaran")
    assert "La entidad elegida no existe" in filtered.content.decode()


def test_open_data_files_hold_the_legal_columns_only(client, hacienda):
    make_official(office=hacienda, name="Diana Rosero", **COMPLETE)
    make_contractor(office=hacienda, name="José Ñañez", **COMPLETE_CONTRACTOR)
    officials = client.get("/directorio/datos.csv")
    assert officials["Content-Type"].startswith("text/csv")
    text = officials.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("entidad,dependencia,nombre,cargo,correo_institucional")
    assert "Diana Rosero" in text and "2024-01-02" in text
    data = json.loads(client.get("/directorio/contratistas/datos.json").content)
    row = data["filas"][0]
    assert row["nombre"] == "José Ñañez"
    assert row["valor_honorarios"] == "12500000.00"
    assert row["url_secop"] == "https://community.secop.gov.co/Public/1"
    assert set(row) == set(data["columnas"])
    assert not {"is_active", "order", "updated_at", "id"} & set(row)


def test_open_data_rows_write_related_names_dates_flags_and_empty_values(client, hacienda):
    make_official(office=hacienda, name="Diana Rosero", is_head=True, **COMPLETE)
    make_official(office=hacienda, name="Eva Sin Fecha")
    make_contractor(office=hacienda, name="José Ñañez", **COMPLETE_CONTRACTOR)
    make_contractor(office=hacienda, name="Luis Sin Valor")
    officials = json.loads(client.get("/directorio/datos.json").content)["filas"]
    head, other = sorted(officials, key=lambda row: row["nombre"])
    assert head["entidad"] == "Alcaldía de Puerto Guzmán"
    assert head["dependencia"] == "Secretaría de Hacienda"
    assert (head["fecha_ingreso"], head["es_jefe_dependencia"]) == ("2024-01-02", "si")
    assert (other["fecha_ingreso"], other["es_jefe_dependencia"]) == ("", "no")
    contractors = json.loads(client.get("/directorio/contratistas/datos.json").content)["filas"]
    signed, unsigned = sorted(contractors, key=lambda row: row["nombre"])
    assert (signed["fecha_inicio"], signed["fecha_terminacion"]) == ("2026-02-01", "2026-07-31")
    assert signed["objeto"] == "Apoyo a la gestión"
    assert unsigned["valor_honorarios"] == unsigned["fecha_inicio"] == ""
    assert unsigned["fecha_terminacion"] == ""


def test_admin_lists_show_what_is_missing_and_the_coverage(admin_client, hacienda):
    make_official(office=hacienda, name="Completa", **COMPLETE)
    make_official(office=hacienda, name="Incompleta", phone="")
    make_contractor(office=hacienda, name="Contratista Sin SECOP")
    body = admin_client.get("/admin/portal/official/").content.decode()
    assert "⚠ Faltan: teléfono institucional" in body and "Completo" in body
    only_missing = admin_client.get("/admin/portal/official/?datos=faltan").content.decode()
    assert "Incompleta" in only_missing and "Completa</a>" not in only_missing
    contractors = admin_client.get("/admin/portal/contractor/").content.decode()
    assert "enlace al proceso en el SECOP" in contractors
    assert "/admin/portal/contractor/importar/" in contractors
    entities = admin_client.get("/admin/portal/entity/").content.decode()
    assert "servidores: 1 de 2 completos (50 %)" in entities
    assert "contratistas: 0 de 1 completos (0 %)" in entities


def test_one_active_head_per_office(admin_client, hacienda):
    make_official(office=hacienda, name="Jefa Actual", is_head=True)
    other = make_official(office=hacienda, name="Otro")
    response = admin_client.post(
        f"/admin/portal/official/{other.pk}/change/",
        {
            "name": "Otro",
            "position": "Profesional",
            "office": hacienda.pk,
            "is_head": "on",
            "is_active": "on",
            "order": 0,
            "birth_country": "Colombia",
        },
    )
    assert response.status_code == 200
    assert "ya tiene un jefe activo" in response.content.decode()


# --- CSV import ------------------------------------------------------------------------------


def test_parse_value_reads_colombian_money():
    assert parse_value("$ 12.500.000") == Decimal("12500000")
    assert parse_value("12500000") == Decimal("12500000")
    assert parse_value("12.500.000,50") == Decimal("12500000.50")
    assert parse_value("12,500,000") == Decimal("12500000")
    assert parse_value("") is None
    for bad in ("doce millones", "1e400", "-5", "NaN", "💰"):
        with pytest.raises(ValueError):
            parse_value(bad)


def test_good_file_creates_then_updates_without_duplicates(hacienda):
    result = import_contractors(csv_bytes(GOOD_ROW), [hacienda])
    assert result.ok and (result.created, result.updated) == (1, 0)
    contractor = Contractor.objects.get()
    assert contractor.name == "José Ñañez Muñoz"
    assert contractor.contract_value == Decimal("12500000")
    assert contractor.end_date == datetime.date(2026, 7, 31)
    assert contractor.birth_country == "Colombia"
    assert contractor.missing_fields() == []
    again = import_contractors(csv_bytes(GOOD_ROW.replace("Orito", "Mocoa")), [hacienda])
    assert (again.created, again.updated) == (0, 1)
    assert Contractor.objects.get().birth_municipality == "Mocoa"


def test_excel_files_in_windows_1252_with_commas_and_spanish_headers(hacienda):
    header = "Número de contrato,Nombre,Actividad,Dependencia,Valor,Fecha de inicio"
    row = 'CPS-2,Nubia Peña,Aseo,Secretaría de Hacienda,"10.800.000",01/03/2026'
    result = import_contractors(csv_bytes(row, header=header, encoding="cp1252"), [hacienda])
    assert result.ok, result.errors
    assert Contractor.objects.get().name == "Nubia Peña"


def test_bad_rows_are_reported_in_spanish_and_nothing_is_saved(hacienda):
    rows = [
        GOOD_ROW,
        GOOD_ROW.replace("CPS-001-2026", "CPS-002").replace("$ 12.500.000", "doce 💰"),
        GOOD_ROW.replace("CPS-001-2026", "CPS-003").replace("2026-02-01", "ayer 🙂"),
        GOOD_ROW.replace("CPS-001-2026", "CPS-004").replace(";hacienda;", ";Bodega ñ;"),
        GOOD_ROW.replace("CPS-001-2026", "CPS-005").replace("juridica@", "no es correo"),
        GOOD_ROW.replace("CPS-001-2026", "CPS-006").replace("31/07/2026", "01/01/2026"),
        GOOD_ROW,  # the same contract twice
        GOOD_ROW.replace("CPS-001-2026", "").replace("José Ñañez Muñoz", "😀 Ñandú"),
    ]
    result = import_contractors(csv_bytes(*rows), [hacienda])
    assert not result.ok
    assert Contractor.objects.count() == 0
    errors = "\n".join(result.errors)
    assert "Fila 3: el valor «doce 💰» no es una cifra en pesos." in errors
    assert "Fila 4: la fecha de inicio «ayer 🙂» no es válida" in errors
    assert "Fila 5: la dependencia «Bodega ñ» no existe en su entidad" in errors
    assert "Fila 6: correo institucional: el correo" in errors
    assert "Fila 7: fecha de terminación: La fecha de terminación no puede ser anterior" in errors
    assert "Fila 8: el contrato CPS-001-2026 ya está en la fila 2" in errors
    assert "Fila 9: número del contrato:" in errors
    assert "Fila 2" not in errors


def test_wrong_columns_empty_binary_and_huge_files(hacienda):
    missing = import_contractors(b"nombre;valor\nAna;1", [hacienda])
    assert (
        "Faltan columnas obligatorias: numero_contrato, actividad, dependencia"
        in (missing.errors[0])
    )
    assert import_contractors(b"", [hacienda]).errors == ["El archivo está vacío."]
    assert import_contractors(csv_bytes(), [hacienda]).errors == [
        "El archivo no tiene filas de contratistas."
    ]
    binary = import_contractors(b"\x89PNG\r\n\x1a\n\x00\x00" * 10, [hacienda])
    assert not binary.ok
    huge = import_contractors(csv_bytes(*([GOOD_ROW] * 20000)), [hacienda])
    assert huge.errors == ["El archivo pesa más de 2 MB. Divídalo en varios archivos."]
    many = [GOOD_ROW.replace("CPS-001-2026", f"N{i}") for i in range(5001)]
    too_many = import_contractors(csv_bytes(*many)[:2_000_000], [hacienda])
    assert "más de 5000 filas" in too_many.errors[-1]
    long_name = import_contractors(
        csv_bytes(GOOD_ROW.replace("José Ñañez Muñoz", "Ñ" * 400)), [hacienda]
    )
    assert "nombres y apellidos:" in long_name.errors[0]
    assert Contractor.objects.count() == 0


def test_command_loads_a_file_and_reports_errors(tmp_path, hacienda):
    good = tmp_path / "contratistas.csv"
    good.write_bytes(csv_bytes(GOOD_ROW))
    out = io.StringIO()
    call_command("import_contractors", str(good), "--revisar", stdout=out)
    assert "El archivo está bien" in out.getvalue() and not Contractor.objects.exists()
    call_command("import_contractors", str(good), entidad="alcaldia", stdout=out)
    assert "1 nuevos" in out.getvalue()
    call_command("import_contractors", str(good), stdout=out)
    assert Contractor.objects.count() == 1
    with pytest.raises(CommandError, match="la dependencia «hacienda» no existe"):
        make_entity(Entity.Kind.PERSONERIA)
        call_command("import_contractors", str(good), entidad="personeria")
    with pytest.raises(CommandError, match="No existe el archivo"):
        call_command("import_contractors", str(tmp_path / "otro.csv"))


def test_admin_upload_by_an_editor_only_loads_into_their_entity(client, hacienda):
    personeria = make_office(entity=make_entity(Entity.Kind.PERSONERIA), slug="despacho-p")
    editor = make_staff_user(office=hacienda)
    client.force_login(editor)
    page = client.get("/admin/portal/contractor/importar/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Secretaría de Hacienda" in body and "despacho-p" not in body

    other = GOOD_ROW.replace(";hacienda;", ";despacho-p;")
    response = client.post(
        "/admin/portal/contractor/importar/",
        {"file": SimpleUploadedFile("c.csv", csv_bytes(other), "text/csv")},
    )
    assert response.status_code == 200
    assert "Fila 2: la dependencia «despacho-p» no existe en su entidad" in (
        response.content.decode()
    )
    assert not Contractor.objects.filter(office=personeria).exists()

    not_csv = client.post(
        "/admin/portal/contractor/importar/",
        {"file": SimpleUploadedFile("c.exe", b"MZ", "application/octet-stream")},
    )
    assert "El archivo debe ser un CSV" in not_csv.content.decode()

    response = client.post(
        "/admin/portal/contractor/importar/",
        {"file": SimpleUploadedFile("c.csv", csv_bytes(GOOD_ROW), "text/csv")},
    )
    assert response.status_code == 302
    assert Contractor.objects.get().office == hacienda
    listing = client.get(response["Location"]).content.decode()
    assert "1 nuevos y 0 actualizados" in listing
