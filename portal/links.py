"""
Detail URLs of objects addressed by their slug, without a reverse() per object.

reverse() walks the URL patterns on every call (some 30 µs); the site map's list of 200
pages spent a fifth of its time there. A slug needs no quoting, so every detail URL of one
view is the same text around the slug: reverse once per view, then join strings. A value
that is not a slug goes through reverse(), so the result is always what reverse() gives.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

SLUG_PLACEHOLDER = "__slug__"
# What Django's <slug:…> path converter accepts.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=128)
def _around_slug(url_name, urlconf, script_prefix):
    # The arguments are everything reverse() reads, so a cached answer is never stale.
    url = reverse(url_name, urlconf=urlconf, args=[SLUG_PLACEHOLDER])
    before, _, after = url.partition(SLUG_PLACEHOLDER)
    return before, after


def around_slug(url_name):
    """(text before, text after) the slug in the URLs of `url_name`."""
    return _around_slug(url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def slug_url(url_name, slug):
    """reverse(url_name, args=[slug]) for a view whose only argument is a slug."""
    if not SLUG.fullmatch(slug):
        return reverse(url_name, args=[slug])
    before, after = around_slug(url_name)
    return f"{before}{slug}{after}"
