from portal.sitemaps import PublishedSitemap

from .models import DraftRegulation, Survey


class SurveySitemap(PublishedSitemap):
    model = Survey
    changefreq = "weekly"


class DraftRegulationSitemap(PublishedSitemap):
    model = DraftRegulation
    changefreq = "weekly"
