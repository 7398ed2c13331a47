"""Public pages: status, content, constant query counts and bad input."""

import datetime
import re

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone

from portal.models import AlertBanner, Document, Entity, Event, Municipality, NewsItem, Page
from portal.views import server_error

from .factories import (
    bulk_contractors,
    bulk_offices,
    bulk_officials,
    bulk_publishables,
    make_document,
    make_entity,
    make_event,
    make_news,
    make_office,
    make_official,
    make_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipality():
    """The municipality row exists, as after load_institution (its first read would insert)."""
    return Municipality.current()


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def text(response):
    return response.content.decode()


# Query counts: the same number of queries with 5 objects and with 55 (no N+1).
# municipality + alert banners are the 2 queries base.html always makes.
QUERY_COUNTS = {
    "home": 6,  # + news, events, entities, most visited procedures
    "news_list": 4,  # + count, page
    "news_detail": 4,  # + item, other news
    "event_list": 4,
    "event_detail": 3,
    "event_calendar": 2,  # municipality + events (no base template)
    "document_list": 5,  # + entity choices, count, page
    "document_detail": 3,
    "entity_detail": 8,  # + entity, offices, officials, heads, recent documents, procedures
    "organigram": 5,  # + entity, offices, heads
    "directory": 6,  # + entity and office choices, count, page of officials
    "contractors": 6,  # + entity and office choices, count, page of contractors
    "event_csv": 1,  # published events with their entity's name (no base template)
    "event_json": 1,
    "directory_csv": 1,  # officials with office and entity (no base template)
    "directory_json": 1,
    "contractors_csv": 1,
    "contractors_json": 1,
    "page_detail": 4,  # + page with its parents, children
    "site_map": 4,  # + published pages (one query for the tree), entities
    "news_feed": 2,
}


def page_urls(entity):
    news = NewsItem.objects.published().first()
    event = Event.objects.published().first()
    document = Document.objects.published().first()
    page = Page.objects.published().filter(parent__isnull=False).first()
    return {
        "home": "/",
        "news_list": "/noticias/",
        "news_detail": news.get_absolute_url(),
        "event_list": "/eventos/",
        "event_detail": event.get_absolute_url(),
        "event_calendar": "/eventos/calendario.ics",
        "event_csv": "/eventos/datos.csv",
        "event_json": "/eventos/datos.json",
        "document_list": "/documentos/",
        "document_detail": document.get_absolute_url(),
        "entity_detail": entity.get_absolute_url(),
        "organigram": f"/entidades/{entity.slug}/organigrama/",
        "directory": "/directorio/",
        "contractors": "/directorio/contratistas/",
        "directory_csv": "/directorio/datos.csv",
        "directory_json": "/directorio/datos.json",
        "contractors_csv": "/directorio/contratistas/datos.csv",
        "contractors_json": "/directorio/contratistas/datos.json",
        "page_detail": page.get_absolute_url(),
        "site_map": "/mapa-del-sitio/",
        "news_feed": "/noticias/rss/",
    }


def add_content(entity, office, count):
    bulk_publishables(NewsItem, count, entity=entity)
    bulk_publishables(Event, count, entity=entity)
    bulk_publishables(Document, count, entity=entity)
    parents = bulk_publishables(Page, count, entity=entity)
    bulk_publishables(Page, count, entity=entity, parent=parents[0])
    bulk_officials(count, office=office)
    bulk_contractors(count, office=office)
    make_office(entity=entity)
    # A deeper organigram: offices under `office`, and offices under the first of them.
    children = bulk_offices(count // 5 + 1, entity=entity, parent=office)
    bulk_offices(count // 5 + 1, entity=entity, parent=children[0])


@pytest.mark.parametrize("name", sorted(QUERY_COUNTS))
def test_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, name):
    entity = make_entity()
    office = make_office(entity=entity)
    add_content(entity, office, 5)
    urls = page_urls(entity)
    with django_assert_num_queries(QUERY_COUNTS[name]):
        get_ok(client, urls[name])
    add_content(entity, office, 50)
    with django_assert_num_queries(QUERY_COUNTS[name]):
        get_ok(client, urls[name])


def test_home_shows_latest_news_upcoming_events_and_featured_menus(client):
    make_news(title="Llegan las lanchas ambulancia")
    make_event(title="Feria del cacao")
    make_event(title="Feria que ya pasó", starts_at=timezone.now() - datetime.timedelta(days=2))
    body = text(get_ok(client, "/"))
    assert "Llegan las lanchas ambulancia" in body
    assert "Feria del cacao" in body
    assert "Feria que ya pasó" not in body
    for heading in ("Transparencia", "Atención y servicios a la ciudadanía", "Participa"):
        assert f">{heading}</h2>" in body
    for href in ("/tramites/", "/pqrsd/", "/pqrsd/consulta/", "/transparencia/", "/participa/"):
        assert f'href="{href}"' in body
    assert "<!-- tramites: most visited -->" in body
    assert "Última actualización" in body
    assert body.count("<h1") == 1


def test_news_list_paginates_ten_per_page(client):
    entity = make_entity()
    bulk_publishables(NewsItem, 25, entity=entity)
    first = get_ok(client, "/noticias/")
    assert first.context["page_obj"].paginator.num_pages == 3
    assert len(first.context["object_list"]) == 10
    assert "Página 1 de 3" in text(first)
    third = get_ok(client, "/noticias/?page=3")
    assert len(third.context["object_list"]) == 5
    assert 'rel="prev"' in text(third)


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", "%00"])
@pytest.mark.parametrize("url", ["/noticias/", "/eventos/", "/eventos/pasados/", "/documentos/"])
def test_bad_page_numbers_show_a_valid_page(client, url, page):
    make_news()
    response = client.get(f"{url}?page={page}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/noticias/no-existe/",
        "/eventos/no-existe/",
        "/documentos/no-existe/",
        "/entidades/no-existe/",
        "/paginas/no-existe/",
        "/no-existe/",
    ],
)
def test_unknown_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


def test_unknown_url_gives_the_spanish_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/esta-pagina-no-existe/")
    assert response.status_code == 404
    assert "No encontramos esta página" in text(response)
    assert 'lang="es-CO"' in text(response)


def test_server_error_page_is_in_spanish_and_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Tuvimos un problema" in response.content.decode()


def test_news_detail_shows_body_entity_and_last_update(client):
    item = make_news(title="Nuevo puente", body="<p>El puente <strong>abre</strong>.</p>")
    body = text(get_ok(client, item.get_absolute_url()))
    assert "<h1>Nuevo puente</h1>" in body
    assert "El puente <strong>abre</strong>." in body
    assert item.entity.name in body
    assert "Última actualización" in body


def test_event_lists_split_upcoming_and_past(client):
    make_event(title="Cabildo abierto")
    make_event(
        title="Cabildo del año pasado",
        starts_at=timezone.now() - datetime.timedelta(days=300),
        ends_at=timezone.now() - datetime.timedelta(days=300) + datetime.timedelta(hours=2),
    )
    upcoming = text(get_ok(client, "/eventos/"))
    past = text(get_ok(client, "/eventos/pasados/"))
    assert "Cabildo abierto" in upcoming and "Cabildo del año pasado" not in upcoming
    assert "Cabildo del año pasado" in past and "Cabildo abierto" not in past
    assert 'href="/eventos/pasados/"' in upcoming


def test_event_detail(client):
    event = make_event(title="Mercado campesino", location="Parque principal")
    body = text(get_ok(client, event.get_absolute_url()))
    assert "Mercado campesino" in body and "Parque principal" in body


def test_documents_filter_by_entity_kind_and_year(client):
    alcaldia = make_entity()
    personeria = make_entity(Entity.Kind.PERSONERIA)
    make_document(title="Decreto de la alcaldía 2026", entity=alcaldia)
    make_document(
        title="Acuerdo de 2025",
        entity=alcaldia,
        kind=Document.Kind.ACUERDO,
        issued_on=datetime.date(2025, 5, 2),
    )
    make_document(title="Informe de la personería", entity=personeria, kind="informe")

    def titles(query):
        response = get_ok(client, f"/documentos/?{query}")
        return {document.title for document in response.context["object_list"]}

    assert titles("") == {
        "Decreto de la alcaldía 2026",
        "Acuerdo de 2025",
        "Informe de la personería",
    }
    assert titles("entidad=personeria") == {"Informe de la personería"}
    assert titles("tipo=acuerdo") == {"Acuerdo de 2025"}
    assert titles("anio=2026") == {"Decreto de la alcaldía 2026", "Informe de la personería"}
    assert titles("entidad=alcaldia&anio=2025") == {"Acuerdo de 2025"}
    assert titles("q=personer") == {"Informe de la personería"}


@pytest.mark.parametrize(
    "query, message",
    [
        ("entidad=no-existe", "La entidad elegida no existe"),
        ("tipo=pasquin", "El tipo de documento elegido no existe"),
        ("anio=abc", "Escriba el año con cuatro cifras"),
        ("anio=1200", "Escriba un año desde 1990"),
        ("anio=99999", "Escriba un año hasta 2100"),
    ],
)
def test_bad_document_filters_give_a_spanish_message_and_the_unfiltered_list(
    client, query, message
):
    make_document(title="Decreto visible")
    response = client.get(f"/documentos/?{query}")
    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert "Decreto visible" in body


def test_document_detail_has_download_link_size_and_type(client):
    document = make_document(title="Plan de desarrollo")
    body = text(get_ok(client, document.get_absolute_url()))
    assert f'href="{document.file.url}"' in body
    assert "PDF" in body
    assert "15\xa0bytes" in body or "15 bytes" in body


def test_document_whose_file_is_missing_still_renders(client):
    document = make_document(title="Archivo perdido")
    document.file.storage.delete(document.file.name)
    body = text(get_ok(client, document.get_absolute_url()))
    assert "no está disponible" in body


def test_entity_profile_lists_offices_and_their_officials(client):
    entity = make_entity(
        Entity.Kind.PERSONERIA,
        name="Personería Municipal",
        mission="Defender los derechos humanos.",
        vision="Ser cercana a la gente.",
        functions="Vigilar la conducta oficial.",
        head_title="Personero Municipal",
        head_name="Ana Ceballos",
    )
    office = make_office(entity=entity, name="Atención al público")
    make_official(office=office, name="Edwin Pantoja", position="Auxiliar administrativo")
    make_official(office=office, name="Oculto Inactivo", is_active=False)
    body = text(get_ok(client, "/entidades/personeria/"))
    for expected in (
        "Defender los derechos humanos.",
        "Ser cercana a la gente.",
        "Vigilar la conducta oficial.",
        "Ana Ceballos",
        "Atención al público",
        "Edwin Pantoja",
        "<!-- tramites: office procedures -->",
    ):
        assert expected in body
    assert "Oculto Inactivo" not in body


def test_directory_groups_active_officials_by_entity_and_filters(client):
    alcaldia_office = make_office(entity=make_entity(), name="Secretaría de Hacienda")
    personeria_office = make_office(entity=make_entity(Entity.Kind.PERSONERIA), name="Despacho")
    make_official(office=alcaldia_office, name="Tesorera Rosero")
    make_official(office=personeria_office, name="Personera Ceballos")
    make_official(office=personeria_office, name="Retirado Gómez", is_active=False)
    body = text(get_ok(client, "/directorio/"))
    assert "Tesorera Rosero" in body and "Personera Ceballos" in body
    assert "Retirado Gómez" not in body
    assert body.index("Secretaría de Hacienda") < body.index("Tesorera Rosero")
    filtered = text(get_ok(client, "/directorio/?entidad=personeria"))
    assert "Personera Ceballos" in filtered and "Tesorera Rosero" not in filtered
    invalid = text(get_ok(client, "/directorio/?entidad=inventada"))
    assert "La entidad elegida no existe" in invalid and "Tesorera Rosero" in invalid


def test_directory_pages_fifty_at_a_time_and_filters_by_office_and_name(client):
    entity = make_entity()
    hacienda = make_office(entity=entity, name="Secretaría de Hacienda", slug="hacienda")
    bulk_officials(60, office=hacienda)
    make_official(office=hacienda, name="Tesorera Rosero", position="Tesorera general")
    gobierno = make_office(entity=entity, name="Secretaría de Gobierno", slug="gobierno")
    make_official(office=gobierno, name="Inspector Muñoz", position="Inspector de policía")

    first = get_ok(client, "/directorio/")
    assert len(first.context["page_obj"].object_list) == 50
    assert "62 servidores públicos; página 1 de 2" in text(first)
    assert 'href="?page=2" rel="next"' in text(first)
    assert len(get_ok(client, "/directorio/?page=2").context["page_obj"].object_list) == 12

    by_office = text(get_ok(client, "/directorio/?dependencia=gobierno"))
    assert "Inspector Muñoz" in by_office and "Tesorera Rosero" not in by_office
    by_position = text(get_ok(client, "/directorio/?q=tesorera"))
    assert "Tesorera Rosero" in by_position and "Servidor masivo" not in by_position
    # A bad office is reported, and the name the citizen typed still filters and stays typed.
    mixed = text(get_ok(client, "/directorio/?q=Muñoz&dependencia=inventada"))
    assert "La dependencia elegida no existe" in mixed
    assert "Inspector Muñoz" in mixed and "Tesorera Rosero" not in mixed
    assert 'value="Muñoz"' in mixed
    assert "con esos filtros" in text(get_ok(client, "/directorio/?q=nadie-se-llama-asi"))


def test_entity_page_lists_ten_officials_per_office_and_links_to_the_rest(client):
    entity = make_entity()
    hacienda = make_office(entity=entity, name="Secretaría de Hacienda", slug="hacienda", order=1)
    bulk_officials(12, office=hacienda)
    gobierno = make_office(entity=entity, name="Secretaría de Gobierno", slug="gobierno", order=2)
    make_official(office=gobierno, name="Inspector Muñoz")
    make_official(office=gobierno, name="Retirada Gómez", is_active=False)
    body = text(get_ok(client, entity.get_absolute_url()))
    hacienda_part = body[body.index('id="dep-hacienda"') : body.index('id="dep-gobierno"')]
    assert hacienda_part.count("Servidor masivo") == 10
    assert (
        'href="/directorio/?dependencia=hacienda">Ver las 12 personas de Secretaría de Hacienda'
        in hacienda_part
    )
    assert "Inspector Muñoz" in body and "Retirada Gómez" not in body
    assert "?dependencia=gobierno" not in body


def test_page_shows_breadcrumbs_of_its_parents_and_its_children(client):
    root = make_page(title="Nuestro municipio")
    middle = make_page(title="Geografía", parent=root)
    leaf = make_page(title="Veredas", parent=middle)
    make_page(title="Inspecciones", parent=leaf)
    make_page(title="Borrador oculto", parent=leaf, status="draft")
    response = get_ok(client, leaf.get_absolute_url())
    body = text(response)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', body, re.S).group(0)
    assert crumbs.index("Nuestro municipio") < crumbs.index("Geografía") < crumbs.index("Veredas")
    assert "Inspecciones" in body
    assert "Borrador oculto" not in body


def test_site_map_lists_every_section_entities_and_top_pages(client):
    make_entity()
    make_entity(Entity.Kind.CONCEJO)
    top = make_page(title="Atención al ciudadano")
    make_page(title="Preguntas frecuentes", parent=top)
    body = text(get_ok(client, "/mapa-del-sitio/"))
    for href in (
        "/noticias/",
        "/eventos/",
        "/documentos/",
        "/directorio/",
        "/tramites/",
        "/tramites/datos.csv",
        "/pqrsd/",
        "/pqrsd/consulta/",
        "/transparencia/",
        "/participa/",
        "/buscar/",
        "/gobierno-en-linea/",
        "/entidades/alcaldia/",
        "/entidades/concejo/",
        top.get_absolute_url(),
    ):
        assert f'href="{href}"' in body, href
    assert "Preguntas frecuentes" in body


def test_site_map_shows_published_pages_two_levels_deep_in_their_order(client):
    second = make_page(title="Trámites frecuentes", order=2)
    first = make_page(title="Nuestro municipio", order=1)
    make_page(title="Veredas", parent=first)
    make_page(title="Borrador oculto", parent=first, status="draft")
    hidden_parent = make_page(title="Sección en preparación", status="draft")
    make_page(title="Hija de un borrador", parent=hidden_parent)
    make_page(title="Nieta", parent=Page.objects.get(title="Veredas"))
    body = text(get_ok(client, "/mapa-del-sitio/"))
    assert body.index("Nuestro municipio") < body.index("Veredas") < body.index(second.title)
    assert f'href="{first.get_absolute_url()}"' in body
    for absent in ("Borrador oculto", "Sección en preparación", "Hija de un borrador", "Nieta"):
        assert absent not in body, absent


def test_robots_txt_points_at_the_sitemap_and_does_not_name_the_admin(client, settings):
    settings.ADMIN_URL = "gestion-interna/"
    response = get_ok(client, "/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = text(response)
    lines = body.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /buscar/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # robots.txt is public: naming the admin's path would tell every visitor where it is.
    assert "gestion-interna" not in body
    assert "admin" not in body


@pytest.mark.parametrize("url", ["/", "/noticias/", "/documentos/", "/directorio/"])
def test_pages_show_last_update(client, url):
    make_news()
    make_document()
    make_official()
    assert "Última actualización" in text(get_ok(client, url))


def test_alert_banner_shows_only_between_start_and_end(client):
    start = timezone.now() + datetime.timedelta(hours=1)
    AlertBanner.objects.create(
        message="Cierre de la vía por derrumbe",
        level=AlertBanner.Level.EMERGENCY,
        entity=make_entity(),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    assert "Cierre de la vía por derrumbe" not in text(get_ok(client, "/"))
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        body = text(get_ok(client, "/noticias/"))
        assert "Cierre de la vía por derrumbe" in body
        assert "alert-emergency" in body
    with time_machine.travel(start + datetime.timedelta(hours=3, minutes=1), tick=False):
        assert "Cierre de la vía por derrumbe" not in text(get_ok(client, "/"))


def test_staff_preview_of_a_draft_is_never_cached(client, admin_user):
    draft = make_news(title="Borrador en revisión", status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    response = get_ok(client, draft.get_absolute_url())
    assert "Vista previa" in text(response)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_editor_previews_drafts_of_their_own_entity_only(client):
    from .factories import make_staff_user

    personeria = make_entity(Entity.Kind.PERSONERIA)
    editor = make_staff_user(make_office(entity=personeria))
    own = make_news(title="Borrador propio", status="draft", entity=personeria)
    other = make_news(title="Borrador ajeno", status="draft", entity=make_entity())
    client.force_login(editor)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_directory_groups_people_by_entity_then_office_in_directory_order(client):
    concejo = make_entity(Entity.Kind.CONCEJO, order=2)
    alcaldia = make_entity(order=1)
    hacienda = make_office(alcaldia, name="Secretaría de Hacienda", order=2)
    gobierno = make_office(alcaldia, name="Secretaría de Gobierno", order=1)
    mesa = make_office(concejo, name="Mesa directiva")
    make_official(office=hacienda, name="Tesorera Rosero")
    make_official(office=mesa, name="Presidente del Concejo")
    make_official(office=gobierno, name="Inspector Muñoz", order=2)
    make_official(office=gobierno, name="Secretario Díaz", order=1)
    body = text(get_ok(client, "/directorio/"))
    body = body[body.index('<section aria-labelledby="entidad-') :]  # after the filter's options
    order = [
        alcaldia.name,
        "Secretaría de Gobierno",
        "Secretario Díaz",
        "Inspector Muñoz",
        "Secretaría de Hacienda",
        "Tesorera Rosero",
        concejo.name,
        "Mesa directiva",
        "Presidente del Concejo",
    ]
    positions = [body.index(f">{name}<") for name in order]
    assert positions == sorted(positions)
    assert body.count("<h3>Secretaría de Gobierno</h3>") == 1  # one heading for its two people
    assert f'<a href="{alcaldia.get_absolute_url()}">{alcaldia.name}</a>' in body
