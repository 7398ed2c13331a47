from django.contrib.sitemaps import Sitemap

from .models import DraftRegulation, Survey


class SurveySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Survey.objects.published()

    def lastmod(self, obj):
        return obj.updated_at


class DraftRegulationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return DraftRegulation.objects.published()

    def lastmod(self, obj):
        return obj.updated_at
