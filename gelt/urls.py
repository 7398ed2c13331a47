from django.urls import path

from . import views

app_name = "gelt"

urlpatterns = [
    path("", views.public, name="public"),
    path("ita/<slug:slug>/", views.ita_entity, name="ita_entity"),
    path("datos.json", views.data_json, name="data_json"),
]
