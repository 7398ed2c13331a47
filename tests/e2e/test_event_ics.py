from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.portal.factories import make_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_event_page_offers_its_own_calendar_file(live_server, page, axe_violations):
    event = make_event(title="Cabildo abierto de presupuesto", location="Coliseo municipal")
    make_event(title="Otro evento del mes")

    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    link = page.get_by_role("link", name="Agregar este evento a su calendario (archivo ICS)")
    expect(link).to_be_visible()
    assert axe_violations(page) == []

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"{event.slug}.ics"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Cabildo abierto de presupuesto" in content
    assert "Otro evento del mes" not in content
