"""The Spanish error pages (Django's and nginx's) are readable on a phone and pass axe-core."""

import pytest
from playwright.sync_api import expect

from tests.servers import BASE_DIR

pytestmark = pytest.mark.e2e

PAGES = [BASE_DIR / "templates" / "500.html", BASE_DIR / "static" / "errores" / "500.html"]


@pytest.mark.parametrize("path", PAGES, ids=["django", "nginx"])
def test_error_page_is_accessible(page, axe_violations, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.set_content(path.read_text())
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuvimos un problema")
    assert page.evaluate("document.documentElement.lang") == "es-CO"
    assert axe_violations(page) == []
