"""System checks of the PQRSD settings the reglamento interno decides (docs/pqrsd.md)."""

from django.conf import settings
from django.core import checks

from . import deadlines


@checks.register(checks.Tags.compatibility)
def receipt_rule_settings(app_configs=None, **kwargs):
    """A wrong receipt rule or closing hour is reported by `check` and `migrate`, not at filing."""
    errors = []
    rule = getattr(settings, "PQRSD_WEEKEND_RECEIPT_RULE", "literal")
    if rule not in deadlines.WEEKEND_RECEIPT_RULES:
        errors.append(
            checks.Error(
                f"PQRSD_WEEKEND_RECEIPT_RULE={rule!r} no es una regla conocida.",
                hint="Use 'literal' o 'next_business_day' (docs/pqrsd.md).",
                id="pqrsd.E001",
            )
        )
    try:
        deadlines.parse_closing_time(getattr(settings, "PQRSD_CLOSING_TIME", ""))
    except ValueError:
        errors.append(
            checks.Error(
                "PQRSD_CLOSING_TIME debe ser una hora HH:MM, por ejemplo 17:00.",
                id="pqrsd.E002",
            )
        )
    return errors
