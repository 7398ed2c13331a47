"""
The index of a transparency menu as nested lists. Written in Python rather than with a
recursive {% include %}: the index lists every item of a menu (about 180), and an include per
item (or a format_html() per item) took most of the page's time.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..stats import DOCUMENT_KIND_LABELS

register = template.Library()

NOT_APPLICABLE = ' <span class="meta">(no aplica)</span>'
STALE = ' <span class="badge badge-warn">Desactualizado</span>'
EMPTY = ' <span class="meta">(en construcción)</span>'
NA_REASON = '<p class="transparency-na"><strong>No aplica.</strong> {}</p>'
LINK_NOTES = {
    "external": ' <span class="meta">(sitio externo)</span>',
    "data": ' <span class="meta">(datos abiertos)</span>',
    "file": "",
    "page": "",
}


def state_mark(item):
    """A short note on an item that is not applicable, stale or still without information."""
    if not item.applies:
        return "" if item.na_inherited else NOT_APPLICABLE
    if item.state.stale:
        return STALE
    if item.state.is_leaf and not item.state.filled:
        return EMPTY
    return ""


def write_index(items, category_url, out):
    """Append the nested list of `items` and their sub-items to `out`, escaped."""
    out.append('<ol class="transparency-index">')
    for item in items:
        anchor = escape(item.anchor)
        out.append(
            f'<li id="item-{anchor}"><a href="{category_url}#item-{anchor}">'
            f"{escape(item.code)} {escape(item.label)}</a>{state_mark(item)}"
        )
        if item.child_list:
            write_index(item.child_list, category_url, out)
        out.append("</li>")
    out.append("</ol>")


@register.simple_tag
def menu_index(category):
    """The items under a category (`views.build_tree`), each linking to its category's page."""
    if not category.child_list:
        return ""
    out = []
    write_index(category.child_list, escape(category.url), out)
    return mark_safe("".join(out))


@register.filter("state_mark")
def state_mark_filter(item):
    return mark_safe(state_mark(item))


# What a category's page shows of each item, written in Python for the reason above: the
# template includes it replaced (_item.html and _item_body.html) took two thirds of the
# page's time. The text, blank lines included, is what those templates gave.


def date_tag(day):
    return f'<time datetime="{day.isoformat()}">{day.day}/{day.month:02d}/{day.year:04d}</time>'


def write_links(item, state, document_list_url, out):
    """The list of what a filled item points at, one `<li>` per page, document or link."""
    out.append('\n  <ul class="transparency-links">\n    ')
    for page in item.published_pages:
        out.append(f'<li><a href="{escape(page.get_absolute_url())}">{escape(page.title)}</a></li>')
    out.append("\n    ")
    for procedure in item.published_procedures:
        out.append(
            f'<li><a href="{escape(procedure.get_absolute_url())}">{escape(procedure.name)}</a>'
            ' <span class="meta">(trámite)</span></li>'
        )
    out.append("\n    ")
    for document in state.documents:
        kind = DOCUMENT_KIND_LABELS.get(document.kind, document.kind)
        number = f" {escape(document.number)}" if document.number else ""
        out.append(
            f'<li><a href="{escape(document.get_absolute_url())}">{escape(document.title)}</a>'
            f' <span class="meta">{escape(kind)}{number}, {date_tag(document.issued_on)}</span></li>'
        )
    out.append("\n    ")
    entity_slug = escape(item.document_entity_slug or item.entity.slug)
    year = f"&amp;anio={item.document_year}" if item.document_year else ""
    for kind, label, count in state.document_counts:
        if count:
            out.append(
                f'<li><a href="{document_list_url}?tipo={escape(kind)}&amp;entidad={entity_slug}'
                f'{year}">Ver {count} documento{"" if count == 1 else "s"} de tipo'
                f" «{escape(label)}»</a></li>"
            )
    out.append("\n    ")
    for link in item.link_list:
        out.append(
            f'<li><a href="{escape(link.url)}">{escape(link.label)}</a>{LINK_NOTES[link.format]}</li>'
        )
    out.append("\n  </ul>\n  ")


def write_body(item, document_list_url, out):
    """What one item publishes, or why it is empty or does not apply, and its dates."""
    state = item.state
    if not item.applies:
        reason = "" if item.na_inherited else NA_REASON.format(escape(item.na_justification))
        out.append(f"\n\n  {reason}\n\n\n")
        return
    out.append("\n\n  ")
    office = escape(item.owner_office_name) if item.owner_office_name else ""
    if item.published_pages or item.published_procedures or item.link_list or state.document_count:
        write_links(item, state, document_list_url, out)
    elif state.is_leaf:
        prepared_by = f" La prepara: {office}." if office else ""
        out.append(
            f'\n  <p class="transparency-empty">Información en construcción.{prepared_by}</p>\n  '
        )
    out.append("\n  ")
    if state.is_leaf or state.filled:
        responsible = f"Responsable: {office} · " if office and state.filled else ""
        frequency = escape(item.get_update_frequency_display().lower())
        updated = (
            f" · Última actualización: {date_tag(state.last_updated)}" if state.last_updated else ""
        )
        level = (
            f' · <span class="badge" title="{escape(item.get_quality_override_display())}">'
            f"Calidad {escape(state.quality)}</span>"
            if state.quality
            else ""
        )
        stale = ' · <span class="badge badge-warn">Desactualizado</span>' if state.stale else ""
        out.append(
            f'\n  <p class="meta transparency-meta">\n    {responsible}Se actualiza: {frequency}'
            f"{updated}\n    {level}\n    {stale}\n  </p>\n"
            f'  <p class="meta transparency-basis">Fundamento legal: {escape(item.legal_basis)}</p>'
            "\n  "
        )
    out.append("\n\n\n")


def write_items(items, document_list_url, out):
    """Each of `items` as an `<li>` with its body and, nested, its sub-items."""
    for item in items:
        code, label = escape(item.code), escape(item.label)
        title = (
            f"<h2>{code} {label}</h2>"
            if item.depth == 1
            else f'<p class="item-title"><strong>{code}</strong> {label}</p>'
        )
        out.append(
            f'<li class="transparency-item depth-{item.depth}" id="item-{escape(item.anchor)}">'
            f"\n  {title}\n  "
        )
        write_body(item, document_list_url, out)
        out.append("\n  ")
        if item.child_list:
            out.append('\n  <ol class="transparency-items">\n    ')
            write_items(item.child_list, document_list_url, out)
            out.append("\n  </ol>\n  ")
        out.append("\n</li>\n")


@register.simple_tag
def item_body(item):
    """What one item loaded by `load_menu()` publishes (a category's own links, for one)."""
    out = []
    write_body(item, escape(reverse("portal:document_list")), out)
    return mark_safe("".join(out))


@register.simple_tag
def item_list(items):
    """The items of a category's page (`views.build_tree`), each with what it publishes."""
    out = []
    write_items(items, escape(reverse("portal:document_list")), out)
    return mark_safe("".join(out))
