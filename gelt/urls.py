from django.urls import path

from . import views

app_name = "gelt"

urlpatterns = [
    path("", views.public, name="public"),
    path("datos.json", views.data_json, name="data_json"),
]
