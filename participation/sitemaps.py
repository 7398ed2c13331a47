from portal.sitemaps import PublishedSitemap

from .models import DraftRegulation, Survey


class SurveySitemap(PublishedSitemap):
    model = Survey
    url_name = "participation:survey_detail"
    changefreq = "weekly"


class DraftRegulationSitemap(PublishedSitemap):
    model = DraftRegulation
    url_name = "participation:draft_detail"
    changefreq = "weekly"
