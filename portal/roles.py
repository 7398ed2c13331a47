"""The staff groups: each app's AppConfig.staff_permissions names them, setup_roles creates them."""

EDITORS_GROUP = "Editores"
COMMITTEE_GROUP = "Comité GEL-T"
CORRESPONDENCE_GROUP = "Correspondencia"
# Handles habeas data (Ley 1581 de 2012): sees every PQRSD, rectifies and anonymises requesters' data.
DATA_PROTECTION_GROUP = "Protección de datos personales"
