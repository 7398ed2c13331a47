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


def test_bound_items_and_instrument_tables_are_accessible(live_server, page, axe_violations):
    """A published decree fills 2.1.3 by itself; 7.1.1 is a table with its downloads."""
    import datetime

    from portal.models import Document
    from tests.portal.factories import make_document
    from transparency.models import InformationAsset

    alcaldia = make_entity(mission="Servir.", functions="Administrar.")
    make_entity("concejo")
    call_command("load_transparency_menu", stdout=io.StringIO(), stderr=io.StringIO())
    make_document(
        entity=alcaldia,
        kind=Document.Kind.DECRETO,
        number="031 de 2026",
        title="Por el cual se adopta el plan de gestión del riesgo",
        issued_on=datetime.date(2026, 11, 20),
    )
    hacienda = make_office(alcaldia, name="Secretaría de Hacienda")
    for n in range(3):
        InformationAsset.objects.create(
            entity=alcaldia,
            office=hacienda,
            category=f"Presupuesto municipal {n}",
            description="Presupuesto de rentas y gastos y su ejecución, aprobados cada año.",
            format="PDF, XLSX",
        )
    laws = MenuItem.objects.get(entity=alcaldia, code="2.1.1")
    laws.committed_on = datetime.date(2027, 3, 31)
    laws.save()

    page.goto(f"{live_server.url}/transparencia/")
    expect(page.get_by_role("heading", name="Cobertura del menú por categoría")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/transparencia/categoria/2/")
    acts = page.locator("#item-2-1-3")
    expect(
        acts.get_by_role("link", name="Por el cual se adopta el plan de gestión")
    ).to_be_visible()
    expect(acts).to_contain_text("20/11/2026")
    expect(page.locator("#item-2-1-1")).to_contain_text("31/03/2027")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/transparencia/categoria/7/")
    table = page.get_by_role("table").filter(has_text="Presupuesto municipal 2")
    expect(table.get_by_role("columnheader", name="Categoría de información")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#item-7-1-1").get_by_role("link", name="CSV").first.click()
    assert download.value.suggested_filename == "registro-de-activos-alcaldia.csv"
    assert axe_violations(page) == []
