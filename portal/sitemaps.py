"""Sitemaps for crawlers: one per content model, each listing only `published()` objects."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Document, Entity, Event, NewsItem, Page


class PublishedSitemap(Sitemap):
    model = None
    # /sitemap.xml is an index; each section is split in files of this many URLs, so one
    # crawler request never renders tens of thousands of rows.
    limit = 2000

    def items(self):
        return self.model.objects.published().only("slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


class NewsSitemap(PublishedSitemap):
    model = NewsItem
    changefreq = "weekly"


class EventSitemap(PublishedSitemap):
    model = Event
    changefreq = "weekly"


class DocumentSitemap(PublishedSitemap):
    model = Document
    changefreq = "monthly"


class PageSitemap(PublishedSitemap):
    model = Page
    changefreq = "monthly"
    priority = 0.7


class EntitySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Entity.objects.only("slug", "updated_at")

    def lastmod(self, entity):
        return entity.updated_at


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
