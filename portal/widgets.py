"""
The form renderer: Django's markup for fields and widgets, written by Python functions.

Rendering a form field through Django's templates costs about a thousand Python calls (a
field template, a label template, the widget's template and the templates it includes), and
the PQRSD form has eighteen fields. Each function below writes exactly what the Django
template named in WRITERS writes, from the same context; tests/portal/test_widgets.py renders
every form of the portal both ways and compares. Templates without a writer (the admin's, a
widget's own) are rendered as usual.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData

# What render_value_in_context needs of a template context: localisation on, autoescape on.
_TEMPLATE_CONTEXT = Context(autoescape=True)


def _html(value):
    """What `{{ value }}` writes."""
    if type(value) is str:
        # Most values: Django's escape() is this, behind a check for lazy strings.
        return html.escape(value)
    return render_value_in_context(value, _TEMPLATE_CONTEXT)


def _formatted(value):
    """What `{{ value|stringformat:'s' }}` writes: the text as it is, escaped unless safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs):
    """django/forms/widgets/attrs.html (and django/forms/attrs.html)."""
    return "".join(
        f" {_html(name)}" if value is True else f' {_html(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(renderer, context):
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_html(widget["type"])}" name="{_html(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _including(writer):
    """A template that only includes the one `writer` writes, and ends in a newline."""
    return lambda renderer, context: writer(renderer, context) + "\n"


def _textarea(renderer, context):
    widget = context["widget"]
    value = _html(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_html(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'
    )


def _options(renderer, context, *, group_start, group_end, option_start, option_end=""):
    """
    The loop of select.html and multiple_input.html over the widget's groups of options: each
    option written by its own template, between `option_start` and `option_end`, and each
    named group between `group_start` (formatted with the name) and `group_end`.
    """
    parts = []
    for group_name, options, _index in context["widget"]["optgroups"]:
        if group_name:
            parts.append(group_start.format(_html(group_name)))
        for option in options:
            parts.append(option_start)
            parts.append(renderer.write(option["template_name"], {**context, "widget": option}))
            parts.append(option_end)
        if group_name:
            parts.append(group_end)
    return "".join(parts)


def _select(renderer, context):
    widget = context["widget"]
    options = _options(
        renderer,
        context,
        group_start='\n  <optgroup label="{}">',
        group_end="\n  </optgroup>",
        option_start="\n  ",
    )
    return f'<select name="{_html(widget["name"])}"{_attrs(widget["attrs"])}>{options}\n</select>\n'


def _select_option(renderer, context):
    option = context["widget"]
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_html(option['label'])}</option>\n"
    )


def _multiple_input(renderer, context):
    """multiple_input.html, which radio.html and checkbox_select.html include."""
    widget = context["widget"]
    element_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    id_attr = f' id="{_html(element_id)}"' if element_id else ""
    class_attr = f' class="{_html(css_class)}"' if css_class else ""
    options = _options(
        renderer,
        context,
        group_start="\n  <div><label>{}</label>",
        group_end="\n  </div>",
        option_start="<div>\n    ",
        option_end="</div>",
    )
    return f"<div{id_attr}{class_attr}>{options}\n</div>\n"


def _input_option(renderer, context):
    """input_option.html, which radio_option.html and checkbox_option.html include."""
    option = context["widget"]
    written = _input(renderer, context)
    if option.get("wrap_label"):
        element_id = option["attrs"].get("id")
        label_for = f' for="{_html(element_id)}"' if element_id else ""
        written = f"<label{label_for}>{written} {_html(option['label'])}</label>"
    return written + "\n"


def _clearable_file_input(renderer, context):
    widget = context["widget"]
    parts = []
    if widget["is_initial"]:
        parts.append(
            f"{_html(widget['initial_text'])}: "
            f'<a href="{_html(widget["value"].url)}">{_html(widget["value"])}</a>'
        )
        if not widget["required"]:
            checkbox_id = _html(widget["checkbox_id"])
            disabled = " disabled" if widget["attrs"].get("disabled") else ""
            checked = " checked" if widget["attrs"].get("checked") else ""
            parts.append(
                f'\n<input type="checkbox" name="{_html(widget["checkbox_name"])}" '
                f'id="{checkbox_id}"{disabled}{checked}>\n'
                f'<label for="{checkbox_id}">{_html(widget["clear_checkbox_label"])}</label>'
            )
        parts.append(f"<br>\n{_html(widget['input_text'])}:")
    parts.append(
        f'\n<input type="{_html(widget["type"])}" name="{_html(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>\n"
    )
    return "".join(parts)


def _label(renderer, context):
    if not context["use_tag"]:
        return _html(context["label"]) + "\n"
    tag = _html(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_html(context['label'])}</{tag}>\n"


def _error_list(renderer, context):
    """errors/list/default.html, which includes errors/list/ul.html."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    element_id = f' id="{_html(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_html(error)}</li>" for error in errors)
    return f'<ul class="{_html(context["error_class"])}"{element_id}>{items}</ul>'


def _field(renderer, context):
    """django/forms/field.html: label or legend, help text, errors and widget."""
    field = context["field"]
    use_fieldset = field.use_fieldset
    if use_fieldset:
        described_by = field.aria_describedby
        described_by = f' aria-describedby="{_html(described_by)}"' if described_by else ""
        legend = field.legend_tag() if field.label else ""
        parts = [f"\n  <fieldset{described_by}>\n  {legend}\n"]
    else:
        parts = [f"\n  {field.label_tag() if field.label else ''}\n"]
    parts.append("\n")
    if field.help_text:
        help_id = f' id="{_html(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{help_id}>{field.help_text}</div>')
    parts.append("\n")
    # An empty error list writes nothing: no need to render it.
    if field.errors:
        parts.append(str(field.errors))
    parts.append(f"\n{field}{'</fieldset>' if use_fieldset else ''}\n")
    return "".join(parts)


WIDGETS = "django/forms/widgets/"
WRITERS = {
    f"{WIDGETS}input.html": _input,
    **{
        f"{WIDGETS}{kind}.html": _including(_input)
        for kind in (
            "text",
            "email",
            "number",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "search",
            "tel",
            "color",
            "file",
            "checkbox",
        )
    },
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}clearable_file_input.html": _clearable_file_input,
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}select_option.html": _select_option,
    f"{WIDGETS}radio.html": _including(_multiple_input),
    f"{WIDGETS}checkbox_select.html": _including(_multiple_input),
    f"{WIDGETS}radio_option.html": _including(_input_option),
    f"{WIDGETS}checkbox_option.html": _including(_input_option),
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/field.html": _field,
}


class FormRenderer(DjangoTemplates):
    """Django's renderer, with the templates of WRITERS written by their functions."""

    def render(self, template_name, context, request=None):
        # Like Django's render(), the outcome is stripped; what templates include is not.
        return self.write(template_name, context, request).strip()

    def write(self, template_name, context, request=None):
        writer = WRITERS.get(template_name)
        if writer is None:
            return self.get_template(template_name).render(context, request=request)
        return writer(self, context)
