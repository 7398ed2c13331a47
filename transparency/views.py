"""Public pages of the transparency menu and its change log."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.models import Entity

from .models import ChangeLogEntry
from .stats import load_menu, summarize

LOG_PAGE_SIZE = 30


def build_tree(items):
    """The loaded items as a tree: each item gets `child_list`; returns the categories."""
    by_pk = {item.pk: item for item in items}
    roots = []
    for item in items:
        item.child_list = []
    for item in items:
        parent = by_pk.get(item.parent_id)
        # "No aplica" is explained once, on the highest item that does not apply.
        item.na_inherited = parent is not None and (not parent.applies or parent.na_inherited)
        (parent.child_list if parent else roots).append(item)
    return roots


def menu(request, entity_slug=None):
    """One sujeto obligado's menu: the Alcaldía's at /transparencia/, the others by slug."""
    entities = list(Entity.objects.all())
    if entity_slug is None:
        entity = next((e for e in entities if e.kind == Entity.Kind.ALCALDIA), None)
        entity = entity or (entities[0] if entities else None)
    else:
        entity = next((e for e in entities if e.slug == entity_slug), None)
        if entity is None:
            raise Http404("No existe esa entidad.")
        if entity.kind == Entity.Kind.ALCALDIA:
            return redirect("transparency:menu", permanent=True)
    items = load_menu(timezone.localdate(), entity) if entity else []
    context = {
        "entity": entity,
        "entities": entities,
        "categories": build_tree(items),
        "stats": summarize(items),
        "last_updated": max((item.updated_at for item in items), default=None),
    }
    return render(request, "transparency/menu.html", context)


def change_log(request):
    """The public log of every change to what the menu's items point at."""
    entries = ChangeLogEntry.objects.select_related("item__entity", "entity").order_by(
        "-created_at", "-id"
    )
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    context = {
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "object_list": page.object_list,
        "last_updated": page.object_list[0].created_at if page.object_list else None,
    }
    return render(request, "transparency/change_log.html", context)
