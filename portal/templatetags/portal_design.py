"""Small presentation filters of the design system (docs/diseno.md)."""

import json
import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Since 2021 every Colombian fixed line is dialled as 60X + 7 digits and mobiles as 3XX + 7
# digits (Res. CRC 5826 de 2019): ten digits that take +57 from abroad.
NATIONAL = re.compile(r"^(60\d|3\d\d)\d{7}$")


@register.filter
def tel_href(number):
    """The `tel:` address of a phone number as written for people: «608 429 5070» gives
    «tel:+576084295070»; a toll-free 01 8000 line keeps its digits; an extension («ext. 9»)
    is dialled after the number (RFC 3966 «;ext=9»)."""
    number, _, extension = str(number or "").lower().partition("ext")
    digits = re.sub(r"[^\d+]", "", number)
    if NATIONAL.match(digits):
        digits = f"+57{digits}"
    extension = re.sub(r"\D", "", extension)
    return f"tel:{digits};ext={extension}" if extension else f"tel:{digits}"


# The escapes of Django's json_script: the JSON cannot close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`data` as JSON for an application/ld+json block, escaped as Django's json_script does."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))
