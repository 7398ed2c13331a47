from django.urls import path

from . import views

app_name = "transparency"

# Fixed words come before `<entity_slug>/`, and each entity's pages sit one level below its
# slug, so no entity slug can hide the Alcaldía's category pages or the change log.
urlpatterns = [
    path("", views.menu, name="menu"),
    path("registro-de-cambios/", views.change_log, name="change_log"),
    path("categoria/<str:code>/", views.category, name="category"),
    path("cobertura.csv", views.coverage_csv, name="coverage_csv"),
    path("cobertura.json", views.coverage_json, name="coverage_json"),
    path(
        "<slug:entity_slug>/instrumentos/<slug:instrument>.csv",
        views.instrument_csv,
        name="instrument_csv",
    ),
    path(
        "<slug:entity_slug>/instrumentos/<slug:instrument>.json",
        views.instrument_json,
        name="instrument_json",
    ),
    path("<slug:entity_slug>/", views.menu, name="entity_menu"),
    path("<slug:entity_slug>/categoria/<str:code>/", views.category, name="entity_category"),
]
