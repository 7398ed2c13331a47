from django.contrib.sitemaps import Sitemap

from .models import MenuItem


class TransparencyMenuSitemap(Sitemap):
    """
    The transparency menu of each entity: its index (the Alcaldía's at /transparencia/) and
    the page of each of its categories.
    """

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        categories = list(
            MenuItem.objects.filter(parent=None)
            .select_related("entity")
            .only("code", "entity__slug", "entity__kind", "entity__order")
            .order_by("entity__order", "entity", "position")
        )
        pages = []
        for category in categories:
            if not pages or pages[-1][0] != category.entity:
                pages.append((category.entity, None))
            pages.append((category.entity, category.code))
        return pages

    def location(self, page):
        entity, code = page
        if code is None:
            return MenuItem.entity_menu_url(entity)
        return MenuItem.category_url(entity, code)
