"""
The search vectors stored in the rows of the kinds that are `portal.models.Searchable`: what
goes in them is `query.vectors()`; they are written after every save of a row (and of an office,
whose name its officials' vectors hold), after `migrate` for rows that have none, and by
`manage.py update_search_vectors` for rows loaded in bulk, which sends no signal. PostgreSQL
only: on SQLite the search reads the text itself.
"""

from django.apps import apps as global_apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models.signals import post_migrate, post_save

from portal.models import Office, Official

from .query import SOURCES, vectors


def stored_sources():
    return [source for source in SOURCES if source.stored]


def source_of(model):
    return next(source for source in stored_sources() if source.model is model)


def store_vectors(source, rows, *, model=None) -> int:
    """Write the vectors of `rows`, a queryset of the kind's model; how many were written."""
    if connections[rows.db].vendor != "postgresql":
        return 0
    title, document = vectors(source, model or rows.model)
    return rows.update(search_title=title, search_document=document)


def store_all(*, missing_only=False, apps=None, using="default") -> int:
    """Write the vectors of every row (or of the rows without them) of every stored kind."""
    written = 0
    for source in stored_sources():
        model = apps.get_model(source.model._meta.label) if apps else source.model
        rows = model._base_manager.using(using).all()
        if missing_only:
            rows = rows.filter(search_document__isnull=True)
        written += store_vectors(source, rows, model=model)
    return written


def _text_fields(source):
    """The fields of a kind whose change changes its vectors ("office__name": "office")."""
    return {source.title, *(name.split("__")[0] for name in source.fields)}


def _row_saved(sender, instance, update_fields=None, **kwargs):
    source = source_of(sender)
    if update_fields is not None and not _text_fields(source) & set(update_fields):
        return
    store_vectors(source, sender._base_manager.filter(pk=instance.pk))


def _office_saved(sender, instance, **kwargs):
    store_vectors(source_of(Official), Official._base_manager.filter(office=instance))


def _migrated(sender, apps=global_apps, using="default", **kwargs):
    # After a partial migrate a model may not have its vector columns yet: nothing to do.
    try:
        for source in stored_sources():
            apps.get_model(source.model._meta.label)._meta.get_field("search_document")
    except (LookupError, FieldDoesNotExist):
        return
    store_all(missing_only=True, apps=apps, using=using)


def connect():
    for source in stored_sources():
        post_save.connect(_row_saved, sender=source.model, dispatch_uid=f"vectors-{source.model}")
    post_save.connect(_office_saved, sender=Office, dispatch_uid="vectors-office")
    # post_migrate is sent once per app with models, after the whole migration: once is enough,
    # and the search app has no models of its own.
    portal = global_apps.get_app_config("portal")
    post_migrate.connect(_migrated, sender=portal, dispatch_uid="vectors-migrated")
