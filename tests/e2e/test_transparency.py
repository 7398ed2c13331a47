import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.portal.factories import make_entity, make_office, make_page
from tests.transparency.factories import make_link
from transparency.models import MenuItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_menu_is_accessible_on_phone_and_desktop(live_server, page, axe_violations):
    alcaldia = make_entity()
    make_entity("personeria")
    call_command("load_transparency_menu", stdout=io.StringIO(), stderr=io.StringIO())
    item = MenuItem.objects.get(entity=alcaldia, code="1.1.a")
    item.pages.add(make_page(title="Misión y visión"))
    item.owner_office = make_office(alcaldia, name="Secretaría General")
    item.save()
    make_link(MenuItem.objects.get(entity=alcaldia, code="3.2"))

    page.goto(f"{live_server.url}/transparencia/")

    assert page.locator("h1").inner_text() == "Transparencia y acceso a la información pública"
    expect(page.locator("#item-1-1-a")).to_be_visible()  # an old bookmark's line is on the index
    assert axe_violations(page) == []

    page.get_by_role("link", name="1.1.a", exact=False).first.click()
    expect(page).to_have_url(re.compile(r"/transparencia/categoria/1/#item-1-1-a$"))
    expect(page.locator("h1")).to_have_text("1. Información de la entidad")
    expect(page.get_by_role("link", name="Misión y visión")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Transparencia", exact=True).last.click()
    page.wait_for_url(re.compile(r"/transparencia/$"))
    page.get_by_role("link", name="Personería de Puerto Guzmán").first.click()
    page.wait_for_url(re.compile(r"/transparencia/personeria/$"))
    page.get_by_role("link", name="10. Información tributaria en entidades territoriales").click()
    expect(page.get_by_text("no administran ni recaudan tributos").first).to_be_visible()
    assert axe_violations(page) == []
