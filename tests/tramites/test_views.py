import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.models import Status
from tests.portal.factories import make_office, make_staff_user
from tests.sitemaps import sitemap_text
from tramites.models import ProcedureForm

from .factories import bulk_procedures, make_category, make_procedure

pytestmark = pytest.mark.django_db
CATALOGUE = "/tramites/"


def make_many(n, **overrides):
    return bulk_procedures(n, **overrides)


# The catalogue: municipality, alert banners, the topics with counts (the topic select and the
# list of topics), the offices select, the paginator's count and the page.
CATALOGUE_QUERIES = 6


@pytest.mark.parametrize("size", [5, 500])
def test_catalogue_lists_published_with_constant_queries(client, django_assert_num_queries, size):
    make_many(size)
    make_procedure(name="Borrador secreto", status=Status.DRAFT)
    with django_assert_num_queries(CATALOGUE_QUERIES):
        response = client.get(CATALOGUE)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "Borrador secreto" not in body
    assert f"{size} trámite" in body
    assert 'href="/tramites/datos.csv"' in body
    assert 'href="/tramites/datos.json"' in body


@pytest.mark.parametrize("size", [5, 500])
def test_filtered_catalogue_queries_do_not_grow(client, django_assert_num_queries, size):
    category = make_category(slug="impuestos")
    make_many(size, category=category, automation_level="full", online_url="https://a.gov.co")
    make_many(3)
    # One more: validating the chosen topic reads it.
    with django_assert_num_queries(CATALOGUE_QUERIES + 1):
        response = client.get(CATALOGUE, {"category": "impuestos", "level": "full", "q": "tram"})
    assert response.status_code == 200
    assert f"{size} trámite" in response.content.decode()


def test_catalogue_items_show_kind_topic_office_and_badges(client):
    tax = make_category(name="Impuestos", slug="impuestos")
    hacienda = make_office(name="Hacienda", slug="hacienda")
    online = make_procedure(
        name="Impuesto predial",
        kind="opa",
        category=tax,
        office=hacienda,
        automation_level="full",
        online_url="https://pagos.example.gov.co",
        is_free=False,
    )
    make_procedure(name="Paz y salvo", category=None, office=hacienda, is_free=True)
    body = client.get(CATALOGUE).content.decode()
    assert f'<a href="{online.get_absolute_url()}">Impuesto predial</a>' in body
    assert "Otro procedimiento administrativo (OPA) · Impuestos · Hacienda" in body
    assert "Trámite · Hacienda" in body  # no topic, no empty separator
    assert '<span class="badge badge-ok">Totalmente en línea</span>' in body
    assert '<span class="badge">Presencial</span>' in body
    assert body.count('<span class="badge">Gratuito</span>') == 1


def test_topics_list_their_published_sheets_and_match_the_select(client):
    tax = make_category(name="Impuestos", slug="impuestos")
    health = make_category(name="Salud", slug="salud")
    make_category(name="Vacío", slug="vacio")
    make_procedure(category=tax)
    make_procedure(category=tax)
    make_procedure(category=health)
    make_procedure(category=health, status=Status.DRAFT)
    body = client.get(CATALOGUE, {"category": "salud"}).content.decode()
    topics = body[body.index('class="procedure-topics"') :]
    assert 'href="/tramites/?category=impuestos">Impuestos</a> <span class="meta">(2)' in topics
    assert (
        'href="/tramites/?category=salud" aria-current="page">Salud</a> <span class="meta">(1)'
        in topics
    )
    assert "Vacío" not in body
    assert '<option value="salud" selected>Salud</option>' in body
    assert '<option value="impuestos">Impuestos</option>' in body


def test_filters_by_category_office_level_and_name(client):
    tax = make_category(name="Impuestos", slug="impuestos")
    hacienda = make_office(name="Hacienda", slug="hacienda")
    make_procedure(name="Impuesto predial", category=tax, office=hacienda)
    make_procedure(
        name="Licencia de construcción", automation_level="partial", online_url="https://x.co"
    )
    make_procedure(name="Paz y salvo", office=hacienda)

    def names(**params):
        response = client.get(CATALOGUE, params)
        assert response.status_code == 200
        return [p.name for p in response.context["procedures"]]

    assert names(category="impuestos") == ["Impuesto predial"]
    assert names(office="hacienda") == ["Impuesto predial", "Paz y salvo"]
    assert names(level="partial") == ["Licencia de construcción"]
    # Without accents and in capitals, as people type on a phone.
    assert names(q="CONSTRUCCION") == ["Licencia de construcción"]
    assert names(q="predial", office="hacienda") == ["Impuesto predial"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"category": "no-existe"}, "Ese tema no existe"),
        ({"office": "<script>"}, "Esa dependencia no existe"),
        ({"level": "teletransporte"}, "Ese nivel de automatización no existe"),
        ({"q": "x" * 500}, "como máximo 100 caracteres"),
        ({"q": "a\x00b"}, "Revise los filtros"),
        ({"category": ["a", "b"], "level": "😀"}, "Revise los filtros"),
    ],
)
def test_bad_filters_show_a_message_not_an_error(client, params, message):
    make_procedure(name="Impuesto predial")
    response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Impuesto predial" in body  # the bad filter is ignored, the rest is shown


def test_bad_filter_keeps_what_the_user_typed(client):
    response = client.get(CATALOGUE, {"q": "predial ñandú", "level": "nope"})
    assert 'value="predial ñandú"' in response.content.decode()


def test_emoji_search_finds_nothing_politely(client):
    make_procedure(name="Impuesto predial")
    response = client.get(CATALOGUE, {"q": "🏠"})
    assert response.status_code == 200
    assert "No hay trámites publicados con esos filtros" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "99", "abc", "-1", "1.5"])
def test_bad_page_numbers_are_404(client, page):
    make_procedure()
    assert client.get(CATALOGUE, {"page": page}).status_code == 404


def test_pagination_keeps_the_filters(client):
    category = make_category(slug="muchos")
    make_many(25, category=category)
    response = client.get(CATALOGUE, {"category": "muchos"})
    body = response.content.decode()
    assert "Página 1 de 2" in body
    assert "category=muchos&amp;page=2" in body
    response = client.get(CATALOGUE, {"category": "muchos", "page": 2})
    assert len(response.context["procedures"]) == 5


# The sheet: municipality, alert banners, the sheet, requirements, steps, forms.
DETAIL_QUERIES = 6


@pytest.mark.parametrize("size", [2, 40])
def test_sheet_shows_everything_with_constant_queries(client, django_assert_num_queries, size):
    procedure = make_procedure(
        name="Licencia de construcción",
        requirements=size,
        steps=size,
        automation_level="partial",
        online_url="https://tramites.example.gov.co/licencia",
        is_free=False,
        cost_amount=250000,
        response_time_value=45,
    )
    for n in range(size):
        ProcedureForm.objects.create(
            procedure=procedure,
            title=f"Formulario {n}",
            file=SimpleUploadedFile(f"f{n}.pdf", b"%PDF-1.4 x", "application/pdf"),
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(procedure.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "Hacer este trámite en línea" in body
    assert 'href="https://tramites.example.gov.co/licencia"' in body
    assert f"Requisito {size - 1}" in body
    assert f"Paso {size - 1}" in body
    assert f"Formulario {size - 1}" in body and ".pdf" in body
    assert "$250.000" in body
    assert "45 días hábiles" in body


def test_sheet_has_government_service_json_ld(client):
    procedure = make_procedure(
        name='Permiso "especial" </script><b>', is_free=True, phone="3001234567"
    )
    body = client.get(procedure.get_absolute_url()).content.decode()
    start = body.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    raw = body[start : body.index("</script>", start)]
    assert "</script>" not in raw and "<b>" not in raw
    data = json.loads(raw)
    assert data["@type"] == "GovernmentService"
    assert data["name"] == 'Permiso "especial" </script><b>'
    assert data["url"] == f"http://testserver{procedure.get_absolute_url()}"
    assert data["provider"]["department"]["name"] == procedure.office.name
    assert data["offers"]["price"] == "0"
    assert {c["name"] for c in data["availableChannel"]} == {"Atención presencial", "Teléfono"}


def test_sheet_without_online_channel_has_no_button(client):
    procedure = make_procedure(automation_level="info")
    body = client.get(procedure.get_absolute_url()).content.decode()
    assert "Hacer este trámite en línea" not in body


def test_needs_review_notice_is_shown(client):
    procedure = make_procedure(needs_review=True)
    assert "Información en revisión" in client.get(procedure.get_absolute_url()).content.decode()
    procedure = make_procedure(needs_review=False, last_reviewed_on=datetime.date(2026, 11, 1))
    body = client.get(procedure.get_absolute_url()).content.decode()
    assert "Información en revisión" not in body
    assert "revisada por la dependencia el" in body


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Status.DRAFT},
        {"publish_at": timezone.now() + datetime.timedelta(days=1)},
    ],
)
def test_drafts_and_scheduled_sheets_are_404_for_citizens(client, overrides):
    procedure = make_procedure(**overrides)
    assert client.get(procedure.get_absolute_url()).status_code == 404


def test_an_editor_previews_the_drafts_of_their_own_office_only(client):
    procedure = make_procedure(status=Status.DRAFT)
    client.force_login(make_staff_user(procedure.office))
    response = client.get(procedure.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vista previa" in body and '<meta name="robots" content="noindex">' in body
    assert "application/ld+json" not in body
    assert "no-store" in response["Cache-Control"]
    # An editor of another office of the same entity edits other sheets, and previews none.
    neighbour = make_office(entity=procedure.office.entity, name="Otra dependencia")
    client.force_login(make_staff_user(neighbour))
    assert client.get(procedure.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(procedure.get_absolute_url()).status_code == 404


def test_staff_see_a_published_sheet_as_citizens_do(client):
    procedure = make_procedure()
    client.force_login(make_staff_user(make_office()))
    response = client.get(procedure.get_absolute_url())
    assert response.status_code == 200
    assert "Vista previa" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("slug", ["no-existe", "ñandú", "a" * 300, "😀"])
def test_unknown_slugs_are_404(client, slug):
    assert client.get(f"/tramites/{slug}/").status_code == 404


def test_reverse_names():
    assert reverse("tramites:catalogue") == CATALOGUE
    assert reverse("tramites:export_csv") == "/tramites/datos.csv"


def test_sitemap_lists_published_sheets_only(client):
    visible = make_procedure(name="Visible")
    hidden = make_procedure(name="Oculto", status=Status.DRAFT)
    body = sitemap_text(client)
    assert f"http://testserver{visible.get_absolute_url()}" in body
    assert hidden.get_absolute_url() not in body


def _query_count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_shows_the_featured_sheets_with_constant_queries(client):
    category, office = make_category(), make_office()
    make_procedure(name="Impuesto predial", category=category, office=office, featured=True)
    make_procedure(name="Borrador popular", status=Status.DRAFT, featured=True)
    few = _query_count(client, "/")
    body = client.get("/").content.decode()
    assert "Trámites más consultados" in body
    assert body.index("Impuesto predial") < body.index("Últimas noticias")
    assert "Borrador popular" not in body
    make_many(50, category=category, office=office, featured=True)
    assert _query_count(client, "/") == few


def test_entity_page_lists_its_offices_procedures_with_constant_queries(client):
    hacienda = make_office(name="Secretaría de Hacienda", slug="hacienda")
    make_procedure(name="Impuesto predial", office=hacienda)
    make_procedure(name="Borrador", office=hacienda, status=Status.DRAFT)
    url = hacienda.entity.get_absolute_url()
    few = _query_count(client, url)
    body = client.get(url).content.decode()
    assert "Trámites y servicios de Secretaría de Hacienda" in body
    assert 'href="/tramites/impuesto-predial/"' in body
    assert "Borrador" not in body
    for n in range(5):
        office = make_office(entity=hacienda.entity, name=f"Oficina {n}")
        make_many(8, office=office)
    assert _query_count(client, url) == few
