from django.contrib.sitemaps import Sitemap
from django.urls import reverse


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
            "site_map",
        ]

    def location(self, name):
        return reverse(name)
