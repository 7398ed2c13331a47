from django.contrib.sitemaps import Sitemap

from .models import Procedure


class ProcedureSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Procedure.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, procedure):
        return procedure.updated_at
