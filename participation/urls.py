from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("encuestas/<slug:slug>/", views.survey_detail, name="survey_detail"),
    path("proyectos/<slug:slug>/", views.draft_detail, name="draft_detail"),
    path("proyectos/<slug:slug>/informe/", views.draft_report, name="draft_report"),
    path("proyectos/<slug:slug>/informe.csv", views.draft_report_csv, name="draft_report_csv"),
]
