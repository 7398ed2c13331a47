"""The rate limit that protects public forms and the search from floods."""

import datetime as dt

import time_machine
from django.core.cache import cache

from portal.ratelimit import hit

START = dt.datetime(2026, 11, 24, 12, 0, 59, 500000, tzinfo=dt.UTC)


def setup_function():
    cache.clear()


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


def test_each_address_and_form_has_its_own_allowance():
    assert hit("prueba", "198.51.100.3", 1, 60)
    assert not hit("prueba", "198.51.100.3", 1, 60)
    assert hit("prueba", "198.51.100.4", 1, 60)
    assert hit("otra", "198.51.100.3", 1, 60)
