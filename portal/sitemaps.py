"""
Sitemaps for crawlers: one per content model, each listing only `published()` objects.

/sitemap.xml is Django's index view; `sitemap` below serves each section's files. A section
file holds up to 2,000 URLs, so both are written to stay cheap whatever the data size:
`SlugSitemap` reads two columns per object and reverses its detail URL once per file, the
index gets each section's size and latest change from one aggregate query, and the XML is
written directly instead of through a template loop over 2,000 entries.
"""

import datetime
from html import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date

from .links import around_slug
from .models import Document, Entity, Event, NewsItem, Page


class SlugSitemap(Sitemap):
    """
    Objects listed as `(slug, updated_at)` rows of `queryset()`, each at `url_name`'s URL.

    `url_name` must be a view whose only argument is the slug, as `get_absolute_url()` uses.
    """

    url_name = None
    # Plain attributes here, not methods: `_urls` reads them once per file.
    changefreq = None
    priority = None
    # /sitemap.xml is an index; each section is split in files of this many URLs, so one
    # crawler request never renders tens of thousands of rows.
    limit = 2000

    def queryset(self):
        raise NotImplementedError

    def items(self):
        return self.queryset().values_list("slug", "updated_at")

    def lastmod(self, item):
        return item[1]

    @cached_property
    def _summary(self):
        return self.queryset().aggregate(count=Count("pk"), latest=Max("updated_at"))

    def get_latest_lastmod(self):
        return self._summary["latest"]

    @property
    def paginator(self):
        # The index's page count, from the query that already found the latest change.
        paginator = super().paginator
        paginator.count = self._summary["count"]
        return paginator

    def _urls(self, page, protocol, domain):
        # Django's `_urls`, with the same page errors as its Paginator but no COUNT query: a
        # page past the end is simply empty.
        try:
            number = int(page)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        bottom = (number - 1) * self.limit
        rows = list(self.items()[bottom : bottom + self.limit])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        prefix, suffix = around_slug(self.url_name)
        base = f"{protocol}://{domain}{prefix}"
        changefreq = self.changefreq
        priority = str(self.priority if self.priority is not None else "")
        urls = [
            {
                "item": row,
                "location": f"{base}{row[0]}{suffix}",
                "lastmod": row[1],
                "changefreq": changefreq,
                "priority": priority,
                "alternates": [],
            }
            for row in rows
        ]
        if rows:
            self.latest_lastmod = max(row[1] for row in rows)
        return urls


class PublishedSitemap(SlugSitemap):
    model = None

    def queryset(self):
        return self.model.objects.published()


class NewsSitemap(PublishedSitemap):
    model = NewsItem
    url_name = "portal:news_detail"
    changefreq = "weekly"


class EventSitemap(PublishedSitemap):
    model = Event
    url_name = "portal:event_detail"
    changefreq = "weekly"


class DocumentSitemap(PublishedSitemap):
    model = Document
    url_name = "portal:document_detail"
    changefreq = "monthly"


class PageSitemap(PublishedSitemap):
    model = Page
    url_name = "portal:page_detail"
    changefreq = "monthly"
    priority = 0.7


class EntitySitemap(SlugSitemap):
    url_name = "portal:entity_detail"
    changefreq = "monthly"
    priority = 0.8

    def queryset(self):
        return Entity.objects.all()


class SectionSitemap(Sitemap):
    """The portal's own list pages."""

    changefreq = "daily"

    def items(self):
        return [
            "portal:home",
            "portal:news_list",
            "portal:event_list",
            "portal:document_list",
            "portal:directory",
            "portal:site_map",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "portal": SectionSitemap,
    "entidades": EntitySitemap,
    "paginas": PageSitemap,
    "noticias": NewsSitemap,
    "eventos": EventSitemap,
    "documentos": DocumentSitemap,
}

URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_END = "\n</urlset>\n"


@x_robots_tag
def sitemap(request, sitemaps, section):
    """
    One file of a section: Django's `sitemap` view, writing the same XML as its template.
    """
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    site = sitemaps[section]
    if callable(site):
        site = site()
    page = request.GET.get("p", 1)
    try:
        urls = site.get_urls(page=page, site=get_current_site(request), protocol=request.scheme)
    except EmptyPage:
        raise Http404(f"Page {page} empty") from None
    except PageNotAnInteger:
        raise Http404(f"No page '{page}'") from None
    latest = getattr(site, "latest_lastmod", None)
    headers = {"Last-Modified": http_date(_timestamp(latest))} if latest else None
    return HttpResponse(_urlset(urls), content_type="application/xml", headers=headers)


def _urlset(urls) -> str:
    """The document Django's sitemap.xml template writes (with {% spaceless %}) for `urls`."""
    tz = timezone.get_current_timezone() if settings.USE_TZ else None
    # changefreq and priority repeat on every URL, so each value is escaped once.
    tags = {}

    def tag(name, value):
        if (name, value) not in tags:
            tags[name, value] = f"<{name}>{escape(str(value))}</{name}>" if value else ""
        return tags[name, value]

    parts = [URLSET_START]
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url["lastmod"]:
            parts.append(f"<lastmod>{_w3c_date(url['lastmod'], tz)}</lastmod>")
        parts.append(tag("changefreq", url["changefreq"]))
        parts.append(tag("priority", url["priority"]))
        for alternate in url["alternates"]:
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    parts.append(URLSET_END)
    return "".join(parts)


def _w3c_date(value, tz) -> str:
    """`value|date:"Y-m-d"`: the local date of an aware datetime (`tz` None: as stored)."""
    if isinstance(value, datetime.datetime):
        if tz is not None and value.utcoffset() is not None:
            value = value.astimezone(tz)
        value = value.date()
    return value.isoformat()


def _timestamp(value) -> float:
    """A lastmod (date, naive or aware datetime) as a POSIX timestamp, as Django reads it."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value.timestamp()
