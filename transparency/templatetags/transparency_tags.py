"""
The index of a transparency menu as nested lists. Written in Python rather than with a
recursive {% include %}: the index lists every item of a menu (about 180), and an include per
item (or a format_html() per item) took most of the page's time.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

NOT_APPLICABLE = ' <span class="meta">(no aplica)</span>'
STALE = ' <span class="badge badge-warn">Desactualizado</span>'
EMPTY = ' <span class="meta">(en construcción)</span>'


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
