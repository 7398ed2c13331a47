"""Editors keep their entity's instruments (7.1.1–7.1.3) and item sources in the admin."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.portal.factories import make_entity, make_office, make_staff_user
from tests.transparency.test_admin import change_form_data
from transparency.models import ChangeLogEntry, InformationAsset, MenuItem, Source

pytestmark = pytest.mark.django_db
ADD_ASSET = "/admin/transparency/informationasset/add/"


@pytest.fixture
def menus():
    alcaldia = make_entity()
    concejo = make_entity("concejo")
    call_command("load_transparency_menu", stdout=io.StringIO(), stderr=io.StringIO())
    return alcaldia, concejo


def asset_data(entity, office, **overrides):
    data = {
        "entity": str(entity.pk),
        "office": str(office.pk),
        "category": "Actas de sesiones 🏛️ «plenarias»",
        "description": "Actas de las sesiones del Concejo.",
        "language": "Español",
        "medium": "electronico",
        "format": "PDF",
        "availability": "publicada",
        "location": "/documentos/?tipo=acta",
        "order": "0",
    }
    data.update(overrides)
    return data


def test_editor_adds_a_row_of_their_entity_and_sees_only_theirs(client, menus):
    alcaldia, concejo = menus
    secretaria = make_office(concejo, name="Secretaría General")
    hacienda = make_office(alcaldia, name="Secretaría de Hacienda")
    InformationAsset.objects.create(
        entity=alcaldia,
        office=hacienda,
        category="Presupuesto de la Alcaldía",
        description="-",
        format="PDF",
    )
    client.force_login(make_staff_user(secretaria))

    form = client.get(ADD_ASSET).content.decode()
    assert "Secretaría General" in form and "Secretaría de Hacienda" not in form
    response = client.post(ADD_ASSET, asset_data(concejo, secretaria))
    assert response.status_code == 302
    row = InformationAsset.objects.get(entity=concejo)
    assert row.category == "Actas de sesiones 🏛️ «plenarias»"

    listing = client.get("/admin/transparency/informationasset/").content.decode()
    assert "Actas de sesiones" in listing and "Presupuesto de la Alcaldía" not in listing
    other = InformationAsset.objects.get(entity=alcaldia)
    assert client.get(f"/admin/transparency/informationasset/{other.pk}/change/").status_code == 302


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"category": ""}, "Este campo es obligatorio."),
        ({"category": "x" * 300}, "250 caracteres (tiene 300)"),
        ({"medium": "nube"}, "Escoja una opción válida"),
    ],
)
def test_bad_rows_get_a_spanish_message_and_keep_what_was_typed(client, menus, overrides, message):
    _, concejo = menus
    secretaria = make_office(concejo)
    client.force_login(make_staff_user(secretaria))
    data = asset_data(concejo, secretaria, **overrides)
    response = client.post(ADD_ASSET, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Actas de las sesiones del Concejo." in html
    assert not InformationAsset.objects.exists()


def test_a_superuser_cannot_file_a_row_under_another_entitys_office(client, menus):
    alcaldia, concejo = menus
    client.force_login(
        User.objects.create_superuser("jefa", "jefa@example.com", "clave-123-segura")
    )
    response = client.post(ADD_ASSET, asset_data(concejo, make_office(alcaldia)))
    assert response.status_code == 200
    assert "Elija una dependencia de la misma entidad." in response.content.decode()
    assert not InformationAsset.objects.exists()


def test_editor_binds_an_item_to_events_and_the_public_log_says_so(client, menus):
    _, concejo = menus
    client.force_login(make_staff_user(make_office(concejo)))
    item = MenuItem.objects.get(entity=concejo, code="6.2.6")
    url = f"/admin/transparency/menuitem/{item.pk}/change/"
    bad = client.post(url, change_form_data(item, event_keyword="control social"))
    assert "La palabra clave solo se usa con la fuente «Eventos»." in bad.content.decode()
    response = client.post(
        url, change_form_data(item, content_source=Source.EVENTS, event_keyword="control social")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.content_source, item.event_keyword) == ("eventos", "control social")
    assert "Se agregó el contenido del portal «Eventos" in ChangeLogEntry.objects.get().description


def test_coverage_report_per_entity_and_category(client, menus, django_assert_max_num_queries):
    alcaldia, concejo = menus
    client.force_login(make_staff_user(make_office(concejo)))
    with django_assert_max_num_queries(30):
        response = client.get("/admin/transparency/menuitem/cobertura/")
    html = response.content.decode()
    assert response.status_code == 200
    assert concejo.name in html and alcaldia.name not in html
    assert "10. Información tributaria en entidades territoriales locales" in html
    assert 'href="/transparencia/concejo/categoria/2/">2. Normativa</a>' in html
    assert f"?entity__id__exact={concejo.pk}&amp;situacion=vacios" in html


def test_committee_reads_every_entitys_instruments_but_cannot_add(client, menus):
    from portal.roles import COMMITTEE_GROUP

    alcaldia, concejo = menus
    for entity in (alcaldia, concejo):
        InformationAsset.objects.create(
            entity=entity,
            office=make_office(entity),
            category=f"Categoría de {entity.slug}",
            description="-",
            format="PDF",
        )
    client.force_login(make_staff_user(None, groups=(COMMITTEE_GROUP,)))
    listing = client.get("/admin/transparency/informationasset/").content.decode()
    assert "Categoría de alcaldia" in listing and "Categoría de concejo" in listing
    assert client.get(ADD_ASSET).status_code == 403
    assert client.get("/admin/transparency/menuitem/cobertura/").status_code == 200


def test_item_form_offers_the_sources_and_the_committed_date(client, menus):
    _, concejo = menus
    client.force_login(make_staff_user(make_office(concejo)))
    item = MenuItem.objects.get(entity=concejo, code="7.1.1")
    html = client.get(f"/admin/transparency/menuitem/{item.pk}/change/").content.decode()
    for text in (
        "Contenido del portal que lo alimenta",
        "Registro de activos de información (tabla 7.1.1)",
        "Enlace en datos.gov.co",
        "Fecha prevista de publicación",
    ):
        assert text in html, text
    response = client.post(
        f"/admin/transparency/menuitem/{item.pk}/change/",
        change_form_data(item, datos_gov_co_url="no es una dirección", committed_on="31/02/2027"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ingrese una URL válida." in html and "Ingrese una fecha válida." in html
    assert "no es una dirección" in html
