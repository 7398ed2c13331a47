import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

# Playwright's sync API runs an asyncio loop in the test thread; without this the ORM raises
# SynchronousOnlyOperation in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """
    Uploaded files go to a temporary folder; each test starts with an empty cache.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    # Django's default hasher takes about a second per user here; tests need no such cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """
    Static files by their plain names, found where they are, as `make run` serves them: tests
    need no collectstatic (the production manifest is tested through real servers in
    tests/test_deploy.py).
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _production_layers_off(settings):
    """
    The page cache, login throttling and staff two-factor are tested in tests/test_cache.py,
    tests/test_security.py and tests/test_two_factor.py; elsewhere they would hide query counts
    and refuse client.login() and force_login().
    """
    settings.PAGE_CACHE_SECONDS = 0
    settings.AXES_ENABLED = False
    settings.OTP_REQUIRED_FOR_STAFF = False
    # The forms' minimum fill time (portal/antispam.py) is tested in tests/test_design.py.
    settings.ANTISPAM_MIN_SECONDS = 0


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("necesita PostgreSQL (CI lo ejecuta con DATABASE_URL)")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI exige las pruebas de navegador y no hay Chromium en {CHROMIUM}")
        pytest.skip("Chromium no está instalado (make test lo instala cuando puede)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="es-CO")
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["telefono", "escritorio"])
def page(request, browser):
    """A browser page, once at a phone width and once at a desktop width."""
    context, page = _new_page(browser, request.param)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_violations():
    """Run axe-core (WCAG 2.1 A and AA) on a page and return its violations."""
    import axe_playwright_python

    source = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()

    def run(page, tags=WCAG21AA):
        # page.evaluate is not subject to the page's CSP (add_script_tag would be).
        page.evaluate(source)
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            tags,
        )
        return [
            {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    return run
