"""The pages that gather every app: the home page, the human site map and robots.txt."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from portal.models import Entity, Event, NewsItem, Page
from portal.views import newest_update


def home(request):
    latest_news = list(NewsItem.objects.published().select_related("entity")[:4])
    upcoming_events = list(Event.objects.published().upcoming()[:4])
    context = {
        "latest_news": latest_news,
        "upcoming_events": upcoming_events,
        "entities": Entity.objects.all(),
        "last_updated": newest_update(latest_news + upcoming_events),
    }
    return render(request, "home.html", context)


def site_map(request):
    """Every section, every entity and the published pages two levels deep."""
    published = Page.objects.published().only("title", "slug", "parent", "updated_at")
    children = {}
    for page in published:
        children.setdefault(page.parent_id, []).append(page)
    pages = children.get(None, [])
    for page in pages:
        page.published_children = children.get(page.pk, [])
    entities = list(Entity.objects.all())
    context = {
        "entities": entities,
        "pages": pages,
        "last_updated": newest_update(pages + entities),
    }
    return render(request, "site_map.html", context)


def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL.lstrip('/')}",
        # Search results are endless combinations of the same content.
        f"Disallow: {reverse('search:results')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
