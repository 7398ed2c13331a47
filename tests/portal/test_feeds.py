"""RSS, the ICS calendar and the XML sitemap."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.utils import timezone

from portal import views
from portal.models import Entity, Event, NewsItem
from tests.sitemaps import sitemap_urls

from .factories import bulk_publishables, make_entity, make_event, make_news, make_page

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_rss_lists_the_latest_twenty_published_news(client):
    bulk_publishables(NewsItem, 25)
    newest = make_news(title="Noticia más reciente", summary="Resumen para el lector de RSS.")
    response = client.get("/noticias/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Noticias del municipio de Puerto Guzmán"
    assert channel.findtext("language") == "es-co"
    items = channel.findall("item")
    assert len(items) == 20
    assert items[0].findtext("title") == "Noticia más reciente"
    assert items[0].findtext("description") == "Resumen para el lector de RSS."
    assert items[0].findtext("link") == f"http://testserver{newest.get_absolute_url()}"
    assert items[0].findtext("pubDate")


def test_ics_calendar_parses_back_with_the_event_data(client):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=4)
    event = make_event(
        title="Cabildo abierto de presupuesto",
        summary="Presentación del presupuesto.",
        location="Coliseo municipal",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    make_event(title="Sin hora de fin")
    response = client.get("/eventos/calendario.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Eventos de Puerto Guzmán"
    entries = {str(entry["SUMMARY"]): entry for entry in calendar.walk("VEVENT")}
    assert set(entries) == {"Cabildo abierto de presupuesto", "Sin hora de fin"}
    entry = entries["Cabildo abierto de presupuesto"]
    assert entry.decoded("DTSTART") == starts
    assert entry.decoded("DTEND") == starts + datetime.timedelta(hours=2)
    assert str(entry["LOCATION"]) == "Coliseo municipal"
    assert str(entry["URL"]) == f"http://testserver{event.get_absolute_url()}"
    assert str(entry["UID"]) == f"evento-{event.pk}@www.puertoguzman-putumayo.gov.co"
    assert "DTEND" not in entries["Sin hora de fin"]


def test_ics_leaves_out_events_older_than_a_year(client):
    make_event(title="Evento antiguo", starts_at=timezone.now() - datetime.timedelta(days=400))
    calendar = icalendar.Calendar.from_ical(client.get("/eventos/calendario.ics").content)
    assert calendar.walk("VEVENT") == []


def test_ics_limit_keeps_coming_events_before_past_ones(client, monkeypatch):
    monkeypatch.setattr(views, "ICS_MAX_EVENTS", 3)
    now = timezone.now()
    for days in (-20, -2, 1, 5, 40):
        make_event(title=f"Evento {days:+d}", starts_at=now + datetime.timedelta(days=days))
    make_event(
        title="En curso",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    calendar = icalendar.Calendar.from_ical(client.get("/eventos/calendario.ics").content)
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {
        "En curso",
        "Evento +1",
        "Evento +5",
    }
    monkeypatch.setattr(views, "ICS_MAX_EVENTS", 5)
    calendar = icalendar.Calendar.from_ical(client.get("/eventos/calendario.ics").content)
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries == {"En curso", "Evento +1", "Evento +5", "Evento +40", "Evento -2"}


def test_sitemap_lists_sections_entities_and_published_content(client):
    entity = make_entity()
    make_entity(Entity.Kind.CONCEJO)
    news = make_news()
    page = make_page()
    event = make_event()
    urls = sitemap_urls(client)
    base = "http://testserver"
    for path in (
        "/",
        "/noticias/",
        "/eventos/",
        "/documentos/",
        "/directorio/",
        "/mapa-del-sitio/",
    ):
        assert base + path in urls
    for obj in (entity, news, page, event):
        assert urls[base + obj.get_absolute_url()] == timezone.localdate(obj.updated_at).isoformat()
    assert base + "/entidades/concejo/" in urls


def test_other_apps_can_add_sections_to_the_sitemap():
    from django.urls import resolve

    from guzman_portal import urls

    match = resolve("/sitemap.xml")
    assert match.kwargs["sitemaps"] is urls.sitemaps
    assert {"noticias", "eventos", "documentos", "paginas", "entidades"} <= set(urls.sitemaps)


def test_event_queryset_splits_upcoming_and_past():
    now = timezone.now()
    running = make_event(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    over = make_event(
        starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=1)
    )
    no_end = make_event(starts_at=now - datetime.timedelta(minutes=1))
    assert set(Event.objects.upcoming()) == {running}
    assert set(Event.objects.past()) == {over, no_end}


def test_sitemap_is_an_index_whose_sections_are_split_in_files(client, monkeypatch):
    from portal.sitemaps import NewsSitemap

    monkeypatch.setattr(NewsSitemap, "limit", 2)
    news = [make_news() for _ in range(5)]
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    assert "/sitemap-noticias.xml?p=3</loc>" in index  # 5 news in files of 2
    urls = sitemap_urls(client)
    assert all(f"http://testserver{item.get_absolute_url()}" in urls for item in news)
