"""The menu's rules as plain functions: no database."""

import datetime
import doctest

import pytest

from transparency import quality
from transparency.quality import (
    describe_changes,
    is_stale,
    quality_level,
    share,
    url_format,
)

TODAY = datetime.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("last_updated", "frequency", "expected"),
    [
        (datetime.date(2026, 10, 24), "mensual", False),
        (datetime.date(2026, 10, 23), "mensual", True),
        (datetime.date(2026, 10, 20), "mensual", True),
        (datetime.date(2026, 8, 24), "trimestral", False),
        (datetime.date(2026, 8, 1), "trimestral", True),
        (datetime.date(2026, 6, 1), "semestral", False),
        (datetime.date(2025, 11, 24), "anual", False),
        (datetime.date(2025, 11, 1), "anual", True),
        (datetime.date(2010, 1, 1), "cuando_cambie", False),
        (None, "cuando_cambie", False),
        (None, "anual", True),
    ],
)
def test_is_stale(last_updated, frequency, expected):
    assert is_stale(last_updated, frequency, TODAY) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.datos.gov.co/d/abcd-1234", "data"),
        ("https://example.gov.co/activos.XLSX", "data"),
        ("/tramites/datos.csv", "data"),
        ("https://example.gov.co/informe.pdf", "file"),
        ("/directorio/", "page"),
        ("https://www.colombiacompra.gov.co/secop", "external"),
        ("https://www.suin-juriscol.gov.co/", "external"),
    ],
)
def test_url_format(url, expected):
    assert url_format(url) == expected


@pytest.mark.parametrize(
    ("html", "file", "data", "expected"),
    [
        (False, False, False, None),
        (False, True, False, "A"),
        (False, False, True, "A"),
        (True, False, False, "AA"),
        (True, True, False, "AA"),
        (True, False, True, "AAA"),
    ],
)
def test_quality_level(html, file, data, expected):
    assert quality_level(has_html=html, has_file=file, has_data=data) == expected


def test_share():
    assert share(1, 3) == 33.3
    assert share(3, 3) == 100.0
    assert share(0, 0) is None


def test_describe_changes_lists_additions_and_removals():
    before = {"pages": {"Misión"}, "links": {"SECOP (https://a.gov.co)"}, "owner": "Planeación"}
    after = {"pages": {"Misión", "Visión"}, "links": set(), "owner": "Planeación"}
    assert describe_changes(before, after) == [
        "Se agregó la página «Visión».",
        "Se quitó el enlace «SECOP (https://a.gov.co)».",
    ]


def test_describe_changes_not_applicable_and_owner():
    before = {"applies": True, "owner": None}
    after = {"applies": False, "justification": "Solo entidades nacionales.", "owner": "Hacienda"}
    assert describe_changes(before, after) == [
        "Se marcó como «no aplica»: Solo entidades nacionales.",
        "Dependencia responsable: Hacienda.",
    ]


def test_describe_changes_nothing_changed():
    snapshot = {"pages": {"A"}, "applies": True, "owner": "X"}
    assert describe_changes(snapshot, dict(snapshot)) == []


def test_docstring_examples():
    """The examples in the module's docstrings are right."""
    assert doctest.testmod(quality).failed == 0
