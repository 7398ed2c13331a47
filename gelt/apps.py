from django.apps import AppConfig

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
        "Comité GEL-T": {model: ["add", "change", "delete", "view"] for model in MODELS},
        "Editores": {model: ["view"] for model in MODELS},
    }
