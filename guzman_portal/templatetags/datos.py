import json

from django import template
from django.utils.safestring import mark_safe

from tramites.templatetags.tramites_tags import JSON_SCRIPT_ESCAPES

register = template.Library()


@register.filter
def json_ld(data):
    """
    `data` as JSON for an application/ld+json data block, escaped as Django's json_script
    escapes, so no text in it can close the <script> element.
    """
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))
