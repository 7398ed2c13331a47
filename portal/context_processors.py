import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .models import AlertBanner, Municipality

# Text sizes of the accessibility bar: the value in the address (?texto=…) and its step.
TEXT_SIZES = {"pequeno": -1, "grande": 1, "muy-grande": 2}
TEXT_STEPS = {step: name for name, step in TEXT_SIZES.items()}
MIN_STEP, MAX_STEP = -1, 2


def _with(request, **changes):
    """The current address with some query parameters changed (None removes one)."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def accessibility(request):
    """
    The visitor's display preferences, read from the address only (no cookie, so the page
    cache and nginx still serve the page): ?contraste=alto and ?texto=pequeno|grande|muy-grande.
    The accessibility bar's links change them; static/js/accesibilidad.js keeps them between
    pages in the browser (localStorage).
    """
    contrast = request.GET.get("contraste") == "alto"
    step = TEXT_SIZES.get(request.GET.get("texto", ""), 0)
    classes = []
    if contrast:
        classes.append("contraste-alto")
    if step:
        classes.append(f"texto-{TEXT_STEPS[step]}")
    return {
        "contrast": contrast,
        "text_step": step,
        "classes": " ".join(classes),
        "contrast_url": _with(request, contraste=None if contrast else "alto"),
        "smaller_url": _with(request, texto=TEXT_STEPS.get(max(step - 1, MIN_STEP))),
        "larger_url": _with(request, texto=TEXT_STEPS.get(min(step + 1, MAX_STEP))),
        "reset_url": _with(request, contraste=None, texto=None),
    }


@cache
def release_date():
    """
    When this version of the portal's pages was installed: the newest template file. Pages
    built from code rather than content (forms, search) show it as their last update.
    """
    newest = 0.0
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += Path(settings.BASE_DIR).glob("*/templates")
    for folder in folders:
        for path in folder.rglob("*.html"):
            newest = max(newest, path.stat().st_mtime)
    if not newest:
        return timezone.now()
    return datetime.datetime.fromtimestamp(newest, tz=datetime.UTC)


def site(request):
    """The municipality (header and footer), the active alert banners and the display
    preferences, on every page."""
    return {
        "municipality": SimpleLazyObject(Municipality.current),
        "alert_banners": SimpleLazyObject(lambda: list(AlertBanner.objects.active()[:3])),
        "a11y": SimpleLazyObject(lambda: accessibility(request)),
        "release_date": release_date(),
    }
