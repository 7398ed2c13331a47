from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from participation.sitemaps import DraftRegulationSitemap, SurveySitemap
from portal.sitemaps import (
    DocumentSitemap,
    EntitySitemap,
    EventSitemap,
    NewsSitemap,
    PageSitemap,
)
from tramites.sitemaps import ProcedureSitemap
from transparency.sitemaps import TransparencyMenuSitemap

from . import sede, two_factor, views
from .sitemaps import DatasetSitemap, SectionSitemap

admin.site.site_header = "Portal de Puerto Guzmán — administración"
admin.site.site_title = "Administración del portal"
admin.site.index_title = "Contenidos, trámites, PQRSD y GEL-T"

# /sitemap.xml is an index of one file per section (section name -> each app's Sitemap).
sitemaps = {
    "portal": SectionSitemap,
    "entidades": EntitySitemap,
    "paginas": PageSitemap,
    "noticias": NewsSitemap,
    "eventos": EventSitemap,
    "documentos": DocumentSitemap,
    "encuestas": SurveySitemap,
    "proyectos-normativos": DraftRegulationSitemap,
    "tramites": ProcedureSitemap,
    "transparencia": TransparencyMenuSitemap,
    "datos": DatasetSitemap,
}

urlpatterns = [
    # A staff member's own two-factor enrolment, admin-styled, beside the admin.
    path(f"{settings.ADMIN_URL}doble-factor/", two_factor.enrol, name="staff_two_factor"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", views.home, name="home"),
    path("mapa-del-sitio/", views.site_map, name="site_map"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("tramites/", include("tramites.urls")),
    path("pqrsd/", include("pqrsd.urls")),
    # The sede electrónica checks (guzman_portal.sede), public; before transparency's own URLs.
    path("transparencia/cumplimiento.json", sede.compliance_json, name="sede_compliance"),
    path("transparencia/", include("transparency.urls")),
    path("participa/", include("participation.urls")),
    path("buscar/", include("search.urls")),
    path("gobierno-en-linea/", include("gelt.urls")),
    path("datos/", include("guzman_portal.datos_urls")),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("portal.urls")),
]
# `make run` (DEBUG) serves uploaded files itself; in production the web server serves /media/.
# The pattern is matched against the path without the script prefix (FORCE_SCRIPT_NAME).
urlpatterns += static("/media/", document_root=settings.MEDIA_ROOT)

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
