"""Items bound to the portal's content fill themselves, only with what the entity published."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import Document, Status
from tests.participation.factories import make_draft, make_survey
from tests.portal.factories import (
    make_document,
    make_entity,
    make_event,
    make_office,
    make_official,
)
from tests.tramites.factories import make_procedure
from transparency.models import (
    ClassifiedInformation,
    InformationAsset,
    MenuItem,
    PublicationSchemeEntry,
    Source,
)
from transparency.stats import coverage, load_menu, summarize

pytestmark = pytest.mark.django_db


def run(*commands):
    for command in commands:
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def entities():
    alcaldia = make_entity(mission="Servir al municipio.", functions="Administrar.")
    personeria = make_entity("personeria")
    concejo = make_entity("concejo")
    run("load_transparency_menu")
    return alcaldia, personeria, concejo


def item(entity, code):
    return MenuItem.objects.get(entity=entity, code=code)


def state(entity, code):
    return next(i for i in load_menu(timezone.localdate(), entity) if i.code == code).state


def coverage_row(entity, category):
    rows = coverage(load_menu(timezone.localdate()))
    return next(r for r in rows if r.entity.pk == entity.pk and r.code == category)


def test_publishing_a_decree_fills_the_bound_item_with_its_date(client, entities):
    alcaldia, *_ = entities
    assert item(alcaldia, "2.1.3").document_kinds == [
        "acuerdo",
        "decreto",
        "resolucion",
        "circular",
    ]
    before = coverage_row(alcaldia, "2")
    assert not state(alcaldia, "2.1.3").filled
    page = client.get("/transparencia/categoria/2/").content.decode()
    assert "Decreto 031 de 2026" not in page

    decree = make_document(
        entity=alcaldia,
        kind=Document.Kind.DECRETO,
        number="031 de 2026",
        title="Por el cual se adopta el plan de riesgo",
        issued_on=datetime.date(2026, 11, 20),
    )
    page = client.get("/transparencia/categoria/2/").content.decode()
    section = page.split('id="item-2-1-3"')[1].split('id="item-2-1-4"')[0]
    assert (
        f'href="{decree.get_absolute_url()}">Por el cual se adopta el plan de riesgo</a>' in section
    )
    assert '<time datetime="2026-11-20">20/11/2026</time>' in section
    published = timezone.localdate(decree.publish_at)  # an hour ago: yesterday after midnight
    assert f'Última actualización: <time datetime="{published:%Y-%m-%d}">' in section

    after = coverage_row(alcaldia, "2")
    assert after.filled == before.filled + 2  # 2.1.3 and 2.2.2 (the entity's own acts)
    assert after.last_updated == published
    index = client.get("/transparencia/").content.decode()
    share = str(after.share_filled).replace(".", ",")  # es-CO writes a decimal comma
    cell = f"{after.filled} de {after.items} ({share} %)"
    assert cell in index.split('id="cobertura"')[1]
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/transparencia/cobertura.csv").content.decode("utf-8-sig"))
        )
    )
    row = next(r for r in rows if r["entidad"] == alcaldia.name and r["categoria"] == "2")
    assert int(row["items_con_informacion"]) == after.filled
    assert row["ultima_actualizacion"] == published.isoformat()


def test_a_draft_a_scheduled_or_another_entitys_document_never_feeds_an_item(client, entities):
    alcaldia, personeria, concejo = entities
    make_document(
        entity=alcaldia,
        kind=Document.Kind.DECRETO,
        title="Borrador de decreto",
        status=Status.DRAFT,
    )
    make_document(
        entity=alcaldia,
        kind=Document.Kind.DECRETO,
        title="Decreto programado",
        publish_at=timezone.now() + datetime.timedelta(days=2),
    )
    make_document(
        entity=personeria, kind=Document.Kind.RESOLUCION, title="Resolución de la Personería"
    )
    make_event(entity=concejo, title="Rendición de cuentas del Concejo")
    make_event(entity=alcaldia, title="Rendición de cuentas en borrador", status=Status.DRAFT)
    make_survey(entity=concejo, title="Encuesta del Concejo")
    make_draft(entity=alcaldia, title="Proyecto en borrador", status=Status.DRAFT)
    make_official(make_office(personeria), name="Persona de la Personería")

    html = "".join(
        client.get(f"/transparencia/categoria/{n}/").content.decode() for n in (1, 2, 4, 6)
    )
    for title in (
        "Borrador de decreto",
        "Decreto programado",
        "Resolución de la Personería",
        "Rendición de cuentas del Concejo",
        "Rendición de cuentas en borrador",
        "Encuesta del Concejo",
        "Proyecto en borrador",
    ):
        assert title not in html
    for code in ("2.1.3", "4.7.3", "6.2.1.a", "2.3.1", "1.5.1"):
        assert not state(alcaldia, code).filled, code
    personeria_page = client.get("/transparencia/personeria/categoria/2/").content.decode()
    assert "Resolución de la Personería" in personeria_page
    assert state(personeria, "1.5.1").filled


def test_events_surveys_drafts_procedures_and_directory_feed_their_items(client, entities):
    alcaldia, *_ = entities
    now = timezone.now()
    make_event(
        entity=alcaldia, title="Feria agropecuaria", starts_at=now + datetime.timedelta(days=9)
    )
    audiencia = make_event(
        entity=alcaldia,
        title="Audiencia pública de Rendición de Cuentas 2026",
        starts_at=now - datetime.timedelta(days=5),
    )
    survey = make_survey(entity=alcaldia, title="Encuesta de prioridades", questions=False)
    draft = make_draft(entity=alcaldia, title="Proyecto de decreto de horarios", articles=1)
    procedure = make_procedure(office=make_office(alcaldia), name="Licencia de funcionamiento")
    make_official(make_office(alcaldia), name="Ana Servidora")

    participa = client.get("/transparencia/categoria/6/").content.decode()
    accountability = participa.split('id="item-6-2-5"')[1].split('id="item-6-2-6"')[0]
    assert "Audiencia pública de Rendición de Cuentas 2026" in accountability
    assert "Feria agropecuaria" not in accountability
    assert f'<time datetime="{timezone.localdate(audiencia.starts_at):%Y-%m-%d}">' in accountability
    calls = participa.split('id="item-6-1-7"')[1].split('id="item-6-1-8"')[0]
    assert (
        f'href="{survey.get_absolute_url()}"' in calls
        and f'href="{draft.get_absolute_url()}"' in calls
    )
    assert "Feria agropecuaria" in participa.split('id="item-6-1-8"')[1].split('id="item-6-1-9"')[0]
    tramites = client.get("/transparencia/categoria/5/").content.decode()
    assert f'href="{procedure.get_absolute_url()}">Licencia de funcionamiento</a>' in tramites
    first = client.get("/transparencia/categoria/1/").content.decode()
    assert "Ver el directorio (1 servidor público)" in first
    assert "/directorio/?entidad=alcaldia" in first
    assert state(alcaldia, "1.5.1").last_updated == timezone.localdate()


def test_live_pages_fill_without_a_date_and_never_go_stale(client, entities):
    alcaldia, *_ = entities
    form = state(alcaldia, "1.10")
    assert form.filled and form.live and not form.stale and form.last_updated is None
    page = client.get("/transparencia/categoria/1/").content.decode()
    section = page.split('id="item-1-10"')[1].split('id="item-1-11"')[0]
    assert 'href="/pqrsd/"' in section
    assert "Se actualiza: en vivo, con los datos del portal" in section


def test_a_periodic_bound_item_goes_stale_when_its_content_is_old(entities):
    alcaldia, *_ = entities
    make_document(
        entity=alcaldia,
        kind=Document.Kind.PRESUPUESTO,
        publish_at=timezone.now() - datetime.timedelta(days=500),
        issued_on=datetime.date(2025, 7, 1),
    )
    budget = item(alcaldia, "4.1")
    budget.update_frequency = MenuItem.Frequency.YEARLY
    budget.save()
    old = state(alcaldia, "4.1")
    assert old.filled and old.stale
    make_document(entity=alcaldia, kind=Document.Kind.PRESUPUESTO)
    assert not state(alcaldia, "4.1").stale


def test_empty_item_says_en_construccion_with_the_committed_date_and_na_keeps_its_reason(
    client, entities
):
    alcaldia, *_ = entities
    laws = item(alcaldia, "2.1.1")
    laws.committed_on = datetime.date(2027, 3, 31)
    laws.save()
    page = client.get("/transparencia/categoria/2/").content.decode()
    section = page.split('id="item-2-1-1"')[1].split('id="item-2-1-2"')[0]
    assert "Información en construcción." in section
    assert 'a más tardar el <time datetime="2027-03-31">31/03/2027</time>' in section
    na = page.split('id="item-2-1-2"')[1].split('id="item-2-1-3"')[0]
    assert "No aplica." in na and item(alcaldia, "2.1.2").na_justification in na


def make_instruments(entity, office, n=1):
    for i in range(n):
        InformationAsset.objects.create(
            entity=entity,
            office=office,
            category=f"Presupuesto «{i}» 🌱",
            description="Presupuesto de rentas y gastos.",
            format="PDF",
        )
        ClassifiedInformation.objects.create(
            entity=entity,
            office=office,
            category="Víctimas",
            title=f"Expedientes {i}",
            generated_on=datetime.date(2026, 1, 15),
            producer_name="Secretaría de Gobierno",
            responsible_name="Secretario de Gobierno",
            legitimate_aim="Proteger la intimidad.",
            legal_basis="Ley 1712 de 2014, art. 18",
            legal_ground="Datos sensibles.",
            scope=ClassifiedInformation.Scope.TOTAL,
            term="15 años",
        )
        PublicationSchemeEntry.objects.create(
            entity=entity,
            office=office,
            title=f"Presupuesto general {i}",
            format="PDF",
            generated="Diciembre de cada año",
            location="/transparencia/categoria/4/",
            producer_name="Secretaría de Hacienda",
            responsible_name="Secretario de Hacienda",
        )


def test_instruments_are_tables_on_the_item_page_and_download_as_csv_and_json(client, entities):
    alcaldia, personeria, _ = entities
    make_instruments(alcaldia, make_office(alcaldia, name="Secretaría de Hacienda"))
    make_instruments(personeria, make_office(personeria), n=1)
    PublicationSchemeEntry.objects.filter(entity=personeria).update(
        title="Esquema de la Personería"
    )
    assets = item(alcaldia, "7.1.1")
    assets.datos_gov_co_url = "https://www.datos.gov.co/d/abcd-1234"
    assets.save()

    page = client.get("/transparencia/categoria/7/").content.decode()
    table = page.split('id="item-7-1-1"')[1].split('id="item-7-1-1-a"')[0]
    assert '<th scope="col">Categoría de información</th>' in table
    assert "Presupuesto «0» 🌱" in table
    assert 'href="/transparencia/alcaldia/instrumentos/registro-de-activos.csv"' in table
    assert 'href="https://www.datos.gov.co/d/abcd-1234"' in table
    assert "Columna de la tabla del numeral 7.1.1" in page.split('id="item-7-1-1-a"')[1]
    assert "Esquema de la Personería" not in page
    for code in ("7.1.1.a", "7.1.2.m", "7.1.3.i"):
        assert state(alcaldia, code).filled, code

    for slug, columns in (
        ("registro-de-activos", 9),
        ("indice-de-informacion-clasificada", 15),
        ("esquema-de-publicacion", 11),
    ):
        response = client.get(f"/transparencia/alcaldia/instrumentos/{slug}.csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows[0]) == columns and len(rows) == 2
        data = json.loads(client.get(f"/transparencia/alcaldia/instrumentos/{slug}.json").content)
        assert data["total"] == 1 and len(data["columnas"]) == columns
        assert set(data["filas"][0]) == {c["nombre"] for c in data["columnas"]}
        assert data["filas"][0]["entidad"] == alcaldia.name
    classified = json.loads(
        client.get(
            "/transparencia/alcaldia/instrumentos/indice-de-informacion-clasificada.json"
        ).content
    )["filas"][0]
    assert classified["fecha_de_generacion"] == "2026-01-15"
    assert classified["excepcion"] == "Total"
    assert classified["fecha_de_calificacion"] is None
    for bad in (
        "/transparencia/alcaldia/instrumentos/otro.csv",
        "/transparencia/no-existe/instrumentos/registro-de-activos.json",
    ):
        assert client.get(bad).status_code == 404


def test_coverage_json_parses_with_a_row_per_entity_and_category(client, entities):
    data = json.loads(client.get("/transparencia/cobertura.json").content)
    assert data["total"] == 30  # 3 entities × 10 categories
    names = {c["nombre"] for c in data["columnas"]}
    assert all(set(row) == names for row in data["filas"])
    tax = [r for r in data["filas"] if r["categoria"] == "10"]
    assert [r["items_que_aplican"] for r in tax] == [2, 0, 0]  # only the Alcaldía collects taxes


@pytest.mark.parametrize(
    "path",
    [
        "/transparencia/",
        "/transparencia/categoria/1/",
        "/transparencia/categoria/6/",
        "/transparencia/categoria/7/",
    ],
)
def test_query_count_does_not_grow_with_bound_content(client, entities, path):
    alcaldia, personeria, _ = entities
    client.get(path)
    counts = []
    for n in (1, 12):
        office = make_office(alcaldia)
        for i in range(n):
            make_official(office)
            make_event(entity=alcaldia, title=f"Rendición de cuentas {n}-{i}")
            make_survey(entity=alcaldia, questions=False)
            make_draft(entity=alcaldia, articles=0)
            make_document(entity=alcaldia, kind=Document.Kind.DECRETO)
        make_instruments(alcaldia, office, n)
        make_instruments(personeria, make_office(personeria), n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], path


def test_loader_binds_once_and_never_overrides_an_editors_choice(entities):
    alcaldia, *_ = entities
    tramites = item(alcaldia, "5.1")
    assert tramites.content_source == Source.PROCEDURES
    assert item(alcaldia, "4.7.3").event_keyword == "rendición de cuentas"
    tramites.content_source = Source.DIRECTORY
    tramites.save()
    cleared = item(alcaldia, "4.1")
    cleared.document_kinds = ["plan"]
    cleared.save()
    before = {i.pk: i.updated_at for i in MenuItem.objects.all()}
    run("load_transparency_menu", "load_transparency_menu")
    assert item(alcaldia, "5.1").content_source == Source.DIRECTORY
    assert item(alcaldia, "4.1").document_kinds == ["plan"]
    assert {i.pk: i.updated_at for i in MenuItem.objects.all()} == before


def test_demo_data_fills_at_least_40_percent_of_the_alcaldias_menu():
    run(
        "load_institution",
        "load_procedures",
        "load_transparency_menu",
        "seed_demo",
        "seed_demo_participation",
        "seed_demo_transparency",
        "seed_demo_transparency",
    )
    alcaldia = make_entity()
    stats = summarize(load_menu(timezone.localdate(), alcaldia))
    assert stats.share_filled >= 40, stats
    assert InformationAsset.objects.filter(entity=alcaldia).count() == 4  # idempotent


def test_docs_list_every_published_column():
    from pathlib import Path

    from transparency.opendata import COVERAGE_COLUMNS, INSTRUMENT_COLUMNS

    docs = Path(__file__).resolve().parents[2] / "docs" / "datos-abiertos.md"
    section = docs.read_text(encoding="utf-8").split("## Transparencia: instrumentos")[1]
    section = section.split("\n## ")[0]
    for columns in [*INSTRUMENT_COLUMNS.values(), COVERAGE_COLUMNS]:
        for column in columns:
            assert f"| `{column.name}` | {column.type} | {column.description} |" in section


def test_instrument_json_carries_the_datos_gov_co_link(client, entities):
    alcaldia, *_ = entities
    scheme = item(alcaldia, "7.1.3")
    url = "/transparencia/alcaldia/instrumentos/esquema-de-publicacion.json"
    assert json.loads(client.get(url).content)["enlace_datos_gov_co"] is None
    scheme.datos_gov_co_url = "https://www.datos.gov.co/d/wxyz-9876"
    scheme.save()
    data = json.loads(client.get(url).content)
    assert data["enlace_datos_gov_co"] == "https://www.datos.gov.co/d/wxyz-9876"
    assert data["total"] == 0 and data["filas"] == []


@pytest.mark.parametrize(
    "path",
    [
        "/transparencia/alcaldia/instrumentos/registro-de-activos.csv",
        "/transparencia/alcaldia/instrumentos/indice-de-informacion-clasificada.json",
        "/transparencia/cobertura.csv",
        "/transparencia/cobertura.json",
    ],
)
def test_downloads_take_a_fixed_number_of_queries(client, entities, path):
    alcaldia, *_ = entities
    counts = []
    for n in (1, 15):
        make_instruments(alcaldia, make_office(alcaldia), n)
        make_document(entity=alcaldia, kind=Document.Kind.DECRETO)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_gelt_plan_is_linked_by_url_name_from_the_action_plan(client, entities):
    page = client.get("/transparencia/categoria/4/").content.decode()
    section = page.split('id="item-4-3"')[1].split('id="item-4-3-1"')[0]
    assert 'href="/gobierno-en-linea/">Plan de acción Gobierno en Línea Territorial</a>' in section


def test_directory_column_items_count_only_people_with_that_datum(client, entities):
    alcaldia, *_ = entities
    office = make_office(alcaldia)
    make_official(office, name="Ana", phone="", birth_department="", birth_municipality="")
    make_official(office, name="Beto", phone="(098) 4295070", birth_department="Putumayo")
    assert state(alcaldia, "1.5.1").feed.total == 2  # everyone has a name
    assert state(alcaldia, "1.5.7").feed.total == 2  # the factory gives everyone an e-mail
    assert not state(alcaldia, "1.5.2").filled  # nobody's birthplace is complete
    assert not state(alcaldia, "1.5.9").filled  # nor salary scale
    phone = state(alcaldia, "1.5.8")
    assert phone.filled and phone.feed.more_label == (
        "Ver el directorio (1 de 2 servidores públicos con este dato)"
    )
    page = client.get("/transparencia/categoria/1/").content.decode()
    birthplace = page.split('id="item-1-5-2"')[1].split('id="item-1-5-3"')[0]
    assert "Información en construcción." in birthplace


def test_entity_items_need_the_datum_they_ask_for(entities):
    alcaldia, *_ = entities
    alcaldia.address = "Palacio Municipal, Barrio Centro"
    alcaldia.phone = "(098) 4295070"
    alcaldia.save()
    assert state(alcaldia, "1.1.a").filled and state(alcaldia, "1.1.b").filled
    assert state(alcaldia, "1.4.a").filled and state(alcaldia, "1.4.c").filled
    assert not state(alcaldia, "1.4.d").filled  # no office hours yet
    alcaldia.office_hours = "Lunes a viernes de 8:00 a. m. a 12:00 m."
    alcaldia.save()
    hours = state(alcaldia, "1.4.d")
    assert hours.filled and hours.last_updated == timezone.localdate()


def test_states_without_entries_match_the_full_feeds(entities):
    """The menu and ITA pages read counts and dates only; every state stays the same."""
    alcaldia, personeria, _ = entities
    now = timezone.now()
    make_event(entity=alcaldia, title="Audiencia pública de Rendición de Cuentas 2026")
    make_event(entity=alcaldia, title="Feria", starts_at=now + datetime.timedelta(days=3))
    make_survey(entity=alcaldia, title="Encuesta de prioridades", questions=False)
    make_draft(entity=personeria, title="Proyecto de acuerdo", articles=1)
    make_procedure(office=make_office(alcaldia), name="Licencia de funcionamiento")
    make_instruments(alcaldia, make_office(alcaldia, name="Secretaría de Hacienda"))
    # The newest decree by date of issue was published before an older one: it dates the item.
    for issued_on, days_ago in ((datetime.date(2026, 3, 1), 40), (datetime.date(2025, 6, 1), 2)):
        make_document(
            entity=alcaldia,
            kind=Document.Kind.DECRETO,
            issued_on=issued_on,
            publish_at=now - datetime.timedelta(days=days_ago),
        )
    make_document(entity=personeria, kind=Document.Kind.PLAN)
    MenuItem.objects.filter(entity=alcaldia, code="2.2.2").update(document_year=2025)
    today = timezone.localdate()
    for entity in (alcaldia, personeria, None):
        full = {i.pk: i.state for i in load_menu(today, entity)}
        counted = load_menu(today, entity, entries=False)
        assert sum(i.state.filled for i in counted) > 5
        for loaded in counted:
            mine, theirs = loaded.state, full[loaded.pk]
            assert (mine.filled, mine.stale, mine.live, mine.quality, mine.last_updated) == (
                theirs.filled,
                theirs.stale,
                theirs.live,
                theirs.quality,
                theirs.last_updated,
            ), loaded.code
            assert mine.feed.total == theirs.feed.total, loaded.code
            assert mine.feed.last_date == theirs.feed.last_date, loaded.code
            assert mine.feed.filled == theirs.feed.filled, loaded.code
            if not mine.feed.live:  # only a live feed's links are its content
                assert not (mine.feed.entries or mine.feed.more_url or mine.feed.csv_url)
            assert mine.document_count == theirs.document_count, loaded.code
    dated = {i.code: i.state for i in load_menu(today, alcaldia, entries=False)}
    assert dated["2.1.3"].last_updated == timezone.localdate(now - datetime.timedelta(days=40))
    assert dated["2.2.2"].last_updated == timezone.localdate(now - datetime.timedelta(days=2))
    assert dated["2.2.2"].document_count == 1
