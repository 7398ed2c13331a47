from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def official_rows(officials):
    """
    Table rows (name, position, e-mail, phone) of officials given as dicts, as on the
    entity page. An entity lists up to ten people per office: one format_html per row
    instead of a template variable lookup per cell.
    """
    return format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                official["name"],
                official["position"],
                format_html('<a href="mailto:{}">{}</a>', official["email"], official["email"])
                if official["email"]
                else "",
                official["phone"],
            )
            for official in officials
        ),
    )
