from django.contrib.sitemaps import Sitemap

from portal.models import Entity

from .models import MenuItem


class TransparencyMenuSitemap(Sitemap):
    """The transparency menu of each entity (Alcaldía at /transparencia/)."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return list(
            Entity.objects.filter(transparency_items__isnull=False).distinct().only("slug", "kind")
        )

    def location(self, entity):
        return MenuItem.entity_menu_url(entity)
