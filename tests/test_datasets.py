"""
The open-data catalogue (/datos/): every dataset listed with its metadata, a page per dataset
with its data dictionary and schema.org Dataset, the DCAT catalogue, and every file of every
dataset downloaded, parsed and searched for requesters' personal data.
"""

import csv
import dataclasses
import datetime
import io
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from gelt.models import Criterion, Indicator
from guzman_portal import datasets
from guzman_portal.datasets import DATASETS
from portal.models import Entity, Event, Status
from pqrsd.models import Request
from tests.gelt.factories import load_plan, make_evaluation, make_measurement
from tests.portal.factories import (
    bulk_contractors,
    bulk_officials,
    bulk_publishables,
    make_contractor,
    make_entity,
    make_event,
    make_office,
    make_official,
)
from tests.pqrsd.factories import make_request
from tests.sitemaps import sitemap_text
from tests.tramites.factories import bulk_procedures, make_procedure
from tests.transparency.factories import make_item
from transparency.models import ClassifiedInformation, InformationAsset, PublicationSchemeEntry

pytestmark = pytest.mark.django_db

# /datos/: municipality and banners (base template), the entities, one query per dataset for
# its last modification (two for the transparency coverage, items and change log, and for GEL-T,
# evaluations and measurements; one for both PQRSD datasets) but one per instrument for the 7.1
# instruments of every entity, and one for their addresses on datos.gov.co.
INDEX_QUERIES = 3 + len([d for d in DATASETS if not d.per_entity]) + 2 - 1 + 3 + 1
# A dataset page: the same, for one dataset, plus the municipality for its JSON-LD.
DATASET_QUERIES = 5
CEDULA = re.compile(r"\b\d{6,10}\b")


def downloads():
    """Every file of every dataset listed: (dataset, Download)."""
    return [(item.dataset, d) for item in datasets.listings() for d in item.downloads]


def download(client, distribution):
    response = client.get(distribution.url)
    assert response.status_code == 200, distribution.url
    text = response.content.decode("utf-8")
    if distribution.format == "CSV":
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        return text, rows
    assert response["Content-Type"].startswith("application/json")
    return text, json.loads(text)


def add_instruments(entity, office, count):
    for n in range(count):
        common = {"entity": entity, "office": office, "order": n}
        InformationAsset.objects.create(
            **common, category=f"Actas {n}", description="Actas de consejo.", format="PDF"
        )
        ClassifiedInformation.objects.create(
            **common,
            category="Historias laborales",
            title=f"Hojas de vida {n}",
            generated_on=datetime.date(2025, 1, 2),
            producer_name="Talento humano",
            responsible_name="Secretaría General",
            legitimate_aim="Intimidad.",
            legal_basis="Ley 1712 de 2014, art. 18 lit. a",
            legal_ground="Datos personales.",
            scope="parcial",
            term="15 años",
        )
        PublicationSchemeEntry.objects.create(
            **common,
            title=f"Presupuesto {n}",
            format="PDF",
            generated="enero de cada año",
            location="/transparencia/",
            producer_name="Hacienda",
            responsible_name="Hacienda",
        )


def add_data(count):
    """
    Published content of every kind a dataset reads, for the three entities, and requests
    filed by citizens.
    """
    for kind in Entity.Kind:
        entity = make_entity(kind)
        office = make_office(entity=entity, name=f"Secretaría General {kind}")
        add_instruments(entity, office, count)
        bulk_officials(count, office=office)
        bulk_contractors(count, office=office)
        make_item("1", entity=entity, label="Información de la entidad")
    alcaldia = make_entity()
    office = make_office(entity=alcaldia, name="Secretaría de Gobierno")
    bulk_procedures(count, office=office)
    bulk_publishables(Event, count, entity=alcaldia)
    for _ in range(2):
        make_request(addressee_entity=alcaldia)
    load_plan()
    for criterion in Criterion.objects.all()[:count]:
        make_evaluation(criterion, date=datetime.date(2026, 3, 2))
    make_measurement(Indicator.objects.first(), 40, date=datetime.date(2026, 3, 5))
    return alcaldia


@pytest.fixture
def citizens():
    """Requests carrying the personal data no dataset may ever publish."""
    alcaldia = make_entity()
    make_office(entity=alcaldia, name="Secretaría de Gobierno")
    filed = []
    for n, (email, cedula) in enumerate(
        [("ciudadana.privada@example.com", "1120987654"), ("otro.correo@correo.co", "98765432")]
    ):
        request, _ = make_request(
            email=email,
            document_number=cedula,
            name=f"Persona Reservada {n}",
            phone=f"31055500{n}{n}",
            address=f"Vereda El Secreto, finca {n}",
            addressee_entity=alcaldia,
        )
        filed.append(request)
    return filed


def test_registry_is_consistent():
    slugs = [dataset.slug for dataset in DATASETS]
    assert len(slugs) == len(set(slugs))
    for dataset in DATASETS:
        assert dataset.fields, dataset.slug
        assert dataset.distributions, dataset.slug
        assert len(dataset.description) >= 50, dataset.slug  # schema.org asks for 50+
        for field in dataset.fields:
            assert field.description and field.description != datasets.UNDESCRIBED, field.name
            assert field.type, field.name
        if dataset.landing_page:
            reverse(dataset.landing_page)


def test_index_lists_every_dataset_with_its_metadata(client):
    add_data(3)
    newest_event = Event.objects.published().order_by("-updated_at").first()
    response = client.get("/datos/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Datos abiertos</h1>" in html
    listed = response.context["items"]
    assert [item.dataset for item in listed] == DATASETS
    for item in listed:
        assert item.dataset.title in html
        assert item.dataset.get_absolute_url() in html
        assert item.dataset.frequency.label in html
        assert item.modified is not None, item.dataset.slug
        for distribution in item.downloads:
            assert f'href="{distribution.url}"' in html
    assert "Alcaldía de Puerto Guzmán" in html
    assert datasets.LICENSE_URL in html
    assert reverse("datos:catalog") in html
    events = next(item for item in response.context["items"] if item.dataset.slug == "eventos")
    assert events.modified == newest_event.updated_at
    assert events.publisher == "Alcaldía de Puerto Guzmán"


def test_pqrsd_datasets_are_dated_by_the_newest_filing_answer_or_closing(client):
    filed, _ = make_request()
    answered_at = filed.filed_at + datetime.timedelta(days=3)
    Request.objects.filter(pk=filed.pk).update(answered_at=answered_at)
    response = client.get("/datos/")
    modified = {item.dataset.slug: item.modified for item in response.context["items"]}
    assert modified["estadisticas-pqrsd"] == answered_at
    assert modified["informe-solicitudes-pqrsd"] == answered_at
    closed_at = answered_at + datetime.timedelta(hours=5)
    Request.objects.filter(pk=filed.pk).update(closed_at=closed_at)
    response = client.get("/datos/")
    modified = {item.dataset.slug: item.modified for item in response.context["items"]}
    assert modified["estadisticas-pqrsd"] == modified["informe-solicitudes-pqrsd"] == closed_at


@pytest.mark.parametrize("size", [2, 25])
def test_index_and_dataset_page_queries_do_not_grow(client, django_assert_num_queries, size):
    add_data(size)
    with django_assert_num_queries(INDEX_QUERIES):
        assert client.get("/datos/").status_code == 200
    with django_assert_num_queries(DATASET_QUERIES):
        assert client.get("/datos/tramites/").status_code == 200


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_dataset_page_has_dictionary_files_and_schema_org_dataset(client, dataset):
    add_data(2)
    response = client.get(dataset.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{dataset.title}</h1>" in html
    assert "Diccionario de datos" in html
    for field in dataset.fields:
        assert f"<code>{field.name}</code>" in html
    for distribution in response.context["item"].downloads:
        assert f'href="{distribution.url}"' in html
    assert datasets.LICENSE_NAME in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Dataset"
    assert data["name"] == dataset.title
    assert data["url"] == "http://testserver" + dataset.get_absolute_url()
    assert data["license"] == datasets.LICENSE_URI
    modified = response.context["item"].modified
    expected = timezone.localdate(modified) if dataset.dated else modified
    assert data["dateModified"] == expected.isoformat()
    assert [v["name"] for v in data["variableMeasured"]] == [f.name for f in dataset.fields]
    urls = {d["contentUrl"] for d in data["distribution"]}
    assert urls == {"http://testserver" + d.url for d in response.context["item"].downloads}
    assert len(urls) == len(dataset.distributions)


def test_json_ld_cannot_close_its_script_element(client, monkeypatch):
    title = "Datos </script><script>alert(1)</script> & más"
    dataset = dataclasses.replace(DATASETS[0], slug="prueba", title=title)
    monkeypatch.setitem(datasets.BY_SLUG, "prueba", dataset)
    html = client.get("/datos/prueba/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in block.group(1)
    assert json.loads(block.group(1))["name"] == title


@pytest.mark.parametrize("slug", ["no-existe", "TRAMITES", "tramites-ñ", "x" * 300])
def test_unknown_dataset_is_not_found(client, slug):
    response = client.get(f"/datos/{slug}/")
    assert response.status_code == 404


def test_dcat_catalogue_parses_and_describes_every_dataset(client):
    add_data(2)
    response = client.get("/datos/catalogo.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalog = json.loads(response.content)
    context = catalog["@context"]
    assert context["dcat"] == "http://www.w3.org/ns/dcat#"
    assert context["dct"] == "http://purl.org/dc/terms/"
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["dct:title"]["@value"] == "Datos abiertos de Puerto Guzmán"
    entries = {entry["dct:identifier"]: entry for entry in catalog["dcat:dataset"]}
    assert set(entries) == {dataset.slug for dataset in DATASETS}
    for dataset in DATASETS:
        entry = entries[dataset.slug]
        assert entry["@type"] == "dcat:Dataset"
        assert entry["dct:title"]["@value"] == dataset.title
        assert entry["dct:description"]["@value"] == dataset.description
        entity = Entity.objects.get(kind=dataset.publisher)
        assert entry["dct:publisher"]["foaf:name"] == entity.name
        assert entry["dct:license"]["@id"] == datasets.LICENSE_URI
        contact = entry["dcat:contactPoint"]["vcard:hasEmail"]["@id"]
        assert contact == "mailto:contactenos@puertoguzman-putumayo.gov.co"
        assert entry["dct:accrualPeriodicity"]["@id"].startswith(datasets.EU_FREQUENCY)
        if dataset.dated:
            assert entry["dct:modified"] == {"@value": "2026-03-05", "@type": "xsd:date"}
        else:
            moment = datetime.datetime.fromisoformat(entry["dct:modified"]["@value"])
            assert moment.tzinfo is not None
            assert entry["dct:modified"]["@type"] == "xsd:dateTime"
        assert len(entry["dcat:distribution"]) == len(dataset.distributions)
        for distribution in entry["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dcat:mediaType"]["@id"].startswith(datasets.IANA)
    assert catalog["dct:publisher"]["foaf:name"] == "Alcaldía de Puerto Guzmán"

    def terms(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                if key == "@type":
                    yield value
                if key != "@context":
                    yield from terms(value)
        elif isinstance(node, list):
            for value in node:
                yield from terms(value)

    # Every term is a keyword or a compact IRI whose prefix the context declares, so a JSON-LD
    # processor expands each one to its vocabulary.
    for term in set(terms(catalog)):
        assert term.startswith("@") or term.split(":")[0] in context, term


def test_every_distribution_in_the_dcat_catalogue_downloads_and_parses(client):
    add_data(2)
    catalog = client.get("/datos/catalogo.jsonld").json()
    formats = {}
    for entry in catalog["dcat:dataset"]:
        for distribution in entry["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"].removeprefix("http://testserver")
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode("utf-8")
            media = distribution["dcat:mediaType"]["@id"].removeprefix(datasets.IANA)
            assert response["Content-Type"].startswith(media), url
            if media == "text/csv":
                rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
                assert len(rows) >= 2, url  # a header and data
            else:
                json.loads(text)
            formats.setdefault(entry["dct:identifier"], set()).add(distribution["dct:format"])
    for slug, found in formats.items():
        assert found == {d.format for d in datasets.BY_SLUG[slug].distributions}, slug
    assert formats["tramites"] == {"CSV", "JSON"}


def test_csv_header_is_the_data_dictionary_and_json_has_the_rows(client):
    add_data(2)
    for dataset, distribution in downloads():
        _, data = download(client, distribution)
        if distribution.format == "CSV":
            assert data[0] == [field.name for field in dataset.fields], dataset.slug
            assert len(data) > 1, dataset.slug
        elif not any("[]." in field.name for field in dataset.fields):
            assert isinstance(data, dict), dataset.slug
        else:
            # A JSON of several tables: "tabla[].columna" names each record's keys.
            tables = {}
            for field in dataset.fields:
                table, name = field.name.split("[].")
                tables.setdefault(table, []).append(name)
            for table, names in tables.items():
                assert data[table], (dataset.slug, table)
                for record in data[table]:
                    assert list(record) == names, (dataset.slug, table)


def test_no_dataset_carries_requesters_personal_data(client, citizens):
    add_data(2)
    office = make_office(entity=make_entity(), name="Secretaría de Planeación")
    # The directory data the law asks to publish (1.5) may be there; a requester's never.
    make_official(office=office, email="planeacion@puertoguzman-putumayo.gov.co")
    make_procedure(email="tramites@puertoguzman-putumayo.gov.co", phone="(098) 4295070")
    make_contractor(office=office, email="contratista.apoyo@gmail.com")
    secrets = []
    for request in citizens:
        secrets += [request.email, request.document_number, request.name, request.phone]
        secrets.append(request.address)
    published = {"contratista.apoyo@gmail.com"}
    files = downloads()
    for _, distribution in files:
        text, _ = download(client, distribution)
        for secret in secrets:
            assert secret.lower() not in text.lower(), (distribution.url, secret)
        for number in CEDULA.findall(text):
            assert number not in {r.document_number for r in citizens}
        for email in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
            # Institutional addresses, or a contractor's, which item 1.5 orders to publish.
            allowed = email.endswith("puertoguzman-putumayo.gov.co") or email in published
            assert allowed, (distribution.url, email)
    assert len(files) == sum(len(d.distributions) for d in DATASETS)
    # The catalogue and the pages carry none either.
    for url in ["/datos/", "/datos/catalogo.jsonld"] + [d.get_absolute_url() for d in DATASETS]:
        text = client.get(url).content.decode()
        for secret in secrets:
            assert secret.lower() not in text.lower(), (url, secret)


def test_last_modified_is_the_newest_published_change(client):
    alcaldia = make_entity()
    old = make_event(entity=alcaldia)
    Event.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=9))
    old.refresh_from_db()
    make_event(entity=alcaldia, status=Status.DRAFT)  # newer, but not published
    make_event(entity=alcaldia, publish_at=timezone.now() + datetime.timedelta(days=1))
    events = datasets.BY_SLUG["eventos"]
    [item] = datasets.listings([events])
    assert item.modified == old.updated_at
    html = client.get("/datos/eventos/").content.decode()
    assert f'datetime="{timezone.localtime(old.updated_at).isoformat()}"' in html


def test_empty_portal_lists_datasets_without_dates(client):
    response = client.get("/datos/")
    assert response.status_code == 200
    assert "Aún sin datos" in response.content.decode()
    catalog = client.get("/datos/catalogo.jsonld").json()
    assert all("dct:modified" not in entry for entry in catalog["dcat:dataset"])
    for _, distribution in downloads():
        download(client, distribution)


def test_an_entitys_datasets_are_listed_only_while_it_exists_and_has_data(client):
    alcaldia = make_entity()  # the Alcaldía only
    assert client.get("/datos/registro-de-activos-alcaldia/").status_code == 404  # no rows
    add_instruments(alcaldia, make_office(entity=alcaldia), 1)
    make_entity(Entity.Kind.PERSONERIA)  # exists, without rows
    slugs = {item.dataset.slug for item in datasets.listings()}
    assert "registro-de-activos-alcaldia" in slugs
    assert "registro-de-activos-concejo" not in slugs
    assert "registro-de-activos-personeria" not in slugs
    assert client.get("/datos/registro-de-activos-concejo/").status_code == 404
    page = client.get("/datos/registro-de-activos-alcaldia/")
    assert page.status_code == 200
    assert 'href="/transparencia/alcaldia/instrumentos/registro-de-activos.csv"' in (
        page.content.decode()
    )


def test_instrument_datasets_belong_to_their_entity(client):
    add_data(1)
    concejo = Entity.objects.get(kind=Entity.Kind.CONCEJO)
    [item] = datasets.listings([datasets.BY_SLUG["indice-de-informacion-clasificada-concejo"]])
    assert item.publisher == concejo.name
    newest = ClassifiedInformation.objects.filter(entity=concejo).latest("updated_at")
    assert item.modified == newest.updated_at
    _, rows = download(client, item.downloads[0])
    assert {row[0] for row in rows[1:]} == {concejo.name}


def test_events_export_lists_published_events_only(client):
    alcaldia = make_entity()
    shown = make_event(entity=alcaldia, title="Rendición de cuentas 2026", location="Coliseo")
    make_event(entity=alcaldia, title="Borrador de evento", status=Status.DRAFT)
    make_event(
        entity=alcaldia,
        title="Evento programado",
        publish_at=timezone.now() + datetime.timedelta(days=2),
    )
    csv_text = client.get("/eventos/datos.csv").content.decode()
    assert csv_text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(csv_text.removeprefix("\ufeff"))))
    assert [row["titulo"] for row in rows] == ["Rendición de cuentas 2026"]
    assert rows[0]["entidad"] == "Alcaldía de Puerto Guzmán"
    assert rows[0]["url"] == "http://testserver" + shown.get_absolute_url()
    assert rows[0]["fin"] == ""
    data = client.get("/eventos/datos.json").json()
    assert data["total"] == 1
    assert data["eventos"][0]["titulo"] == "Rendición de cuentas 2026"
    assert data["eventos"][0]["fin"] is None
    assert data["ultima_modificacion"] == shown.updated_at.isoformat()


def test_datos_is_in_the_site_map_the_sitemap_and_the_footer(client):
    add_data(1)
    assert 'href="/datos/"' in client.get("/mapa-del-sitio/").content.decode()
    assert 'href="/datos/"' in client.get("/").content.decode()
    text = sitemap_text(client)
    assert "http://testserver/datos/</loc>" in text
    for dataset in DATASETS:
        listed = f"http://testserver{dataset.get_absolute_url()}</loc>" in text
        assert listed is not dataset.per_entity, dataset.slug


def test_every_dataset_is_documented():
    docs = (settings.BASE_DIR / "docs" / "datos-abiertos.md").read_text()
    for dataset in DATASETS:
        if dataset.per_entity:
            generic = dataset.slug.removesuffix(f"-{dataset.publisher}") + "-<entidad>"
            assert f"`{generic}`" in docs, dataset.slug
        else:
            assert f"`{dataset.slug}`" in docs, dataset.slug
            for distribution in dataset.distributions:
                assert distribution.url_for().rsplit(".", 1)[0] in docs, dataset.slug


def test_with_the_shipped_and_demo_data_every_file_has_rows_and_no_requester(client):
    """What `make setup` loads: every dataset dated, every file with rows, no requester."""
    from django.core.management import call_command

    from pqrsd.models import Request

    for command in [
        "load_institution",
        "load_procedures",
        "load_transparency_menu",
        "seed_demo",
        "seed_demo_pqrsd",
        "seed_demo_transparency",
        "load_gelt_plan",
        "seed_demo_gelt",
    ]:
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())
    requests = list(Request.objects.exclude(email=""))
    assert requests
    secrets = {r.email.lower() for r in requests} | {
        r.document_number for r in requests if r.document_number
    }
    items = datasets.listings()
    # Every dataset but an instrument some entity has not filled in yet.
    assert {d.slug for d in DATASETS if not d.per_entity} < {i.dataset.slug for i in items}
    assert len(items) > len(DATASETS) - 9
    for item in items:
        assert item.modified is not None, item.dataset.slug
        for distribution in item.downloads:
            text, data = download(client, distribution)
            if distribution.format == "CSV":
                assert len(data) > 1, distribution.url
            lowered = text.lower()
            assert not [s for s in secrets if s in lowered], distribution.url


def test_an_official_who_leaves_changes_the_directory(client):
    office = make_office(entity=make_entity())
    make_official(office=office)
    leaving = make_official(office=office)
    before = datasets.listings([datasets.BY_SLUG["directorio"]])[0].modified
    leaving.is_active = False
    leaving.save()
    [item] = datasets.listings([datasets.BY_SLUG["directorio"]])
    assert item.modified == leaving.updated_at > before
    _, rows = download(client, item.downloads[0])
    assert leaving.name not in {row[2] for row in rows}


def test_an_instrument_links_its_copy_on_datos_gov_co(client):
    alcaldia = make_entity()
    add_instruments(alcaldia, make_office(entity=alcaldia), 1)
    address = "https://www.datos.gov.co/Funci-n-p-blica/Registro-de-activos/abcd-1234"
    make_item("7.1.1", entity=alcaldia, content_source="registro_activos", datos_gov_co_url=address)
    make_item("7.1.2", entity=alcaldia, content_source="indice_clasificada")  # none yet
    html = client.get("/datos/registro-de-activos-alcaldia/").content.decode()
    assert f'<a href="{address}">' in html
    assert (
        "En datos.gov.co"
        not in client.get("/datos/indice-de-informacion-clasificada-alcaldia/").content.decode()
    )
    catalog = client.get("/datos/catalogo.jsonld").json()
    entries = {entry["dct:identifier"]: entry for entry in catalog["dcat:dataset"]}
    assert entries["registro-de-activos-alcaldia"]["dct:relation"] == {"@id": address}
    assert "dct:relation" not in entries["indice-de-informacion-clasificada-alcaldia"]
