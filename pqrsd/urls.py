from django.urls import path

from . import completion_views, data_rights, notification_views, report, views

app_name = "pqrsd"

urlpatterns = [
    path("", views.file_form, name="file"),
    path("denuncia/", views.file_form, {"denuncia": True}, name="denuncia"),
    path("mis-datos/", data_rights.data_rights_form, name="data_rights"),
    path("radicada/<str:token>/", views.confirmation, name="confirmation"),
    path("consulta/", views.track, name="track"),
    path("consulta/<str:radicado>/", views.status, name="status"),
    path("consulta/<str:radicado>/completar/", completion_views.complete, name="completion"),
    path(
        "consulta/<str:radicado>/completar/prorroga/",
        completion_views.extend,
        name="completion_extension",
    ),
    path(
        "consulta/<str:radicado>/notificacion/",
        notification_views.consent,
        name="notification_consent",
    ),
    path(
        "notificacion/<str:token>/",
        notification_views.notification_link,
        name="notification_link",
    ),
    path("adjuntos/<int:pk>/", views.attachment, name="attachment"),
    path("estadisticas/", report.public_stats, name="stats"),
    path("estadisticas.csv", report.public_stats_csv, name="stats_csv"),
    path("estadisticas.json", report.public_stats_json, name="stats_json"),
    path("informes/", report.report, name="report"),
    path("informes/solicitudes/", report.report_requests, name="report_requests"),
    path("informes.csv", report.report_csv, name="report_csv"),
    path("informes-solicitudes.csv", report.report_requests_csv, name="report_requests_csv"),
    path("informes.json", report.report_json, name="report_json"),
    path("informes-solicitudes.json", report.report_requests_json, name="report_requests_json"),
]
