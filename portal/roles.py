"""The staff groups: each app's AppConfig.staff_permissions names them, setup_roles creates them."""

EDITORS_GROUP = "Editores"
COMMITTEE_GROUP = "Comité GEL-T"
CORRESPONDENCE_GROUP = "Correspondencia"
# Handles habeas data (Ley 1581 de 2012): sees every PQRSD, rectifies and anonymises requesters' data.
DATA_PROTECTION_GROUP = "Protección de datos personales"


def group_names(user) -> set[str]:
    """
    The names of the user's groups. Asked by every scoped queryset, form field and filter of
    a page: read once per request (each request loads its own user object).
    """
    if not hasattr(user, "_group_names"):
        user._group_names = set(user.groups.values_list("name", flat=True))
    return user._group_names
