from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from participation.sitemaps import DraftRegulationSitemap, SurveySitemap
from portal.sitemaps import SITEMAPS as PORTAL_SITEMAPS
from portal.sitemaps import sitemap as sitemap_section
from tramites.sitemaps import ProcedureSitemap
from transparency.sitemaps import TransparencyMenuSitemap

admin.site.site_header = "Portal de Puerto Guzmán — administración"
admin.site.site_title = "Administración del portal"
admin.site.index_title = "Contenidos, trámites, PQRSD y GEL-T"

# /sitemap.xml (an index of one file per section): each app adds its own Sitemap classes to
# this dict (section name -> class). The index is Django's view; each section's files come
# from portal.sitemaps.sitemap, which writes their up to 2,000 URLs without a template.
sitemaps = {
    **PORTAL_SITEMAPS,
    "encuestas": SurveySitemap,
    "proyectos-normativos": DraftRegulationSitemap,
    "tramites": ProcedureSitemap,
    "transparencia": TransparencyMenuSitemap,
}

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("tramites/", include("tramites.urls")),
    path("pqrsd/", include("pqrsd.urls")),
    path("transparencia/", include("transparency.urls")),
    path("participa/", include("participation.urls")),
    path("buscar/", include("search.urls")),
    path("gobierno-en-linea/", include("gelt.urls")),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_section,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("portal.urls")),
]
# `make run` (DEBUG) serves uploaded files itself; in production the web server serves /media/.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
