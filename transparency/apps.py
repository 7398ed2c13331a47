from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = "Transparencia y acceso a la información pública"
    # Read by the setup_roles command. Items are shipped data: editors change what they point
    # at, never add or delete them; the public log is written by the admin, not by hand.
    staff_permissions = {
        "Editores": {
            "menuitem": ["change", "view"],
            "externallink": ["add", "change", "delete", "view"],
            "changelogentry": ["view"],
        },
        "Comité GEL-T": {
            "menuitem": ["view"],
            "externallink": ["view"],
            "changelogentry": ["view"],
        },
    }
