from django.apps import AppConfig

from portal.roles import (
    COMMITTEE_GROUP,
    CORRESPONDENCE_GROUP,
    DATA_PROTECTION_GROUP,
    EDITORS_GROUP,
)


class PqrsdConfig(AppConfig):
    name = "pqrsd"
    verbose_name = "PQRSD: peticiones, quejas, reclamos, sugerencias y denuncias"
    # Read by setup_roles. Office isolation is in RequestQuerySet.visible_to: editors see only
    # their office's requests; Correspondencia (ventanilla and archive) sees and assigns all.
    staff_permissions = {
        EDITORS_GROUP: {
            "request": ["view", "add", "change"],
            "attachment": ["view", "add"],
            "statuschange": ["view"],
            "answertemplate": ["view"],
            "competentauthority": ["view"],
            "verbalpetition": ["view"],
            "nativelanguage": ["view"],
        },
        CORRESPONDENCE_GROUP: {
            "request": ["view", "add", "change"],
            "attachment": ["view", "add"],
            "statuschange": ["view"],
            "answertemplate": ["view", "add", "change", "delete"],
            "nonworkingday": ["view", "add", "change", "delete"],
            "competentauthority": ["view", "add", "change"],
            "verbalpetition": ["view"],
            "nativelanguage": ["view", "add", "change"],
        },
        # Habeas data: reads every request to answer a consulta, rectifies and anonymises the
        # requester's data (pqrsd/data_rights.py); no other step.
        DATA_PROTECTION_GROUP: {
            "request": ["view", "change"],
            "attachment": ["view"],
            "statuschange": ["view"],
        },
        COMMITTEE_GROUP: {
            "request": ["view"],
            "nonworkingday": ["view"],
        },
    }

    def ready(self):
        from . import checks  # noqa: F401  (registers the receipt-rule settings check)
