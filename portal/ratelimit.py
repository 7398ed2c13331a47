"""
Rate limits for public forms, the tracking form, the search and the staff login, shared by
every app process.

The counters live in Redis when the project names a cache for them (RATELIMIT_CACHE, set by
the settings when REDIS_URL is configured), and otherwise in the database (RateLimitCounter),
which every app process shares too. While Redis does not answer, they are kept in the
database instead: a limit never switches off because a server is down. Only when the database
fails as well is the request let through (the form behind it could not be saved anyway).

A counter's window starts at its first attempt, so a burst cannot straddle a clock boundary
and get twice the limit. The client's address is kept only as a keyed hash, for the window's
length (regulatory A10: an anonymous denuncia leaves no readable trace of who sent it).
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

# After Redis fails, the database keeps the counters this long before Redis is tried again.
REDIS_RETRY_SECONDS = 5.0
_redis_down_until = 0.0


class RateLimitCounter(models.Model):
    """One window of one limit: attempts of one (hashed) client for one form or action."""

    # Not shown on any public page: counting an attempt leaves the page cache alone.
    changes_public_pages = False

    key = models.CharField("clave", max_length=64, primary_key=True)
    count = models.PositiveIntegerField("intentos", default=1)
    expires_at = models.DateTimeField("vence", db_index=True)

    class Meta:
        verbose_name = "contador de intentos"
        verbose_name_plural = "contadores de intentos"

    def __str__(self):
        return self.key


def client_ip(request) -> str:
    """
    The client's address. Behind a reverse proxy, set RATELIMIT_PROXY_HEADER (for example
    "HTTP_X_FORWARDED_FOR"); the last address in it is the one the trusted proxy saw.
    """
    header = getattr(settings, "RATELIMIT_PROXY_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "desconocida")[:64]


def counter_key(scope: str, key: str) -> str:
    # The whole scope goes into the digest: a cut scope would make "survey:1000" share the
    # counter of "survey:100".
    digest = salted_hmac("portal.ratelimit", f"{scope}\0{key}", algorithm="sha256").hexdigest()
    return f"rl:{scope[:24]}:{digest[:32]}"


# --- Redis ---


def _redis():
    """The cache that keeps the counters, or None while there is none or it is down."""
    alias = getattr(settings, "RATELIMIT_CACHE", "")
    if not alias or time.monotonic() < _redis_down_until:
        return None
    return caches[alias]


def _redis_failed(error):
    global _redis_down_until
    _redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS
    logger.warning(
        "Redis no responde: los límites de intentos siguen en la base de datos: %s", error
    )


def _count_in_cache(store, key, window_seconds):
    if store.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # the counter expired between add() and incr(): a new window
        store.add(key, 1, timeout=window_seconds)
        return 1


# --- Database ---


def _read_database(key, now):
    return (
        RateLimitCounter.objects.filter(key=key, expires_at__gt=now)
        .values_list("count", flat=True)
        .first()
    ) or 0


def _count_in_database(key, window_seconds):
    """
    One more attempt in the database, atomically for every process: an UPDATE adds to a live
    window; otherwise an expired one is reset or a new row is inserted. Only updates, inserts
    and raw deletes: no model signal, so the page cache is not made stale by a counter.
    """
    now = timezone.now()
    expires_at = now + timedelta(seconds=window_seconds)
    live = RateLimitCounter.objects.filter(key=key, expires_at__gt=now)
    if live.update(count=F("count") + 1):
        return _read_database(key, now)
    if RateLimitCounter.objects.filter(key=key, expires_at__lte=now).update(
        count=1, expires_at=expires_at
    ):
        return 1
    try:
        with transaction.atomic():
            RateLimitCounter.objects.bulk_create(
                [RateLimitCounter(key=key, count=1, expires_at=expires_at)]
            )
    except IntegrityError:  # another process opened the window at the same moment
        live.update(count=F("count") + 1)
        return _read_database(key, now)
    _forget_expired(now)
    return 1


def _forget_expired(now):
    """Drop windows that are over (each new window does it: the table stays small)."""
    opts = RateLimitCounter._meta
    table = connection.ops.quote_name(opts.db_table)
    column = connection.ops.quote_name(opts.get_field("expires_at").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {column} <= %s",
            [connection.ops.adapt_datetimefield_value(now)],
        )


# --- The limit ---


def count(scope: str, key: str, window_seconds: int) -> int | None:
    """
    Count one attempt for (scope, key) and return the attempts in the current window, or None
    when neither Redis nor the database could count it.
    """
    name = counter_key(scope, key)
    store = _redis()
    if store is not None:
        try:
            return _count_in_cache(store, name, window_seconds)
        except Exception as error:  # any Redis failure: the database counts
            _redis_failed(error)
    try:
        return _count_in_database(name, window_seconds)
    except Exception:
        logger.exception("No se pudo contar un intento (ni Redis ni la base de datos)")
        return None


def attempts(scope: str, key: str) -> int:
    """The attempts counted for (scope, key) in its current window, without adding one."""
    name = counter_key(scope, key)
    store = _redis()
    if store is not None:
        try:
            return store.get(name) or 0
        except Exception as error:
            _redis_failed(error)
    try:
        return _read_database(name, timezone.now())
    except Exception:
        logger.exception("No se pudo leer un contador de intentos")
        return 0


def hit(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for (scope, key); return True while it is within `limit` per window."""
    counted = count(scope, key, window_seconds)
    return counted is None or counted <= limit


def hit_in_cache(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """
    `hit` in Django's default cache only (Redis when configured, else each process's memory),
    for floods of reads such as the search, where a database write per page would cost more
    than it protects; allowed when the cache is down.
    """
    try:
        return _count_in_cache(cache, counter_key(scope, key), window_seconds) <= limit
    except Exception:
        return True


def allow_request(
    request, scope: str, limit: int, window_seconds: int = 3600, *, shared: bool = True
) -> bool:
    """
    Count this request against the client's limit for `scope`; False when over it. Forms,
    tracking and logins are `shared` by every process (Redis or the database); `shared=False`
    is for the search's flood guard (`hit_in_cache`).
    """
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return True
    count_hit = hit if shared else hit_in_cache
    return count_hit(scope, client_ip(request), limit, window_seconds)
