"""The sitemap index and its section files: queries, the XML Django writes, page errors."""

import io

import pytest
from django.contrib.sitemaps import views as django_views
from django.core.management import call_command
from django.utils import timezone

from guzman_portal.urls import sitemaps
from portal.models import Entity, NewsItem
from portal.sitemaps import NewsSitemap, sitemap
from tests.participation.factories import make_draft, make_survey
from tests.tramites.factories import make_procedure

from .factories import (
    bulk_publishables,
    make_document,
    make_entity,
    make_event,
    make_news,
    make_page,
)

pytestmark = pytest.mark.django_db

# One query (size and latest change) per section read from the database, and one for the
# entities with a transparency menu; the portal's list pages need none.
INDEX_QUERIES = 9


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.parametrize("size", [3, 30])
def test_index_queries_do_not_grow_with_the_content(
    client, django_assert_num_queries, monkeypatch, size
):
    monkeypatch.setattr(NewsSitemap, "limit", 2)
    bulk_publishables(NewsItem, size)
    with django_assert_num_queries(INDEX_QUERIES):
        index = client.get("/sitemap.xml").content.decode()
    last_page = (size + 1) // 2
    assert f"/sitemap-noticias.xml?p={last_page}</loc>" in index
    assert f"/sitemap-noticias.xml?p={last_page + 1}</loc>" not in index


@pytest.mark.parametrize("size", [3, 30])
def test_a_section_file_is_one_query(client, django_assert_num_queries, size):
    bulk_publishables(NewsItem, size)
    with django_assert_num_queries(1):
        response = client.get("/sitemap-noticias.xml")
    assert response.status_code == 200
    assert response.content.decode().count("<url>") == size


def test_index_gives_each_section_its_latest_change(client):
    make_news()
    latest = make_news()
    make_news(status="draft")  # changed last, but not published
    index = client.get("/sitemap.xml").content.decode()
    assert (
        "<loc>http://testserver/sitemap-noticias.xml</loc>"
        f"<lastmod>{timezone.localtime(latest.updated_at).isoformat()}</lastmod>"
    ) in index


def test_section_files_are_what_djangos_view_and_template_write(rf):
    make_entity(Entity.Kind.CONCEJO)
    for make in (make_news, make_event, make_document, make_page, make_procedure, make_draft):
        make()
    make_survey(questions=False)
    call_command("load_transparency_menu", stdout=io.StringIO(), stderr=io.StringIO())
    for section in sitemaps:
        request = rf.get(f"/sitemap-{section}.xml")
        ours = sitemap(request, sitemaps=sitemaps, section=section)
        theirs = django_views.sitemap(request, sitemaps=sitemaps, section=section).render()
        assert ours.content == theirs.content, section
        assert ours["Content-Type"] == theirs["Content-Type"]
        assert ours.get("Last-Modified") == theirs.get("Last-Modified"), section
        assert ours["X-Robots-Tag"] == theirs["X-Robots-Tag"]
        assert b"<url>" in ours.content, section


@pytest.mark.parametrize(
    "url", ["/sitemap-noticias.xml?p=2", "/sitemap-noticias.xml?p=0", "/sitemap-noticias.xml?p=x"]
)
def test_pages_past_the_end_or_malformed_are_not_found(client, url):
    make_news()
    assert client.get(url).status_code == 404


def test_an_unknown_section_is_not_found_and_an_empty_one_has_its_first_file(client, rf):
    assert client.get("/sitemap-nada.xml").status_code == 404
    response = client.get("/sitemap-eventos.xml")
    assert response.status_code == 200
    assert b"<url>" not in response.content
    request = rf.get("/sitemap-eventos.xml")
    theirs = django_views.sitemap(request, sitemaps=sitemaps, section="eventos").render()
    assert response.content == theirs.content
