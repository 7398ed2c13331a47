"""
Rate limits for public forms, kept in Django's cache so several app processes share them
(Redis in production). If the cache is down the request is allowed: a citizen is never
refused because of an outage on our side.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def client_ip(request) -> str:
    """
    The client's address. Behind a reverse proxy, set RATELIMIT_PROXY_HEADER (for example
    "HTTP_X_FORWARDED_FOR"); the last address in it is the one the trusted proxy saw.
    """
    header = getattr(settings, "RATELIMIT_PROXY_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "desconocida")[:64]


def hit(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """
    Count one attempt for (scope, key); return True while it is within `limit` per window.

    The window starts at the first attempt (the counter is created with the window as its
    lifetime and incrementing keeps that lifetime), so a burst cannot straddle a clock
    boundary and get twice the limit.
    """
    # The address is kept only as a keyed hash, for the window's length (regulatory A10: an
    # anonymous denuncia leaves no readable trace of who sent it).
    cache_key = (
        f"rl:{scope}:{salted_hmac('portal.ratelimit', key, algorithm='sha256').hexdigest()[:32]}"
    )
    try:
        if cache.add(cache_key, 1, timeout=window_seconds):
            return True
        return cache.incr(cache_key) <= limit
    except ValueError:  # the counter expired between add() and incr(): a new window
        cache.add(cache_key, 1, timeout=window_seconds)
        return True
    except Exception:  # a broken cache must not block citizens
        return True


def allow_request(request, scope: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count this request against the client's limit for `scope`; False when over it."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return True
    return hit(scope, client_ip(request), limit, window_seconds)
