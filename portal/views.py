from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .models import Event, NewsItem


def home(request):
    context = {
        "latest_news": NewsItem.objects.published().select_related("entity")[:4],
        "upcoming_events": Event.objects.published().upcoming()[:4],
    }
    return render(request, "portal/home.html", context)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors and no database: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
