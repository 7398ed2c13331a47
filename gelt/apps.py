from django.apps import AppConfig

from portal.roles import COMMITTEE_GROUP, EDITORS_GROUP

MODELS = [
    "plan",
    "phase",
    "criterion",
    "evaluation",
    "action",
    "activity",
    "indicator",
    "measurement",
    "linkedentity",
    "committeemember",
    "meeting",
]


class GeltConfig(AppConfig):
    name = "gelt"
    verbose_name = "Gobierno en Línea Territorial (GEL-T)"
    # Read by the setup_roles command. The dashboard needs only the view permission on phases.
    staff_permissions = {
        COMMITTEE_GROUP: {
            **{model: ["add", "change", "delete", "view"] for model in MODELS},
            "itasnapshot": ["view"],  # written only by the measurement
        },
        EDITORS_GROUP: {model: ["view"] for model in MODELS},
    }
