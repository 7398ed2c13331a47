from django.urls import path

from . import directory_views, views
from .feeds import NewsFeed

app_name = "portal"

urlpatterns = [
    path("noticias/", views.NewsListView.as_view(), name="news_list"),
    path("noticias/rss/", NewsFeed(), name="news_feed"),
    path("noticias/<slug:slug>/", views.NewsDetailView.as_view(), name="news_detail"),
    path("eventos/", views.EventListView.as_view(), name="event_list"),
    path("eventos/pasados/", views.EventListView.as_view(past=True), name="event_past"),
    path("eventos/calendario.ics", views.events_ics, name="event_calendar"),
    path("eventos/datos.csv", views.events_csv, name="event_csv"),
    path("eventos/datos.json", views.events_json, name="event_json"),
    path("eventos/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("eventos/<slug:slug>/evento.ics", views.event_ics, name="event_ics"),
    path("documentos/", views.DocumentListView.as_view(), name="document_list"),
    path("documentos/<slug:slug>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("entidades/<slug:slug>/", directory_views.entity_detail, name="entity_detail"),
    path("entidades/<slug:slug>/organigrama/", directory_views.organigram, name="organigram"),
    path("directorio/", directory_views.directory, name="directory"),
    path("directorio/datos.csv", directory_views.directory_csv, name="directory_csv"),
    path("directorio/datos.json", directory_views.directory_json, name="directory_json"),
    path("directorio/contratistas/", directory_views.contractors, name="contractors"),
    path(
        "directorio/contratistas/datos.csv",
        directory_views.contractors_csv,
        name="contractors_csv",
    ),
    path(
        "directorio/contratistas/datos.json",
        directory_views.contractors_json,
        name="contractors_json",
    ),
    path("paginas/<slug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
]
