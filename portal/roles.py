"""The staff groups: each app's AppConfig.staff_permissions names them, setup_roles creates them."""

EDITORS_GROUP = "Editores"
COMMITTEE_GROUP = "Comité GEL-T"
CORRESPONDENCE_GROUP = "Correspondencia"
