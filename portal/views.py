"""Public pages of the portal. Citizens see only what `published()` returns."""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import get_script_prefix
from django.utils import timezone
from django.views.generic import DetailView, ListView

from . import opendata
from .admin import never_cache_preview, previewable
from .forms import DocumentFilterForm
from .models import Document, Event, Municipality, NewsItem, Page

ICS_PAST_DAYS = 365
# Calendar programs re-read the whole file every few hours. The next 40 events (and recent
# ones when fewer are coming) are months of a municipality's agenda, and keep the file small
# and quick to build.
ICS_MAX_EVENTS = 40


def newest_update(objects):
    """The latest `updated_at` among objects already loaded (no query), or None."""
    return max((obj.updated_at for obj in objects), default=None)


class PublishedListMixin:
    """A paginated list of published objects; a bad `?page=` shows the nearest valid page."""

    paginate_by = 10

    def get_queryset(self):
        return self.model.objects.published().select_related("entity")

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["last_updated"] = newest_update(context["object_list"])
        return context


class PublishedDetailMixin:
    """One object by slug: published, or a preview for the staff who edit it (`previewable`)."""

    def get_queryset(self):
        return previewable(self.request, self.model).select_related("entity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["last_updated"] = self.object.updated_at
        context["is_preview"] = not self.object.is_published()
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return never_cache_preview(response, self.object)


class NewsListView(PublishedListMixin, ListView):
    model = NewsItem
    template_name = "portal/news_list.html"


class NewsDetailView(PublishedDetailMixin, DetailView):
    model = NewsItem
    template_name = "portal/news_detail.html"
    context_object_name = "item"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["other_news"] = NewsItem.objects.published().exclude(pk=self.object.pk)[:3]
        return context


class EventListView(PublishedListMixin, ListView):
    """Upcoming events, soonest first; `past=True` lists the ones already over."""

    model = Event
    template_name = "portal/event_list.html"
    past = False

    def get_queryset(self):
        events = super().get_queryset()
        return events.past() if self.past else events.upcoming()

    def get_context_data(self, **kwargs):
        return super().get_context_data(past=self.past, **kwargs)


class EventDetailView(PublishedDetailMixin, DetailView):
    model = Event
    template_name = "portal/event_detail.html"


def ics_calendar(request, name):
    """An empty iCalendar of the municipality, and the host its events' UIDs end with."""
    municipality = Municipality.current()
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Municipio de {municipality.name}//Portal municipal//ES")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name or f"Eventos de {municipality.name}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar, urlsplit(municipality.website).hostname or request.get_host()


def ics_event(request, event, host):
    """One event as an iCalendar VEVENT; its UID stays the same in every file."""
    entry = icalendar.Event()
    entry.add("uid", f"evento-{event.pk}@{host}")
    entry.add("dtstamp", event.updated_at)
    entry.add("dtstart", event.starts_at)
    if event.ends_at:
        entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("description", event.summary)
    entry.add("location", event.location)
    entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
    return entry


def ics_response(calendar, disposition):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = disposition
    return response


def events_ics(request):
    """The calendar of published events (upcoming, then recent) for calendar programs."""
    since = timezone.now() - datetime.timedelta(days=ICS_PAST_DAYS)
    events = Event.objects.published().filter(starts_at__gte=since).upcoming_then_recent()
    calendar, host = ics_calendar(request, None)
    for event in events[:ICS_MAX_EVENTS]:
        calendar.add_component(ics_event(request, event, host))
    return ics_response(calendar, 'inline; filename="calendario.ics"')


def event_ics(request, slug):
    """One published event as an .ics file, to add it alone to a calendar; 404 otherwise."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    calendar, host = ics_calendar(request, event.title)
    calendar.add_component(ics_event(request, event, host))
    # A download: a phone opens it in its calendar program, which offers to add the event.
    return ics_response(calendar, f'attachment; filename="{event.slug}.ics"')


def _published_events():
    return Event.objects.published().order_by("starts_at", "pk")


def events_csv(request):
    """Every published event as open data (CSV); columns in opendata.EVENT_COLUMNS."""
    rows = opendata.records(_published_events(), opendata.EVENT_COLUMNS, request.build_absolute_uri)
    return opendata.csv_response(rows, opendata.EVENT_COLUMNS, "eventos-puerto-guzman.csv")


def events_json(request):
    rows = opendata.records(_published_events(), opendata.EVENT_COLUMNS, request.build_absolute_uri)
    description = "Eventos publicados por las entidades del municipio, pasados y próximos."
    return opendata.json_response(rows, key="eventos", description=description)


class DocumentListView(PublishedListMixin, ListView):
    model = Document
    template_name = "portal/document_list.html"
    paginate_by = 20

    def get_queryset(self):
        self.form = DocumentFilterForm(self.request.GET)
        return self.form.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class DocumentDetailView(PublishedDetailMixin, DetailView):
    model = Document
    template_name = "portal/document_detail.html"


class PageDetailView(PublishedDetailMixin, DetailView):
    model = Page
    template_name = "portal/page_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent__parent__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ancestors"] = [page for page in self.object.ancestors() if page.is_published()]
        context["children"] = self.object.children.published()
        return context


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors, no database and no session (the CSRF token lives there): any of
    # them may be what failed. The script prefix is a plain string set for this request.
    page = loader.get_template("500.html").render({"home": get_script_prefix()})
    return HttpResponseServerError(page)
