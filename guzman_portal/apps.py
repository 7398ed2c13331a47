from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


def content_changed(sender, **kwargs):
    """
    Any write to a model of the portal's apps makes cached pages stale, except models that
    say `changes_public_pages = False` (the e-mail outbox, rate-limit counters).
    """
    from .cache import CONTENT_APPS, bump_version

    if sender._meta.app_label in CONTENT_APPS and getattr(sender, "changes_public_pages", True):
        bump_version()


class GuzmanPortalConfig(AppConfig):
    """Project-level wiring, so every process (web, commands, timers) invalidates the cache."""

    name = "guzman_portal"
    verbose_name = "Proyecto"

    def ready(self):
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid="pagecache-content-changed")


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the project's admin site (optional two-factor login)."""

    default_site = "guzman_portal.admin.PortalAdminSite"
