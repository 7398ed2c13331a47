from portal.sitemaps import PublishedSitemap

from .models import Procedure


class ProcedureSitemap(PublishedSitemap):
    model = Procedure
    changefreq = "monthly"
    priority = 0.8
