from django.apps import AppConfig

from .roles import COMMITTEE_GROUP, CORRESPONDENCE_GROUP, EDITORS_GROUP


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal: institución y contenidos"
    # Read by the setup_roles command: which of this app's models each staff group may manage.
    staff_permissions = {
        EDITORS_GROUP: {
            "newsitem": ["add", "change", "delete", "view"],
            "event": ["add", "change", "delete", "view"],
            "document": ["add", "change", "delete", "view"],
            "page": ["add", "change", "delete", "view"],
            "official": ["add", "change", "delete", "view"],
            "contractor": ["add", "change", "delete", "view"],
            "office": ["view"],
            "entity": ["change", "view"],
            "alertbanner": ["add", "change", "delete", "view"],
        },
        COMMITTEE_GROUP: {
            "newsitem": ["view"],
            "event": ["view"],
            "document": ["view"],
            "page": ["view"],
            "official": ["view"],
            "contractor": ["view"],
            "office": ["view"],
            "entity": ["view"],
        },
        # Correspondencia follows every request's e-mails (the outbox is shared by all apps).
        CORRESPONDENCE_GROUP: {"outboundemail": ["view"]},
    }
