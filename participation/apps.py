from django.apps import AppConfig

from portal.roles import COMMITTEE_GROUP, EDITORS_GROUP


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Participa: encuestas y proyectos normativos para comentarios"
    # Read by the setup_roles command: which of this app's models each staff group may manage.
    staff_permissions = {
        EDITORS_GROUP: {
            "survey": ["add", "change", "delete", "view"],
            "question": ["add", "change", "delete", "view"],
            "choice": ["add", "change", "delete", "view"],
            "surveyresponse": ["view"],
            "draftregulation": ["add", "change", "delete", "view"],
            "article": ["add", "change", "delete", "view"],
            "comment": ["change", "view"],
        },
        COMMITTEE_GROUP: {
            "survey": ["view"],
            "question": ["view"],
            "choice": ["view"],
            "surveyresponse": ["view"],
            "draftregulation": ["view"],
            "article": ["view"],
            "comment": ["view"],
        },
    }
