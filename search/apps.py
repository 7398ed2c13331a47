from django.apps import AppConfig
from django.db.backends.signals import connection_created


def add_sqlite_unaccent(sender, connection, **kwargs):
    """
    Give SQLite an UNACCENT() function like PostgreSQL's unaccent extension, so the
    `__unaccent` lookups of django.contrib.postgres also work on the development database.
    """
    if connection.vendor == "sqlite":
        from portal.text import fold

        connection.connection.create_function("UNACCENT", 1, fold, deterministic=True)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Búsqueda"

    def ready(self):
        connection_created.connect(add_sqlite_unaccent, dispatch_uid="search_sqlite_unaccent")
        from . import vectors

        vectors.connect()
