"""The GEL-T public page and the committee dashboard in a real browser, phone and desktop, with axe."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from portal.roles import COMMITTEE_GROUP
from tests.gelt.factories import load_plan, make_activity, make_measurement, make_meeting, measure
from tests.portal.factories import make_news, make_staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_page_shows_live_progress_and_is_accessible(live_server, page, axe_violations):
    load_plan()
    make_news()
    measure()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/")
    page.locator("footer").get_by_role("link", name="Gobierno en Línea Territorial").click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Gobierno en Línea Territorial (GEL-T)"
    table = page.get_by_role("table").first
    expect(table.get_by_role("rowheader", name="Fase de Información")).to_be_visible()
    assert "1 de noviembre de 2008" in table.inner_text()
    assert (
        page.get_by_role(
            "img", name="Fase de Democracia: 0,0 % de criterios cumplidos, meta 50 %"
        ).count()
        == 1
    )
    assert "0,12 por semana" in page.locator("#contenido").inner_text()
    assert axe_violations(page) == []
    assert not [e for e in errors if "Content Security Policy" in e]


def test_dashboard_measures_and_is_accessible(live_server, page, axe_violations):
    load_plan()
    user = make_staff_user(groups=(COMMITTEE_GROUP,))
    make_activity(description="Actualizar el directorio de servidores públicos")
    make_meeting()
    make_measurement("A6-EMPALME", 30)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/admin/gelt/dashboard/")
    assert "Actualizar el directorio de servidores públicos" in page.content()
    page.get_by_role("button", name="Medir ahora").click()
    page.get_by_text("Verificaciones ejecutadas").wait_for()
    expect(
        page.get_by_role(
            "img", name="Fase de Información: 0,0 % de criterios cumplidos, meta 100 %"
        )
    ).to_be_visible()
    assert axe_violations(page) == []
    assert not [e for e in errors if "Content Security Policy" in e]
