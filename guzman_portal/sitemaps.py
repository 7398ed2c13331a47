from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .datasets import DATASETS


class SectionSitemap(Sitemap):
    """The home page, the site map and the portal's list pages."""

    changefreq = "daily"

    def items(self):
        return [
            "home",
            "portal:news_list",
            "portal:event_list",
            "portal:document_list",
            "portal:directory",
            "datos:index",
            "site_map",
        ]

    def location(self, name):
        return reverse(name)


class DatasetSitemap(Sitemap):
    """A page per open dataset (/datos/<ruta>/), from the registry: no query."""

    changefreq = "daily"

    def items(self):
        return DATASETS
