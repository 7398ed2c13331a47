"""
The whole portal under GOV.CO's path prefix (https://www.gov.co/puertoguzman/...).

With FORCE_SCRIPT_NAME=/puertoguzman and the forwarded host, a crawler starts at the home page
and the site map, follows every internal link, stylesheet, script, image and form, and checks
that each one carries the prefix, answers 200 or a redirect that stays under it, and never 500.
"""

import io
import re
import xml.etree.ElementTree as ET
from collections import deque
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import set_script_prefix

from portal.views import server_error
from tests.test_urls import SETUP_COMMANDS

PREFIX = "/puertoguzman/"
HOST = "www.gov.co"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# GOV.CO's own pages, linked from the top bar and the footer, share the host with the portal.
GOVCO_PAGES = ("/home/", "/tramites-y-servicios/")
# The crawl stops after this many URLs (pagination and filters make the site endless).
MAX_URLS = 700
# Links to this host that are not pages to follow.
NOT_FOLLOWED = re.compile(r"^(mailto:|tel:|javascript:|data:|#)")


class Links(HTMLParser):
    """Every URL a page points at: links, assets, form actions."""

    ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}
    ATTRS |= {"source": "src", "iframe": "src"}

    def __init__(self):
        super().__init__()
        self.urls = []
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = self.ATTRS.get(tag)
        if name and attrs.get(name) is not None:
            self.urls.append(attrs[name])
        if tag == "form":
            self.forms.append(attrs.get("action"))
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


@pytest.fixture
def prefixed(settings):
    """The portal as GOV.CO's proxy presents it: under /puertoguzman/ on www.gov.co."""
    settings.FORCE_SCRIPT_NAME = PREFIX.rstrip("/")
    settings.STATIC_URL = f"{PREFIX}static/"  # as settings.py derives them from the prefix
    settings.MEDIA_URL = f"{PREFIX}media/"
    settings.USE_X_FORWARDED_HOST = True
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    # The WSGI handler sets the prefix on every request; Django's test client does not.
    set_script_prefix(PREFIX)
    yield Client(SCRIPT_NAME=PREFIX.rstrip("/"), HTTP_X_FORWARDED_HOST=HOST)
    set_script_prefix("/")


def _is_ours(url):
    """Links to this portal; GOV.CO's own pages on the same host are other sites."""
    parts = urlsplit(url)
    if parts.netloc == HOST and parts.path.startswith(GOVCO_PAGES):
        return False
    return not parts.scheme or parts.netloc in (HOST, "testserver")


@pytest.mark.django_db
def test_the_whole_site_works_under_the_prefix(prefixed):
    for command in SETUP_COMMANDS:
        call_command(command, stdout=io.StringIO())
    client = prefixed
    problems, seen = [], set()
    queue = deque([(PREFIX, "inicio")])

    # The site map's every URL, starting from its index.
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    for loc in ET.fromstring(index.content).findall("s:sitemap/s:loc", SITEMAP_NS):
        assert loc.text.startswith(f"http://{HOST}{PREFIX}"), loc.text
        section = client.get(urlsplit(loc.text).path.removeprefix(PREFIX.rstrip("/")))
        assert section.status_code == 200, loc.text
        for url in ET.fromstring(section.content).findall("s:url/s:loc", SITEMAP_NS):
            assert url.text.startswith(f"http://{HOST}{PREFIX}"), url.text
            queue.append((urlsplit(url.text).path, "sitemap.xml"))

    while queue and len(seen) < MAX_URLS:
        url, found_on = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        if not parts.path.startswith(PREFIX):
            problems.append(f"{url} (en {found_on}) se sale del prefijo")
            continue
        path = parts.path.removeprefix(PREFIX.rstrip("/"))
        if path.startswith("/media/"):
            # Uploaded files are served by nginx, not Django: the file must be there.
            name = unquote(path.removeprefix("/media/"))
            if not default_storage.exists(name):
                problems.append(f"{url} (en {found_on}): no existe el archivo {name}")
            continue
        response = client.get(path, query_params=_query(parts.query))
        if response.status_code in (301, 302, 303, 307, 308):
            target = urljoin(url, response["Location"])
            if _is_ours(target):
                queue.append((urlsplit(target).path + _q(target), url))
            continue
        if response.status_code != 200:
            problems.append(f"{url} (en {found_on}) responde {response.status_code}")
            continue
        content_type = response.get("Content-Type", "")
        body = b"".join(response) if response.streaming else response.content
        if content_type.startswith("text/html"):
            links = Links()
            links.feed(body.decode())
            for href in links.urls:
                if NOT_FOLLOWED.match(href) or not _is_ours(urljoin(url, href)):
                    continue
                target = urljoin(url, href)
                target_parts = urlsplit(target)
                if not target_parts.path.startswith(PREFIX):
                    problems.append(f"{href} (en {url}) se sale del prefijo")
                    continue
                if "/admin/" in target_parts.path:
                    continue
                queue.append((target_parts.path + _q(target), url))
        elif "xml" in content_type or "calendar" in content_type:
            # Feeds and calendars: every absolute link to this site carries the prefix.
            for link in re.findall(rb"https?://[^\s<\"']+", body):
                link = link.decode()
                if urlsplit(link).netloc == HOST and not urlsplit(link).path.startswith(PREFIX):
                    problems.append(f"{link} (en {url}) se sale del prefijo")

    assert not problems, "\n".join(problems[:50])
    visited = " ".join(sorted(seen))
    # The crawl reached every kind of page and file.
    for expected in (
        "/puertoguzman/static/",
        "/puertoguzman/tramites/",
        "/puertoguzman/pqrsd/",
        "/puertoguzman/transparencia/",
        "/puertoguzman/participa/",
        "/puertoguzman/noticias/",
        "/puertoguzman/mapa-del-sitio/",
    ):
        assert expected in visited, expected
    assert len(seen) > 100


def _query(query):
    from urllib.parse import parse_qs

    return parse_qs(query, keep_blank_values=True)


def _q(url):
    query = urlsplit(url).query
    return f"?{query}" if query else ""


@pytest.mark.django_db
def test_redirects_robots_and_feeds_keep_the_prefix(prefixed):
    call_command("load_institution", stdout=io.StringIO())
    client = prefixed
    # A URL without its final slash is redirected inside the prefix.
    response = client.get("/tramites")
    assert response.status_code == 301
    assert response["Location"] == f"{PREFIX}tramites/"
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: http://{HOST}{PREFIX}sitemap.xml" in robots
    assert "admin" not in robots
    assert f"Disallow: {PREFIX}buscar/" in robots
    home = client.get("/").content.decode()
    assert f'href="{PREFIX}static/css/site.css"' in home
    assert f'action="{PREFIX}buscar/"' in home
    # The error page is rendered without the database, context processors or static files
    # (it is self-contained), and still links home under the prefix.
    error_page = server_error(RequestFactory().get("/")).content.decode()
    assert f'<a href="{PREFIX}">Volver al inicio</a>' in error_page
    assert not re.search(r'(href|src)="/(?!puertoguzman/)', error_page)
    feed = client.get("/noticias/rss/")
    assert feed.status_code == 200
    assert f"<link>http://{HOST}{PREFIX}" in feed.content.decode()


@pytest.mark.django_db
def test_cookies_are_kept_to_the_prefix(settings):
    # settings.py derives them from FORCE_SCRIPT_NAME; checked on a fresh import of the module.
    import importlib
    import os

    from guzman_portal import settings as project_settings

    os.environ["FORCE_SCRIPT_NAME"] = "/puertoguzman/"
    try:
        fresh = importlib.reload(project_settings)
        assert fresh.FORCE_SCRIPT_NAME == "/puertoguzman"
        assert fresh.SESSION_COOKIE_PATH == "/puertoguzman/"
        assert fresh.STATIC_URL == "/puertoguzman/static/"
        assert fresh.MEDIA_URL == "/puertoguzman/media/"
    finally:
        del os.environ["FORCE_SCRIPT_NAME"]
        importlib.reload(project_settings)
    assert project_settings.FORCE_SCRIPT_NAME is None
    assert project_settings.SESSION_COOKIE_PATH == "/"
    assert project_settings.STATIC_URL == "/static/"
