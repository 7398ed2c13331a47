from django.urls import path

from . import views

app_name = "transparency"

urlpatterns = [
    path("", views.menu, name="menu"),
    path("registro-de-cambios/", views.change_log, name="change_log"),
    path("<slug:entity_slug>/", views.menu, name="entity_menu"),
]
