from django.apps import AppConfig

from portal.roles import COMMITTEE_GROUP, EDITORS_GROUP


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = "Transparencia y acceso a la información pública"
    # Read by the setup_roles command. Items are shipped data: editors change what they point
    # at, never add or delete them; the public log is written by the admin, not by hand.
    staff_permissions = {
        EDITORS_GROUP: {
            "menuitem": ["change", "view"],
            "externallink": ["add", "change", "delete", "view"],
            "changelogentry": ["view"],
            "informationasset": ["add", "change", "delete", "view"],
            "classifiedinformation": ["add", "change", "delete", "view"],
            "publicationschemeentry": ["add", "change", "delete", "view"],
        },
        COMMITTEE_GROUP: {
            "menuitem": ["view"],
            "externallink": ["view"],
            "changelogentry": ["view"],
            "informationasset": ["view"],
            "classifiedinformation": ["view"],
            "publicationschemeentry": ["view"],
        },
    }
