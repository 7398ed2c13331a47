from django.urls import path

from . import views

app_name = "tramites"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("datos.csv", views.export_csv, name="export_csv"),
    path("datos.json", views.export_json, name="export_json"),
    path("<slug:slug>/", views.detail, name="detail"),
]
