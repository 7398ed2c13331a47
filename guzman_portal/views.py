"""The pages that gather every app: the home page, the human site map and robots.txt."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from portal.models import Entity, Event, Municipality, NewsItem, Page
from portal.views import newest_update

from . import datasets


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


def datasets_index(request):
    """/datos/: every dataset the portal publishes, from the one registry."""
    items = datasets.listings()
    context = {
        "items": items,
        "license_name": datasets.LICENSE_NAME,
        "license_url": datasets.LICENSE_URL,
        "last_updated": max((item.modified for item in items if item.modified), default=None),
    }
    return render(request, "datos/index.html", context)


def dataset_detail(request, slug):
    """A dataset's metadata, files and data dictionary, with its schema.org Dataset."""
    dataset = datasets.BY_SLUG.get(slug)
    listed = datasets.listings([dataset]) if dataset else []
    if not listed:
        raise Http404("No existe ese conjunto de datos.")
    [item] = listed
    absolute = request.build_absolute_uri
    context = {
        "item": item,
        "dataset": dataset,
        "license_name": datasets.LICENSE_NAME,
        "license_url": datasets.LICENSE_URL,
        "json_ld": datasets.schema_dataset(item, absolute, Municipality.current()),
        "last_updated": None if dataset.dated else item.modified,
    }
    return render(request, "datos/dataset.html", context)


def datasets_catalog(request):
    """The catalogue in DCAT, as JSON-LD, for datos.gov.co and CKAN harvesters."""
    data = datasets.dcat_catalog(
        datasets.listings(), request.build_absolute_uri, Municipality.current()
    )
    return JsonResponse(
        data,
        content_type="application/ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        # The admin's path is not named: it would tell every visitor where to knock.
        # Search results are endless combinations of the same content.
        f"Disallow: {reverse('search:results')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
