from django.apps import AppConfig

from portal.roles import COMMITTEE_GROUP, EDITORS_GROUP

_EDIT = ["add", "change", "delete", "view"]


class TramitesConfig(AppConfig):
    name = "tramites"
    verbose_name = "Trámites y servicios"
    # Read by the setup_roles command. Editors need the inline models' permissions too, or the
    # admin hides the requirements, steps and forms of a sheet.
    staff_permissions = {
        EDITORS_GROUP: {
            "procedure": _EDIT,
            "requirement": _EDIT,
            "step": _EDIT,
            "procedureform": _EDIT,
            "category": ["view"],
        },
        COMMITTEE_GROUP: {
            "procedure": ["view"],
            "requirement": ["view"],
            "step": ["view"],
            "procedureform": ["view"],
            "category": ["view"],
        },
    }
