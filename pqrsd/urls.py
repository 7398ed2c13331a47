from django.urls import path

from . import views

app_name = "pqrsd"

urlpatterns = [
    path("", views.file_form, name="file"),
    path("denuncia/", views.file_form, {"denuncia": True}, name="denuncia"),
    path("radicada/<str:token>/", views.confirmation, name="confirmation"),
    path("consulta/", views.track, name="track"),
    path("consulta/<str:radicado>/", views.status, name="status"),
    path("adjuntos/<int:pk>/", views.attachment, name="attachment"),
    path("estadisticas/", views.public_stats, name="stats"),
    path("estadisticas.csv", views.public_stats_csv, name="stats_csv"),
    path("estadisticas.json", views.public_stats_json, name="stats_json"),
]
