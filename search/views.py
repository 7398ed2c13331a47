"""The results page of the site search (/buscar/?q=)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from portal.ratelimit import allow_request

from .forms import SearchForm
from .query import search
from .text import clean_for_display

PAGE_SIZE = 10
# Generous: a person searching refines a query a few times a minute; a scraper does more.
RATE_LIMIT, RATE_WINDOW = 60, 60


def results(request):
    form = SearchForm(request.GET)
    typed = clean_for_display(request.GET.get("q", ""))
    context = {"form": form, "search_query": typed, "query": typed}
    status = 200
    if form.is_valid() and form.cleaned_data["q"]:
        if allow_request(request, "search", RATE_LIMIT, RATE_WINDOW):
            found, truncated = search(form.cleaned_data["q"])
            page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
            context.update(
                searched=True,
                page_obj=page,
                paginator=page.paginator,
                is_paginated=page.has_other_pages(),
                truncated=truncated,
            )
        else:
            status = 429
            context["rate_limited"] = True
    return render(request, "search/results.html", context, status=status)
