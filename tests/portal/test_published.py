"""`published()` is the one visibility rule: the 2×2 grid on every public channel."""

import datetime

import icalendar
import pytest
import time_machine
from django.utils import timezone

from portal.models import Document, Event, NewsItem, Page, Status
from tests.sitemaps import sitemap_text

from .factories import make_document, make_event, make_news, make_page

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)

# (status, publish_at relative to now, visible to citizens?)
GRID = [
    pytest.param(Status.PUBLISHED, -HOUR, True, id="publicado-pasado"),
    pytest.param(Status.PUBLISHED, HOUR, False, id="publicado-futuro"),
    pytest.param(Status.DRAFT, -HOUR, False, id="borrador-pasado"),
    pytest.param(Status.DRAFT, HOUR, False, id="borrador-futuro"),
]


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def ics_summaries(client):
    calendar = icalendar.Calendar.from_ical(client.get("/eventos/calendario.ics").content)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("status, offset, visible", GRID)
def test_news_grid(client, status, offset, visible):
    item = make_news(
        title="Noticia de la rejilla", status=status, publish_at=timezone.now() + offset
    )
    assert item.is_published() is visible
    assert NewsItem.objects.published().filter(pk=item.pk).exists() is visible
    detail = client.get(item.get_absolute_url())
    assert detail.status_code == (200 if visible else 404)
    assert ("Noticia de la rejilla" in body(client, "/noticias/")) is visible
    assert ("Noticia de la rejilla" in body(client, "/")) is visible
    assert ("Noticia de la rejilla" in body(client, "/noticias/rss/")) is visible
    assert (item.get_absolute_url() in sitemap_text(client)) is visible


@pytest.mark.parametrize("status, offset, visible", GRID)
def test_event_grid(client, status, offset, visible):
    event = make_event(
        title="Evento de la rejilla", status=status, publish_at=timezone.now() + offset
    )
    assert event.is_published() is visible
    assert client.get(event.get_absolute_url()).status_code == (200 if visible else 404)
    assert ("Evento de la rejilla" in body(client, "/eventos/")) is visible
    assert ("Evento de la rejilla" in body(client, "/")) is visible
    assert ("Evento de la rejilla" in ics_summaries(client)) is visible
    assert (event.get_absolute_url() in sitemap_text(client)) is visible


@pytest.mark.parametrize("status, offset, visible", GRID)
def test_past_event_grid(client, status, offset, visible):
    started = timezone.now() - datetime.timedelta(days=3)
    event = make_event(
        title="Evento pasado de la rejilla",
        status=status,
        publish_at=timezone.now() + offset,
        starts_at=started,
    )
    assert ("Evento pasado de la rejilla" in body(client, "/eventos/pasados/")) is visible
    assert ("Evento pasado de la rejilla" in ics_summaries(client)) is visible
    assert client.get(event.get_absolute_url()).status_code == (200 if visible else 404)


@pytest.mark.parametrize("status, offset, visible", GRID)
def test_document_grid(client, status, offset, visible):
    document = make_document(
        title="Documento de la rejilla", status=status, publish_at=timezone.now() + offset
    )
    assert document.is_published() is visible
    assert client.get(document.get_absolute_url()).status_code == (200 if visible else 404)
    assert ("Documento de la rejilla" in body(client, "/documentos/")) is visible
    entity_page = body(client, document.entity.get_absolute_url())
    assert ("Documento de la rejilla" in entity_page) is visible
    assert (document.get_absolute_url() in sitemap_text(client)) is visible


@pytest.mark.parametrize("status, offset, visible", GRID)
def test_page_grid(client, status, offset, visible):
    parent = make_page(title="Página madre")
    page = make_page(
        title="Página de la rejilla", status=status, publish_at=timezone.now() + offset
    )
    make_page(
        title="Hija de la rejilla", parent=parent, status=status, publish_at=timezone.now() + offset
    )
    assert page.is_published() is visible
    assert client.get(page.get_absolute_url()).status_code == (200 if visible else 404)
    site_map = body(client, "/mapa-del-sitio/")
    assert ("Página de la rejilla" in site_map) is visible
    assert ("Hija de la rejilla" in site_map) is visible
    assert ("Hija de la rejilla" in body(client, parent.get_absolute_url())) is visible
    assert (page.get_absolute_url() in sitemap_text(client)) is visible


@pytest.mark.parametrize("status, offset, visible", GRID)
def test_draft_parent_is_left_out_of_the_breadcrumbs(client, status, offset, visible):
    parent = make_page(
        title="Madre de la rejilla", status=status, publish_at=timezone.now() + offset
    )
    child = make_page(title="Hija publicada", parent=parent)
    assert ("Madre de la rejilla" in body(client, child.get_absolute_url())) is visible


@pytest.mark.parametrize(
    "maker, model, list_url",
    [
        (make_news, NewsItem, "/noticias/"),
        (make_event, Event, "/eventos/"),
        (make_document, Document, "/documentos/"),
        (make_page, Page, "/mapa-del-sitio/"),
    ],
)
def test_scheduled_item_appears_at_its_time_without_any_job(client, maker, model, list_url):
    publish_at = timezone.now() + datetime.timedelta(days=1)
    item = maker(title="Contenido programado", publish_at=publish_at)
    assert item.is_scheduled() is True
    assert "Contenido programado" not in body(client, list_url)
    assert client.get(item.get_absolute_url()).status_code == 404
    with time_machine.travel(publish_at - datetime.timedelta(seconds=1), tick=False):
        assert "Contenido programado" not in body(client, list_url)
    with time_machine.travel(publish_at + datetime.timedelta(seconds=1), tick=False):
        assert "Contenido programado" in body(client, list_url)
        assert client.get(item.get_absolute_url()).status_code == 200
        assert item.get_absolute_url() in sitemap_text(client)
        if model is NewsItem:
            assert "Contenido programado" in body(client, "/noticias/rss/")
        if model is Event:
            assert "Contenido programado" in ics_summaries(client)
