"""Read the whole sitemap as a crawler does: the index at /sitemap.xml, then every file."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_files(client):
    """The XML text of every file the sitemap index points at."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    files = []
    for loc in ET.fromstring(index.content).findall("s:sitemap/s:loc", SITEMAP_NS):
        parts = urlsplit(loc.text)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, loc.text
        files.append(response.content)
    return files


def sitemap_text(client):
    """Every sitemap file joined, for "is this URL listed?" checks."""
    return "\n".join(content.decode() for content in sitemap_files(client))


def sitemap_urls(client):
    """{loc: lastmod} over every sitemap file."""
    return {
        node.findtext("s:loc", namespaces=SITEMAP_NS): node.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for content in sitemap_files(client)
        for node in ET.fromstring(content).findall("s:url", SITEMAP_NS)
    }
