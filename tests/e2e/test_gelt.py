"""The GEL-T public page and the committee dashboard in a real browser, phone and desktop, with axe."""

import re

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
    assert "12,5 %" in page.locator("#contenido").inner_text()  # 1 of 8 weeks with an update
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
    # The information phase is now checked from the portal's own content.
    expect(
        page.get_by_role(
            "img", name=re.compile(r"^Fase de Información: [\d,]+ % de criterios cumplidos")
        )
    ).to_be_visible()
    expect(page.get_by_text("Última medición automática:")).to_be_visible()
    assert "todavía no se ha medido" not in page.content()
    assert axe_violations(page) == []
    assert not [e for e in errors if "Content Security Policy" in e]


def login(page, live_server, user):
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


def load_menus():
    import io

    from django.core.management import call_command

    for command in ["load_institution", "load_transparency_menu"]:
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())


def test_public_page_current_policy_targets_and_committee(live_server, page, axe_violations):
    from tests.gelt.factories import load_policy, make_member

    load_plan()
    load_policy()
    load_menus()
    make_member(name="Ana Lucía Rosero", committee_role="Secretaria técnica")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/gobierno-en-linea/")
    policy = page.locator("#gelt-politica")
    expect(policy).to_have_text("Política de Gobierno Digital (vigente)")
    expect(page.get_by_role("rowheader", name="Cultura y apropiación")).to_have_count(1)
    expect(page.get_by_role("heading", name="Autoevaluación tipo ITA del menú de Transparencia"))
    assert page.get_by_text("Sin fecha meta vigente").count() == 5
    expect(page.get_by_text("Ana Lucía Rosero")).to_be_visible()
    assert axe_violations(page) == []
    # Not measured yet: each entity links its live page, which lists what is missing.
    page.get_by_role(
        "link", name=re.compile("^Calcular ahora la autoevaluación de Alcaldía")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Autoevaluación tipo ITA: Alcaldía"
    )
    expect(page.get_by_role("heading", name=re.compile(r"^Lo que falta \(\d+\)$"))).to_be_visible()
    assert "sin contenido publicado" in page.locator("#contenido").inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    assert axe_violations(page) == []


def test_public_page_shows_the_measured_ita_and_the_entity_page(live_server, page, axe_violations):
    from tests.gelt.factories import load_policy

    load_plan()
    load_policy()
    load_menus()
    measure()  # stores each entity's ITA snapshot, as the daily timer does
    page.goto(live_server.url + "/gobierno-en-linea/")
    expect(page.get_by_text("Medido el").first).to_be_visible()
    assert "sin medir" not in page.locator("#gelt-politica").locator("..").inner_text()
    page.get_by_role("link", name=re.compile("^Lo que falta en Personería")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Personería")
    expect(page.get_by_text("Última medición registrada", exact=False)).to_be_visible()
    assert axe_violations(page) == []


def test_dashboard_report_and_empalme_show_policy_and_targets(live_server, page, axe_violations):
    from django.contrib.auth.models import User

    from gelt.models import Administration
    from tests.gelt.factories import load_policy

    load_plan()
    load_policy()
    load_menus()
    Administration.objects.create(mayor="María Fernanda Yela", period_start=2024, period_end=2027)
    make_activity(description="Entregar las claves del portal", due_in_days=10)
    login(page, live_server, User.objects.create_superuser("jefa", "jefa@example.org", "x"))

    page.goto(live_server.url + "/admin/gelt/dashboard/")
    expect(page.locator("#gelt-b-policy")).to_have_text("Política de Gobierno Digital (vigente)")
    assert axe_violations(page) == []

    page.goto(live_server.url + "/admin/gelt/dashboard/informe/")
    assert "Política de Gobierno Digital (vigente)" in page.content()
    assert axe_violations(page) == []

    page.goto(live_server.url + "/admin/gelt/dashboard/empalme/")
    assert "María Fernanda Yela, periodo 2024–2027" in page.content()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Publicar en el portal como documento").is_visible()
    assert not page.locator("header").first.is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Publicar en el portal como documento").click()
    page.get_by_text("Documento de empalme publicado").wait_for()
    page.get_by_role("link", name="Documento de empalme del Comité GEL-T").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Documento de empalme")
    assert axe_violations(page) == []


def test_committee_sets_a_phase_target_in_the_admin_and_the_dashboard_judges_against_it(
    live_server, page
):
    from django.contrib.auth.models import User

    load_plan()
    login(page, live_server, User.objects.create_superuser("jefa", "jefa@example.org", "x"))
    page.goto(live_server.url + "/admin/gelt/dashboard/")
    row = page.get_by_role("row").filter(has_text="Fase de Interacción").first
    expect(row).to_contain_text("Sin fecha meta vigente")
    row.get_by_role("link", name="Fijar o cambiar la fecha meta").click()
    page.get_by_label("Fecha meta fijada por el comité").fill("30/06/2027")
    page.get_by_label("Decisión que fijó la fecha meta").fill("Acta del comité n.º 3 ✅")
    page.locator('input[name="_save"]').click()
    page.wait_for_url("**/admin/gelt/phase/")
    page.goto(live_server.url + "/admin/gelt/dashboard/")
    row = page.get_by_role("row").filter(has_text="Fase de Interacción").first
    expect(row).to_contain_text("Fecha meta del comité: 30 de junio de 2027")
    expect(row).to_contain_text("fijada por jefa")
    expect(row).to_contain_text("(Acta del comité n.º 3 ✅)")
