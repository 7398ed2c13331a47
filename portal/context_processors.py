from django.utils.functional import SimpleLazyObject

from .models import AlertBanner, Municipality


def site(request):
    """The municipality (header and footer) and the active alert banners, on every page."""
    return {
        "municipality": SimpleLazyObject(Municipality.current),
        "alert_banners": SimpleLazyObject(lambda: list(AlertBanner.objects.active()[:3])),
    }
