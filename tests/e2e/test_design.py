"""
The Kit UI 9.2 design in a real browser (axe-core, WCAG 2.1 AA) at phone and desktop widths and
in the high-contrast mode: the accessibility bar with and without JavaScript, the menu, the
font served from the site, the footer, and the anti-spam check of the PQRSD form.
"""

import io
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pqrsd.models import Request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/noticias/",
    "/pqrsd/",
    "/tramites/",
    "/paginas/politica-de-cookies/",
    "/paginas/politica-de-seguridad-y-privacidad/",
    "/paginas/accesibilidad/",
    "/buscar/?q=predial",
]


@pytest.fixture
def site(live_server):
    for command in ["load_institution", "load_procedures", "seed_demo"]:
        call_command(command, stdout=io.StringIO())
    return live_server.url


def test_pages_pass_axe_in_normal_and_high_contrast(page, site, axe_violations):
    for path in PAGES:
        response = page.goto(site + path)
        assert response.status == 200, path
        assert page.eval_on_selector("h1", "h => getComputedStyle(h).color") == "rgb(9, 67, 181)"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert axe_violations(page) == [], path
    for path in PAGES:
        separator = "&" if "?" in path else "?"
        page.goto(f"{site}{path}{separator}contraste=alto")
        assert page.evaluate("document.documentElement.classList.contains('contraste-alto')")
        body = page.eval_on_selector("main", "m => getComputedStyle(m).backgroundColor")
        assert body == "rgb(0, 0, 0)", path
        link = page.eval_on_selector("main a", "a => getComputedStyle(a).color")
        assert link == "rgb(255, 255, 0)", path
        assert axe_violations(page) == [], f"{path} (contraste alto)"


def test_headings_use_nunito_sans_from_the_site_and_text_verdana(phone_page, site):
    page = phone_page
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if ".woff2" in request.url else 0)
    page.goto(site + "/")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('700 20px \"Nunito Sans\"')")
    assert fonts and all(url.startswith(site + "/static/fonts/") for url in fonts)
    family = page.eval_on_selector("h1", "h => getComputedStyle(h).fontFamily")
    assert family.startswith('"Nunito Sans"')
    assert page.eval_on_selector("body", "b => getComputedStyle(b).fontFamily").startswith(
        "Verdana"
    )


def test_accessibility_bar_with_javascript_applies_and_remembers(phone_page, site, axe_violations):
    page = phone_page
    page.goto(site + "/noticias/")
    bar = page.get_by_role("navigation", name="Opciones de accesibilidad")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    bar.get_by_role("link", name="Aumentar letra").click()
    assert page.url.endswith("/noticias/")  # applied in place, no reload
    bigger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger > size
    bar.get_by_role("link", name="Contraste alto").click()
    expect(bar.get_by_role("link", name="Contraste normal")).to_be_visible()
    # The next page keeps the preferences (localStorage), with no cookie.
    page.get_by_role("link", name="Mapa del sitio").click()
    page.wait_for_url("**/mapa-del-sitio/")
    assert page.evaluate("document.documentElement.className").split() == [
        "contraste-alto",
        "texto-grande",
    ]
    assert page.context.cookies() == []
    assert axe_violations(page) == []
    bar.get_by_role("link", name="Vista normal").click()
    assert page.evaluate("document.documentElement.className").strip() == ""


def test_accessibility_bar_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(site + "/eventos/")
        bar = page.get_by_role("navigation", name="Opciones de accesibilidad")
        bar.get_by_role("link", name="Contraste alto").click()
        page.wait_for_url("**/eventos/?contraste=alto")
        assert page.locator("html").get_attribute("class") == "contraste-alto"
        bar.get_by_role("link", name="Aumentar letra").click()
        page.wait_for_url("**/eventos/?contraste=alto&texto=grande")
        assert page.locator("html").get_attribute("class") == "contraste-alto texto-grande"
        expect(bar.get_by_role("link", name="Centro de Relevo")).to_have_attribute(
            "href", "https://centroderelevo.gov.co/632/w3-channel.html"
        )
        # The two-level menu opens without JavaScript (details/summary).
        page.get_by_text("Atención a la ciudadanía").click()
        page.get_by_role("link", name="Trámites y servicios").first.click()
        page.wait_for_url("**/tramites/")
        assert context.cookies() == []
    finally:
        context.close()


def test_top_bar_and_footer_logos(page, site):
    page.goto(site + "/")
    govco = page.locator(".govco-bar a.govco-logo")
    expect(govco).to_have_attribute("href", "https://www.gov.co/home/")
    box = govco.locator("img").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (136, 24)
    footer = page.locator("footer")
    for alt in ["Escudo del municipio", "GOV.CO", "Marca país Colombia"]:
        expect(footer.get_by_role("img", name=alt).first).to_be_visible()
    for name in [
        "Términos y condiciones",
        "Política de seguridad y privacidad de la información",
        "Política de tratamiento de datos personales",
        "Política de cookies",
        "Derechos de autor",
    ]:
        expect(footer.get_by_role("link", name=name, exact=True).first).to_be_visible()
    expect(footer.get_by_text("No usa cookies opcionales")).to_be_visible()


def test_pqrsd_anti_spam_in_the_browser(phone_page, site, settings, axe_violations):
    settings.ANTISPAM_MIN_SECONDS = 2
    page = phone_page
    page.goto(site + "/pqrsd/")
    expect(page.get_by_text("Aviso de privacidad.")).to_be_visible()
    consent = page.get_by_label("Autorizo el tratamiento de mis datos personales")
    expect(consent).not_to_be_checked()
    page.get_by_label("Petición", exact=True).check()
    page.get_by_label("Asunto").fill("Alumbrado del parque")
    page.get_by_label("Descripción").fill("Las luminarias del parque están apagadas.")
    page.get_by_label("Tipo de persona").select_option("natural")
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("1120123456")
    page.get_by_label("Nombres y apellidos o razón social").fill("Ana Peña")
    page.get_by_label("Correo electrónico").fill("ana@example.com")
    consent.check()
    page.get_by_role("button", name="Radicar solicitud").click()  # well under 2 seconds
    expect(page.get_by_role("alert").get_by_text("demasiado rápido")).to_be_visible()
    expect(page.get_by_label("Nombres y apellidos o razón social")).to_have_value("Ana Peña")
    assert axe_violations(page) == []
    assert Request.objects.count() == 0
    time.sleep(2.2)
    page.get_by_role("button", name="Radicar solicitud").click()
    expect(page.get_by_role("heading", name="Su solicitud quedó radicada")).to_be_visible()
    assert Request.objects.get().name == "Ana Peña"
