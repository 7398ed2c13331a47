"""Small presentation filters of the design system (docs/diseno.md)."""

import re

from django import template

register = template.Library()

# Since 2021 every Colombian fixed line is dialled as 60X + 7 digits and mobiles as 3XX + 7
# digits (Res. CRC 5826 de 2019): ten digits that take +57 from abroad.
NATIONAL = re.compile(r"^(60\d|3\d\d)\d{7}$")


@register.filter
def tel_href(number):
    """The `tel:` address of a phone number as written for people: «608 429 5070» gives
    «tel:+576084295070»; a toll-free 01 8000 line keeps its digits."""
    digits = re.sub(r"[^\d+]", "", str(number or ""))
    if digits.startswith("+"):
        return f"tel:{digits}"
    if NATIONAL.match(digits):
        return f"tel:+57{digits}"
    return f"tel:{digits}"
