from portal.sitemaps import PublishedSitemap

from .models import Procedure


class ProcedureSitemap(PublishedSitemap):
    model = Procedure
    url_name = "tramites:detail"
    changefreq = "monthly"
    priority = 0.8

    def queryset(self):
        return super().queryset().order_by("pk")
