"""Sitemaps of the portal's content for crawlers; guzman_portal.urls gathers every app's."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Document, Entity, Event, NewsItem, Page


class ModelSitemap(Sitemap):
    """The objects of `items()`, each at its `get_absolute_url()`, dated by its last change."""

    # Each section is split in files of this many URLs (/sitemap.xml is their index), so one
    # crawler request never renders tens of thousands of entries.
    limit = 250

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PublishedSitemap(ModelSitemap):
    """What citizens see of `model`: its `published()` objects, in a stable order."""

    model = None

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")


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


class EntitySitemap(ModelSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Entity.objects.only("slug", "updated_at").order_by("pk")
