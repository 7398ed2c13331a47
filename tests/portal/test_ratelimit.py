"""
The rate limit that protects public forms, tracking, the search and the staff login from
floods: shared by every app process through the database (or Redis, when configured), and
still counting while Redis is down.
"""

import datetime as dt
import socket

import pytest
import time_machine
from django.test import RequestFactory

from portal import ratelimit
from portal.ratelimit import RateLimitCounter, allow_request, attempts, hit

START = dt.datetime(2026, 11, 24, 12, 0, 59, 500000, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _redis_never_failed(monkeypatch):
    monkeypatch.setattr(ratelimit, "_redis_down_until", 0.0)


def test_a_burst_across_a_clock_minute_gets_the_limit_once():
    with time_machine.travel(START, tick=False) as clock:
        assert all(hit("prueba", "198.51.100.1", 3, 60) for _ in range(3))
        clock.shift(1)  # 12:01:00.5, a new clock minute, same window
        assert not hit("prueba", "198.51.100.1", 3, 60)


def test_the_allowance_comes_back_when_the_window_ends():
    with time_machine.travel(START, tick=False) as clock:
        assert all(hit("prueba", "198.51.100.2", 2, 60) for _ in range(2))
        assert not hit("prueba", "198.51.100.2", 2, 60)
        clock.shift(61)
        assert hit("prueba", "198.51.100.2", 2, 60)
        assert attempts("prueba", "198.51.100.2") == 1


def test_each_address_and_form_has_its_own_allowance():
    assert hit("prueba", "198.51.100.3", 1, 60)
    assert not hit("prueba", "198.51.100.3", 1, 60)
    assert hit("prueba", "198.51.100.4", 1, 60)
    assert hit("otra", "198.51.100.3", 1, 60)


def test_without_redis_the_counters_live_in_the_database_with_the_address_hashed(settings):
    settings.RATELIMIT_CACHE = ""
    assert all(hit("formulario", "198.51.100.5", 2, 600) for _ in range(2))
    assert not hit("formulario", "198.51.100.5", 2, 600)
    [counter] = RateLimitCounter.objects.all()
    assert counter.count == 3
    assert "198.51.100.5" not in counter.key  # a keyed hash, never the address


def test_windows_that_are_over_are_removed():
    with time_machine.travel(START, tick=False) as clock:
        hit("prueba", "198.51.100.6", 5, 60)
        hit("prueba", "198.51.100.7", 5, 60)
        clock.shift(120)
        hit("prueba", "198.51.100.8", 5, 60)
    assert RateLimitCounter.objects.count() == 1


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


def test_while_redis_is_down_the_limit_holds_in_the_database(settings):
    """The real failure: the Redis URL points at a port where nothing answers."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.RATELIMIT_CACHE = "ratelimit"
    request = RequestFactory().post("/pqrsd/", REMOTE_ADDR="198.51.100.9")
    answers = [allow_request(request, "pqrsd", 3, 3600) for _ in range(5)]
    assert answers == [True, True, True, False, False]
    assert RateLimitCounter.objects.get().count == 5
    assert attempts("pqrsd", "198.51.100.9") == 5


def test_each_scope_counts_apart_even_with_a_long_common_beginning():
    # Survey 1000 must not share the counter of survey 100 (the key keeps a short prefix).
    from portal.ratelimit import counter_key

    assert counter_key("participation-survey:100", "203.0.113.9") != counter_key(
        "participation-survey:1000", "203.0.113.9"
    )
