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
            "portal:contractors",
            "datos:index",
            "site_map",
        ]

    def location(self, name):
        return reverse(name)


class DatasetSitemap(Sitemap):
    """
    A page per open dataset (/datos/<ruta>/), from the registry, without a query. The 7.1
    instruments of each entity are left out: they are listed on /datos/ only once the entity
    has filled them in, and their content is already in the transparency section.
    """

    changefreq = "daily"

    def items(self):
        return [dataset for dataset in DATASETS if not dataset.per_entity]
