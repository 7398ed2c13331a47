"""
Page cache for anonymous visitors.

A public page is rendered once and then served from Django's cache (local memory, or Redis
shared by every app server) until one of three things happens:

- content changes: any save or delete in the content apps, and any successful admin POST
  (bulk actions use `update()`, which sends no signal), bumps a content version that is part
  of every key, so old pages are simply never read again. Citizens' filings (pqrsd) are not
  content: public statistics built from them may lag by up to PAGE_CACHE_SECONDS, instead of
  every filing emptying the cache;
- the next scheduled moment arrives: no page is kept past the earliest future `publish_at`
  (or the start or end of an event, alert, survey or comment period), so a scheduled item
  appears on time;
- PAGE_CACHE_SECONDS pass.

Visitors with any cookie of the portal (a session, the CSRF cookie of a form they saw, a
survey already answered) and every method other than GET and HEAD go straight to the views,
as they do in nginx. Responses that set cookies or say private/no-store are never stored:
form pages (each visitor's CSRF token), a request's confirmation, status and attachments, and
the admin say so with never_cache. A cache outage only makes pages slower: every cache call
is guarded.

The same rules tell nginx's micro-cache (deploy/nginx) what it may keep, through
X-Accel-Expires, which nginx reads and does not forward.
"""

import hashlib
import logging
import re
import time
from email.utils import formatdate

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db.models import DateTimeField, F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
NEXT_CHANGE_KEY = "pagecache:next-change"
# The apps whose content appears on public pages.
CONTENT_APPS = ("portal", "tramites", "transparency", "participation", "search", "gelt")
# Fields holding a moment when a public page changes by itself.
SCHEDULE_FIELDS = (
    "publish_at",
    "starts_at",
    "ends_at",
    "opens_at",
    "closes_at",
    "comment_opens_at",
    "comment_closes_at",
)
CACHEABLE_STATUS = {200, 301, 404}
MAX_BYTES = 2 * 1024 * 1024
NO_NEXT_CHANGE = 0.0
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def bump_version(**kwargs):
    """Make every cached page stale (connected to saves and deletes of content models)."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # the key expired or was never set
            cache.set(VERSION_KEY, int(time.time() * 1000), None)
        cache.delete(NEXT_CHANGE_KEY)
    except Exception:
        logger.warning("No se pudo invalidar la caché de páginas", exc_info=True)


def scheduled_querysets(now):
    """One queryset per (model, schedule field) with the moments still to come."""
    for model in apps.get_models():
        if model._meta.app_label not in CONTENT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.name in SCHEDULE_FIELDS and isinstance(field, DateTimeField):
                yield (
                    model._base_manager.filter(**{f"{field.name}__gt": now})
                    .order_by()
                    .annotate(moment=F(field.name))
                    .values_list("moment", flat=True)
                )


def next_scheduled_change(now):
    """The earliest future publication, start or end across content, as a timestamp or None."""
    querysets = list(scheduled_querysets(now))
    if not querysets:
        return None
    first, *rest = querysets
    combined = first.union(*rest, all=True) if rest else first
    moment = combined.order_by("moment").first()
    return moment.timestamp() if moment else None


def _cache_state():
    """(content version, next scheduled change) with one cache round trip and rarely a query."""
    state = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY])
    version = state.get(VERSION_KEY)
    if version is None:
        version = int(time.time() * 1000)
        cache.add(VERSION_KEY, version, None)
    next_change = state.get(NEXT_CHANGE_KEY)
    if next_change is None:
        next_change = next_scheduled_change(timezone.now()) or NO_NEXT_CHANGE
        lifetime = settings.PAGE_CACHE_SECONDS
        if next_change:
            lifetime = max(1, min(lifetime, int(next_change - time.time())))
        cache.set(NEXT_CHANGE_KEY, next_change, lifetime)
    return version, next_change


def _page_key(request, version):
    gzip = "gz" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "id"
    url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"pagecache:page:{version}:{gzip}:{url}"


def _storable(response):
    if response.streaming or response.status_code not in CACHEABLE_STATUS:
        return False
    if response.cookies or len(response.content) > MAX_BYTES:
        return False
    control = response.get("Cache-Control", "").lower()
    return not (
        "*" in response.get("Vary", "") or any(w in control for w in ("private", "no-store"))
    )


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD of public pages from the cache (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            response = self.get_response(request)
            admin = "/" + settings.ADMIN_URL.lstrip("/")
            if request.path_info.startswith(admin) and response.status_code < 400:
                bump_version()
            return response
        seconds = settings.PAGE_CACHE_SECONDS
        # A cookie may change the page (a session, a survey already answered): as in nginx,
        # whoever carries one goes straight to the views.
        if seconds <= 0 or request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
            return self.get_response(request)

        try:
            version, next_change = _cache_state()
            key = _page_key(request, version)
            cached = cache.get(key)
        except Exception:
            logger.warning("Caché no disponible: se sirve la página sin caché", exc_info=True)
            return self.get_response(request)

        now = time.time()
        ttl = seconds if not next_change else min(seconds, int(next_change - now))
        if cached is not None:
            response = self._rebuild(cached, request)
        else:
            response = self.get_response(request)
            if ttl < 1 or request.method != "GET" or not _storable(response):
                return response
            if "Last-Modified" not in response:
                response["Last-Modified"] = formatdate(now, usegmt=True)
            patch_cache_control(response, no_cache=True)
            try:
                cache.set(key, self._freeze(response), ttl)
            except Exception:
                logger.warning("No se pudo guardar la página en caché", exc_info=True)
        edge = min(settings.EDGE_CACHE_SECONDS, ttl)
        if edge >= 1:
            response["X-Accel-Expires"] = str(edge)
        return response

    @staticmethod
    def _freeze(response):
        return (response.status_code, list(response.headers.items()), response.content)

    @staticmethod
    def _rebuild(cached, request):
        status, headers, content = cached
        response = HttpResponse(content if request.method == "GET" else b"", status=status)
        for name, value in headers:
            response[name] = value
        if request.method == "HEAD":
            response["Content-Length"] = str(len(content))
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
        return conditional or response


class ResilientRedisCache(RedisCache):
    """
    Django's Redis cache that treats an unreachable Redis as an empty cache.

    Every caller (page cache, rate limits, the apps' own caching) keeps working, only slower.
    After a failure the cache is skipped for RETRY_AFTER seconds instead of waiting on a dead
    server at each call.
    """

    RETRY_AFTER = 5.0
    _down_until = 0.0

    def _failed(self, error):
        self._down_until = time.monotonic() + self.RETRY_AFTER
        logger.warning("Redis no responde, el portal sigue sin caché: %s", error)

    def _guard(self, default, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return default

    def get(self, key, default=None, version=None):
        return self._guard(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guard(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guard(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < self._down_until:
            raise ValueError(f"Key '{key}' not found (Redis no disponible)")
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._failed(error)
            raise ValueError(f"Key '{key}' not found (Redis no disponible)") from error

    def clear(self):
        return self._guard(False, super().clear)
