"""Formatting of GEL-T figures for people."""

from django import template
from django.utils.formats import localize, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from gelt import charts

register = template.Library()

UNIT_SUFFIX = {"percent": " %", "per_week": " por semana", "days": " días", "count": ""}

STATUS_CLASS = {
    "cumplida": "ok",
    "en curso": "progress",
    "atrasada": "warn",
    "vencida": "bad",
    "sin criterios": "none",
}


@register.filter
def measure(value, unit):
    """A value with its unit in Spanish: 75,5 %, 1,25 por semana, 3, 12 días."""
    if value is None:
        return "sin dato"
    places = 0 if unit == "count" or value == int(value) else (2 if unit == "per_week" else 1)
    return f"{number_format(value, places)}{UNIT_SUFFIX.get(unit, '')}"


@register.filter
def status_class(status):
    return STATUS_CLASS.get(status, "none")


@register.simple_tag
def phase_bar(name, percent, goal):
    """A phase's progress bar: its weighted % and a red line at its goal, as an SVG."""
    if percent is None:
        label, title = "sin criterios", "sin criterios"
    else:
        label = f"{localize(percent)} % de criterios cumplidos"
        title = f"{localize(percent)} %"
    goal_mark = localize(charts.bar_length(goal), use_l10n=False)
    return format_html(
        '<svg class="gelt-bar" viewBox="0 0 100 14" width="100%" height="28" '
        'preserveAspectRatio="none" role="img" aria-label="{name}: {label}, meta {goal} %">'
        "<title>{name}: {title} (meta {goal} %)</title>"
        '<rect x="0" y="3" width="100" height="8" fill="#e6e6e6" stroke="#4a4a4a" '
        'stroke-width="0.3"/><rect x="0" y="3" width="{bar}" height="8" fill="#004884"/>'
        '<line x1="{goal_mark}" x2="{goal_mark}" y1="0" y2="14" stroke="#a30000" '
        'stroke-width="0.8"/></svg>',
        name=name,
        label=label,
        title=title,
        goal=localize(goal),
        bar=localize(charts.bar_length(percent), use_l10n=False),
        goal_mark=goal_mark,
    )


# The public page's longest lists are written here rather than in template loops: one
# format_html per row instead of a template variable lookup per cell.
INDICATOR_ROW = (
    '\n<tr>\n<th scope="row">{}{}</th>\n<td>{}{}{}</td>\n<td>{}{}</td>\n<td>{}</td>\n'
    "<td>{}{}</td>\n\n</tr>\n"
)
COMPLEMENTARY = mark_safe(' <span class="gelt-muted">(complementario)</span>')
AUTOMATIC = mark_safe('<br><span class="gelt-muted">automático</span>')


@register.simple_tag
def indicator_rows(rows):
    """The rows of the public indicator table, from `overview.public_indicators()`."""
    return format_html_join(
        "",
        INDICATOR_ROW,
        (
            (
                row["name"],
                "" if row["in_plan"] else COMPLEMENTARY,
                "" if row["goal"] is None else row["goal"],
                " como máximo" if row["goal"] is not None and not row["higher_is_better"] else "",
                format_html('<br><span class="gelt-muted">{}</span>', row["goal_text"])
                if row["goal_text"]
                else "",
                row["value_text"],
                AUTOMATIC if row["automatic"] else "",
                row["date"] or "—",
                row["label"],
                ""
                if row["attainment"] is None
                else format_html(" ({} % de la meta)", localize(row["attainment"])),
            )
            for row in rows
        ),
    )


@register.simple_tag
def action_indicator_items(rows):
    """An action's indicators as list items: goal, then the value and its date."""
    return format_html_join(
        "",
        "<li>{}: meta {}; {}</li>",
        (
            (
                row["name"],
                row["goal_text"],
                format_html("valor {} ({})", row["value_text"], row["date"])
                if row["measured"]
                else row["value_text"],
            )
            for row in rows
        ),
    )


@register.simple_tag
def activity_items(activities):
    """An action's activities as list items with their owner and status."""
    return format_html_join(
        "",
        '<li>{} <span class="gelt-muted">({}; {})</span></li>',
        ((a["description"], a["owner"], a["status"]) for a in activities),
    )
