import io

import pytest
from django.core.management import call_command

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
    assert page.locator("#item-1-1-a").is_visible()  # an old bookmark's line is on the index
    assert axe_violations(page) == []

    page.get_by_role("link", name="1.1.a", exact=False).first.click()
    assert page.url.endswith("/transparencia/categoria/1/#item-1-1-a")
    assert page.locator("h1").inner_text() == "1. Información de la entidad"
    assert page.get_by_role("link", name="Misión y visión").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Transparencia", exact=True).last.click()
    page.get_by_role("link", name="Personería de Puerto Guzmán").first.click()
    page.get_by_role("link", name="10. Información tributaria en entidades territoriales").click()
    assert "no administran ni recaudan tributos" in page.content()
    assert axe_violations(page) == []
