from django.urls import path

from . import views

app_name = "datos"

urlpatterns = [
    path("", views.datasets_index, name="index"),
    path("catalogo.jsonld", views.datasets_catalog, name="catalog"),
    path("<slug:slug>/", views.dataset_detail, name="dataset"),
]
