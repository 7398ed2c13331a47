"""Public pages of the transparency menu and its change log."""

import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from portal.models import Entity

from .models import ChangeLogEntry, MenuItem
from .opendata import COVERAGE_COLUMNS, INSTRUMENT_COLUMNS, INSTRUMENT_TITLES
from .sources import INSTRUMENT_SLUGS
from .stats import coverage, load_menu, summarize

LOG_PAGE_SIZE = 30


NOT_APPLICABLE, STALE, UNDER_CONSTRUCTION = "no aplica", "desactualizado", "en construcción"


def state_mark(item) -> str:
    """
    The note beside an item in the menu's index (transparency/_state_mark.html): "no aplica"
    once, on the highest item that does not apply; "desactualizado" when not updated within its
    period; "en construcción" for an item without content; nothing otherwise.
    """
    if not item.applies:
        return "" if item.na_inherited else NOT_APPLICABLE
    if item.state.stale:
        return STALE
    if item.state.is_leaf and not item.state.filled:
        return UNDER_CONSTRUCTION
    return ""


def build_tree(items):
    """
    The loaded items as a tree: each item gets `child_list` and its `state_mark`; returns the
    categories.
    """
    by_pk = {item.pk: item for item in items}
    roots = []
    for item in items:
        item.child_list = []
    for item in items:
        parent = by_pk.get(item.parent_id)
        # "No aplica" is explained once, on the highest item that does not apply.
        item.na_inherited = parent is not None and (not parent.applies or parent.na_inherited)
        item.state_mark = state_mark(item)
        (parent.child_list if parent else roots).append(item)
    return roots


def find_entity(entity_slug):
    """
    (entity, every entity) for the menu at /transparencia/ (the Alcaldía, or the first entity
    while there is none) or at /transparencia/<entity_slug>/; 404 for an unknown slug.
    """
    entities = list(Entity.objects.all())
    if entity_slug is None:
        entity = next((e for e in entities if e.kind == Entity.Kind.ALCALDIA), None)
        return entity or (entities[0] if entities else None), entities
    entity = next((e for e in entities if e.slug == entity_slug), None)
    if entity is None:
        raise Http404("No existe esa entidad.")
    return entity, entities


def menu(request, entity_slug=None):
    """
    The index of one sujeto obligado's menu: every category and item, each linking to its
    place on its category's page, with the state of the whole menu.
    """
    entity, entities = find_entity(entity_slug)
    if entity_slug is not None and entity.kind == Entity.Kind.ALCALDIA:
        return redirect("transparency:menu", permanent=True)
    # The comparison of every entity is in the coverage CSV/JSON and the admin's report.
    items = load_menu(timezone.localdate(), entity, entries=False) if entity else []
    categories = build_tree(items)
    for category in categories:
        category.url = MenuItem.category_url(entity, category.code)
    context = {
        "entity": entity,
        "entities": entities,
        "categories": categories,
        "stats": summarize(items),
        "coverage": coverage_table(coverage(items), [entity]) if entity else [],
        "last_updated": max((item.updated_at for item in items), default=None),
    }
    return render(request, "transparency/menu.html", context)


def category(request, code, entity_slug=None):
    """
    One category of a menu with everything its items point at. Only that category's items are
    loaded: the loader numbers a menu depth first, so they are the positions from the
    category's up to the next category's.
    """
    entity, entities = find_entity(entity_slug)
    if entity is None:
        raise Http404("No existe esa categoría del menú de transparencia.")
    if entity_slug is not None and entity.kind == Entity.Kind.ALCALDIA:
        return redirect("transparency:category", code, permanent=True)
    categories = list(
        MenuItem.objects.of_entity(entity)
        .filter(parent=None)
        .only("entity", "code", "label", "position")
        .order_by("position")
    )
    index = next((i for i, c in enumerate(categories) if c.code == code), None)
    if index is None:
        raise Http404("No existe esa categoría del menú de transparencia.")
    previous = categories[index - 1] if index > 0 else None
    following = categories[index + 1] if index + 1 < len(categories) else None
    subtree = MenuItem.objects.filter(position__gte=categories[index].position)
    if following is not None:
        subtree = subtree.filter(position__lt=following.position)
    items = load_menu(timezone.localdate(), entity, queryset=subtree)
    current = next((item for item in build_tree(items) if item.pk == categories[index].pk), None)
    if current is None:  # the menu was reloaded between the two queries
        raise Http404("No existe esa categoría del menú de transparencia.")
    for neighbour in (previous, following):
        if neighbour is not None:
            neighbour.url = MenuItem.category_url(entity, neighbour.code)
    context = {
        "entity": entity,
        "entities": entities,
        "category": current,
        "previous": previous,
        "next": following,
        "menu_url": MenuItem.entity_menu_url(entity),
        "last_updated": max((item.updated_at for item in items), default=None),
    }
    return render(request, "transparency/category.html", context)


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


def coverage_table(rows, entities):
    """Coverage rows regrouped for a table: one line per category, one cell per entity."""
    lines = {}
    for row in rows:
        line = lines.setdefault(row.code, {"code": row.code, "label": row.label, "cells": {}})
        line["cells"][row.entity.pk] = row
    entity_ids = [entity.pk for entity in entities]
    return [
        {**line, "cells": [line["cells"].get(pk) for pk in entity_ids]}
        for line in sorted(lines.values(), key=lambda line: int(line["code"]))
    ]


def csv_response(filename, columns, rows):
    """A UTF-8 CSV with BOM (so Excel shows accents) of `rows` read through `columns`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow(["" if (v := column.read(row)) is None else v for column in columns])
    return response


def json_response(description, columns, rows, key, **extra):
    data = {
        "descripcion": description,
        **extra,
        "generado": timezone.now().isoformat(timespec="seconds"),
        "columnas": [
            {"nombre": c.name, "descripcion": c.description, "tipo": c.type} for c in columns
        ],
        "total": len(rows),
        key: [{column.name: column.read(row) for column in columns} for row in rows],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def instrument_rows(entity_slug, instrument):
    """(entity, source, rows) of one instrument of one entity, or 404."""
    entity = get_object_or_404(Entity, slug=entity_slug)
    if instrument not in INSTRUMENT_SLUGS:
        raise Http404("No existe ese instrumento de gestión de la información.")
    source, model = INSTRUMENT_SLUGS[instrument]
    rows = list(
        model.objects.filter(entity=entity)
        .select_related("entity", "office")
        .order_by("order", "pk")
    )
    return entity, source, rows


def instrument_csv(request, entity_slug, instrument):
    """An instrument (7.1.1, 7.1.2 or 7.1.3) of one entity as CSV."""
    entity, source, rows = instrument_rows(entity_slug, instrument)
    return csv_response(f"{instrument}-{entity.slug}.csv", INSTRUMENT_COLUMNS[source], rows)


def instrument_json(request, entity_slug, instrument):
    """An instrument (7.1.1, 7.1.2 or 7.1.3) of one entity as JSON, with its dictionary."""
    entity, source, rows = instrument_rows(entity_slug, instrument)
    description = f"{INSTRUMENT_TITLES[source]} de {entity.name}"
    link = instrument_link(entity, source)
    return json_response(
        description, INSTRUMENT_COLUMNS[source], rows, "filas", enlace_datos_gov_co=link or None
    )


def instrument_link(entity, source):
    """The instrument's address on datos.gov.co, kept on the entity's menu item bound to it."""
    item = MenuItem.objects.filter(entity=entity, content_source=source).order_by("position")
    return item.values_list("datos_gov_co_url", flat=True).first() or ""


def coverage_rows():
    return coverage(load_menu(timezone.localdate(), entries=False))


def coverage_csv(request):
    """Coverage of every entity's menu, one row per entity and category, as CSV."""
    return csv_response("cobertura-transparencia.csv", COVERAGE_COLUMNS, coverage_rows())


def coverage_json(request):
    """Coverage of every entity's menu, one row per entity and category, as JSON."""
    description = "Cobertura del menú de Transparencia por entidad y categoría"
    return json_response(description, COVERAGE_COLUMNS, coverage_rows(), "filas")
