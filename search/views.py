"""The results page of the site search (/buscar/?q=), of the whole site or of one section."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from portal.ratelimit import allow_request

from .forms import SearchForm
from .query import SCOPES, search, suggest
from .text import clean_for_display

PAGE_SIZE = 10
# Generous: a person searching refines a query a few times a minute; a scraper does more.
RATE_LIMIT, RATE_WINDOW = 60, 60


def results(request):
    form = SearchForm(request.GET)
    typed = clean_for_display(request.GET.get("q", ""))
    form.is_valid()
    data = form.cleaned_data
    # A wrong section or entity is said and ignored; only a wrong query stops the search.
    scope, entity = data.get("seccion", ""), data.get("entidad")
    limits = {"seccion": scope, "entidad": entity.slug if entity else ""}
    context = {
        "form": form,
        "search_query": typed,
        "query": typed,
        "scope_label": SCOPES.get(scope, ""),
        "entity": entity,
        "limits": {name: value for name, value in limits.items() if value},
    }
    status = 200
    if "q" not in form.errors and data.get("q"):
        if allow_request(request, "search", RATE_LIMIT, RATE_WINDOW, shared=False):
            words = data["q"]
            options = {"scope": scope, "entity": limits["entidad"]}
            found, truncated = search(words, **options)
            suggestion = None if found else suggest(words, **options)
            if suggestion:
                found, truncated = search(suggestion, **options)
                query_string = urlencode({"q": suggestion, **context["limits"]})
                context["suggestion_url"] = f"{reverse('search:results')}?{query_string}"
            page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
            context.update(
                searched=True,
                suggestion=suggestion,
                page_obj=page,
                paginator=page.paginator,
                is_paginated=page.has_other_pages(),
                truncated=truncated,
            )
        else:
            status = 429
            context["rate_limited"] = True
    return render(request, "search/results.html", context, status=status)
