"""The sitemap index and its section files: sections, published content only, queries, errors."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from guzman_portal.urls import sitemaps
from portal.models import NewsItem
from portal.sitemaps import NewsSitemap
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

# Two queries (size and latest change) per section read from the database, and one for the
# entities with a transparency menu; the portal's list pages need none.
INDEX_QUERIES = 17


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_the_index_lists_every_section(client):
    index = client.get("/sitemap.xml").content.decode()
    for section in sitemaps:
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in index, section


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
def test_a_section_file_takes_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, size
):
    bulk_publishables(NewsItem, size)
    with django_assert_num_queries(2):  # the section's size, then its page
        response = client.get("/sitemap-noticias.xml")
    assert response.status_code == 200
    assert response.content.decode().count("<url>") == size


def test_a_section_is_split_in_files_of_250_urls(client):
    # The shipped size keeps each file quick to render; the index lists one entry per file.
    bulk_publishables(NewsItem, 251)
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-noticias.xml?p=2</loc>" in index
    assert "/sitemap-noticias.xml?p=3</loc>" not in index
    assert client.get("/sitemap-noticias.xml").content.decode().count("<url>") == 250
    assert client.get("/sitemap-noticias.xml?p=2").content.decode().count("<url>") == 1


def test_index_gives_each_section_its_latest_change(client):
    make_news()
    latest = make_news()
    make_news(status="draft")  # changed last, but not published
    index = client.get("/sitemap.xml").content.decode()
    assert (
        "<loc>http://testserver/sitemap-noticias.xml</loc>"
        f"<lastmod>{timezone.localtime(latest.updated_at).isoformat()}</lastmod>"
    ) in index


def test_each_section_lists_its_published_content_only(client):
    make_entity()
    published, drafts = [], []
    for make in (make_news, make_event, make_document, make_page, make_procedure, make_draft):
        published.append(make())
        drafts.append(make(status="draft"))
    published.append(make_survey(questions=False))
    call_command("load_transparency_menu", stdout=io.StringIO(), stderr=io.StringIO())
    files = {}
    for section in sitemaps:
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200, section
        assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
        assert b"<url>" in response.content, section
        files[section] = response.content.decode()
    text = "\n".join(files.values())
    for obj in published:
        assert f"<loc>http://testserver{obj.get_absolute_url()}</loc>" in text, obj
    for obj in drafts:
        assert obj.get_absolute_url() not in text, obj


@pytest.mark.parametrize(
    "url", ["/sitemap-noticias.xml?p=2", "/sitemap-noticias.xml?p=0", "/sitemap-noticias.xml?p=x"]
)
def test_pages_past_the_end_or_malformed_are_not_found(client, url):
    make_news()
    assert client.get(url).status_code == 404


def test_an_unknown_section_is_not_found_and_an_empty_one_has_its_first_file(client):
    assert client.get("/sitemap-nada.xml").status_code == 404
    response = client.get("/sitemap-eventos.xml")
    assert response.status_code == 200
    assert b"<urlset" in response.content
    assert b"<url>" not in response.content
