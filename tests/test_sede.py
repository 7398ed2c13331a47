"""
manage.py check_sede and /transparencia/cumplimiento.json (guzman_portal.sede).

A small site of test pages, served by Django under this module's URLconf, is crawled by the real
command: a page with every required element passes, and each page built to break one rule
makes that rule (and only that one) fail, with the command exiting non-zero.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.urls import path

from guzman_portal import sede

GOOD = """<!doctype html>
<html lang="es-CO">
<head><meta charset="utf-8"><title>{title} | Alcaldía de Puerto Guzmán</title></head>
<body>
<div data-sede="govco-bar"><a href="https://www.gov.co/home/">GOV.CO</a></div>
<div data-sede="accessibility-bar">
  <a data-sede="a11y-contrast" href="?contraste=1">Contraste</a>
  <a data-sede="a11y-text-smaller" href="?letra=-1">Reducir letra</a>
  <a data-sede="a11y-text-larger" href="?letra=1">Aumentar letra</a>
  <a href="https://centroderelevo.gov.co/632/w3-channel.html">Centro de Relevo</a>
</div>
<div data-sede="cookie-notice"><p>Este portal solo usa cookies necesarias.</p></div>
{breadcrumbs}
<main>
<h1>{title}</h1>
<p data-sede="publication-date">Publicado el <time datetime="2026-11-02">2 de noviembre</time></p>
<p>Llame al <a href="tel:+576084296020">608 429 6020</a>.</p>
{form}
<p data-sede="last-updated">Última actualización:
<time datetime="2026-11-30T10:00:00-05:00">30 de noviembre de 2026</time></p>
</main>
<footer data-sede="footer">
  <p data-sede="entity-name">Alcaldía de Puerto Guzmán</p>
  <p data-sede="footer-address">Calle 5 # 3-20, Puerto Guzmán, Putumayo</p>
  <p data-sede="footer-hours">Lunes a viernes, 8:00 a 12:00 y 14:00 a 18:00</p>
  <p data-sede="footer-phone"><a href="tel:6084296020">608 429 6020</a></p>
  <p data-sede="footer-email"><a href="mailto:contactenos@puertoguzman-putumayo.gov.co">contactenos@…</a></p>
  <p data-sede="judicial-email"><a href="mailto:notificacionesjudiciales@puertoguzman-putumayo.gov.co">notificaciones</a></p>
  <p data-sede="anticorruption-line">Línea anticorrupción: <a href="tel:018000912667">01 8000 912 667</a></p>
  <ul>
    <li><a data-sede="policy-terms" href="/politica/terminos/">Términos y condiciones</a></li>
    <li><a data-sede="policy-privacy" href="/politica/privacidad/">Seguridad y privacidad</a></li>
    <li><a data-sede="policy-personal-data" href="/politica/datos/">Datos personales</a></li>
    <li><a data-sede="policy-cookies" href="/politica/cookies/">Cookies</a></li>
    <li><a data-sede="policy-copyright" href="/politica/autor/">Derechos de autor</a></li>
  </ul>
</footer>
</body>
</html>
"""
BREADCRUMBS = (
    '<nav aria-label="Migas de pan" data-sede="breadcrumbs"><a href="/">Inicio</a> › Aquí</nav>'
)
FORM = """<form method="post" action="/pqrsd/">
<label for="n">Nombre</label><input id="n" name="nombre">
<p data-sede="privacy-notice">Sus datos se tratan según la política de datos personales.</p>
<input type="checkbox" name="autoriza" id="a" data-sede="data-authorisation" required>
<label for="a">Autorizo el tratamiento de mis datos</label>
<div data-sede="antispam"><label for="p">¿Cuánto es tres más cuatro?</label><input id="p" name="p"></div>
<button>Enviar</button></form>"""


def page(title, *, breadcrumbs=BREADCRUMBS, form=FORM, replace=()):
    html = GOOD.format(title=title, breadcrumbs=breadcrumbs, form=form)
    for old, new in replace:
        assert old in html, old
        html = html.replace(old, new)
    return html


# Each rule, and a change to the good page that breaks it.
BREAKS = {
    "barra-govco": [('href="https://www.gov.co/home/"', 'href="https://example.org/"')],
    "barra-accesibilidad": [('data-sede="a11y-text-larger" ', "")],
    "pie-de-pagina": [('data-sede="judicial-email"', "")],
    "politicas": [('data-sede="policy-cookies" ', "")],
    "fechas": [('data-sede="last-updated"', "")],
    "titulo": [("| Alcaldía de Puerto Guzmán</title>", "| Portal</title>")],
    "idioma": [('lang="es-CO"', 'lang="es"')],
    "un-h1": [("<main>", "<main><h1>Otro título</h1>")],
    "telefonos": [('href="tel:+576084296020"', 'href="tel:4296020"')],
    "migas-de-pan": [('data-sede="breadcrumbs"', "")],
    "aviso-cookies": [('data-sede="cookie-notice"', "")],
    "formularios": [
        ('data-sede="data-authorisation" required', 'data-sede="data-authorisation" checked')
    ],
}
PAGES = {"": page("Inicio", breadcrumbs="")}
PAGES.update({f"buena-{n}/": page(f"Página buena {n}") for n in range(2)})
for name in ("terminos", "privacidad", "datos", "cookies", "autor"):
    PAGES[f"politica/{name}/"] = page(f"Política {name}", form="")


def _view(html):
    return lambda request: HttpResponse(html)


def _failing_view(request):
    raise RuntimeError("página rota a propósito")


def _server_error(request):
    return HttpResponseServerError("Error")


def _not_found(request, exception):
    return HttpResponseNotFound("No existe")


def _site(**extra):
    """A URLconf (any object with urlpatterns) of the good pages plus `extra` {route: view}."""
    patterns = [path(route, _view(html)) for route, html in PAGES.items()]
    patterns += [path(route, view) for route, view in extra.items()]
    patterns.append(path("transparencia/cumplimiento.json", sede.compliance_json))
    return type(
        "Site",
        (),
        {
            "urlpatterns": patterns,
            "handler404": staticmethod(_not_found),
            "handler500": staticmethod(_server_error),
        },
    )


GOOD_SITE = _site()
BROKEN_SITE = _site(
    **{
        f"rompe-{rule}/": _view(page(f"Rompe {rule}", replace=changes))
        for rule, changes in BREAKS.items()
    }
)
DUPLICATES_SITE = _site(**{"copia-a/": _view(page("Copia")), "copia-b/": _view(page("Copia"))})
ERROR_SITE = _site(**{"error/": _failing_view})


@pytest.fixture
def good_site(settings):
    settings.ROOT_URLCONF = GOOD_SITE


@pytest.fixture
def broken_site(settings):
    settings.ROOT_URLCONF = BROKEN_SITE


def _run(*args):
    out = io.StringIO()
    try:
        call_command("check_sede", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue(), str(error)
    return True, out.getvalue(), ""


@pytest.mark.django_db
def test_a_site_of_good_pages_passes(good_site):
    ok, out, _ = _run()
    assert ok, out
    assert "Todas las reglas se cumplen." in out
    assert "8 páginas revisadas." in out
    result = sede.check_site()
    assert result["passed"]
    assert {rule["rule"] for rule in result["rules"]} == set(BREAKS)


@pytest.mark.django_db
@pytest.mark.parametrize("rule", list(BREAKS))
def test_each_broken_page_fails_its_rule_only(broken_site, rule):
    result = sede.check_site()
    failing = {
        item["rule"]: [failure["url"] for failure in item["failures"]] for item in result["rules"]
    }
    assert f"/rompe-{rule}/" in failing[rule]
    others = [name for name, urls in failing.items() if f"/rompe-{rule}/" in urls]
    assert others == [rule]
    assert not result["passed"]


@pytest.mark.django_db
def test_the_command_prints_a_table_and_exits_non_zero(broken_site):
    ok, out, error = _run()
    assert not ok
    assert "Reglas que fallan:" in error
    for rule in BREAKS:
        assert rule in error
    assert "/rompe-telefonos/" in out
    assert "«tel:4296020» no está en la numeración nacional de 2021" in out
    row = next(line for line in out.splitlines() if line.startswith("/rompe-un-h1/ "))
    assert row.count("✗") == 1 and row.count("✓") == len(BREAKS) - 1


@pytest.mark.django_db
def test_duplicate_titles_fail_on_both_pages(settings):
    settings.ROOT_URLCONF = DUPLICATES_SITE
    result = sede.check_site()
    [titles] = [rule for rule in result["rules"] if rule["rule"] == "titulo"]
    assert sorted(f["url"] for f in titles["failures"]) == ["/copia-a/", "/copia-b/"]


@pytest.mark.django_db
def test_a_page_that_errors_fails_every_rule(settings):
    settings.ROOT_URLCONF = ERROR_SITE
    result = sede.check_site()
    for rule in result["rules"]:
        assert [f["url"] for f in rule["failures"]] == ["/error/"]
        assert rule["failures"][0]["reasons"] == ["la página responde 500"]


@pytest.mark.django_db
def test_a_page_of_another_entity_must_name_it_and_no_other():
    from portal.models import Entity

    personeria = Entity.objects.create(
        name="Personería Municipal", slug="personeria", kind="personeria"
    )
    site = sede.Site(sede.ClientFetcher(), sede.page_entities()[1])

    def reasons(title, entity):
        parsed = sede.PageParser()
        parsed.feed(page("x", replace=[("x | Alcaldía de Puerto Guzmán", title)]))
        return sede.check_title(sede.Page("/p/", 200, parsed, entity=entity), site)

    assert reasons("Informe | Alcaldía de Puerto Guzmán", personeria) == [
        "el título no nombra a la entidad de la página (Personería)",
        "el título nombra a otra entidad: «Alcaldía» (la página es de Personería)",
    ]
    assert reasons("Informe | Personería de Puerto Guzmán", personeria) == []
    assert reasons("Informe | Personería de Puerto Guzmán", None) == [
        "el título nombra a otra entidad: «Personería» (la página es de Alcaldía)"
    ]
    assert reasons("Informe | Portal de Puerto Guzmán", None) == []
    assert reasons("Informe | Portal", None) == ["el título no nombra al municipio (Puerto Guzmán)"]


@pytest.mark.parametrize(
    "number",
    ["6084296020", "+576084296020", "608 429 6020", "3201234567", "018000912667", "123"],
)
def test_phones_in_the_2021_numbering_pass(number):
    assert sede.PHONE.match(number.replace(" ", ""))


@pytest.mark.parametrize("number", ["4296020", "084296020", "(8)4296020", "5084296020", "60842960"])
def test_phones_in_the_old_numbering_fail(number):
    assert not sede.PHONE.match(number.replace("(", "").replace(")", ""))


@pytest.mark.django_db
def test_compliance_json_serves_the_last_published_check(
    client, settings, broken_site, django_assert_max_num_queries
):
    # Before any check is published the page says so, and a check without --publish keeps it so.
    ok, _, _ = _run()
    assert not ok
    response = client.get("/transparencia/cumplimiento.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert (data["generated_at"], data["passed"], data["rules"]) == (None, None, [])
    assert "check_sede --publish" in data["aviso"]

    ok, out, _ = _run("--publish")
    assert not ok  # a rule fails: the command says so, and publishes the result all the same
    assert "Resultado publicado en /transparencia/cumplimiento.json." in out
    with django_assert_max_num_queries(2):  # the stored result: no crawl in the request
        response = client.get("/transparencia/cumplimiento.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["passed"] is False
    assert data["generated_at"]
    [phones] = [rule for rule in data["rules"] if rule["rule"] == "telefonos"]
    assert phones["source"] == "Res. CRC 5826 de 2019"
    assert phones["failures"] == [
        {
            "url": "/rompe-telefonos/",
            "reasons": ["«tel:4296020» no está en la numeración nacional de 2021 (608…)"],
        }
    ]

    # The site is mended and checked again: the page serves the new result, and only it.
    settings.ROOT_URLCONF = GOOD_SITE
    ok, _, _ = _run("--publish")
    assert ok
    response = client.get("/transparencia/cumplimiento.json")
    assert json.loads(response.content)["passed"] is True
    assert list((settings.MEDIA_ROOT / "sede").iterdir()) == [
        settings.MEDIA_ROOT / sede.PUBLISHED_NAME
    ]


@pytest.mark.django_db
def test_the_demo_site_passes_every_rule():
    """What CI runs (.ci/run): the shipped and demo data, every public page."""
    from tests.test_urls import SETUP_COMMANDS

    for command in SETUP_COMMANDS:
        call_command(command, stdout=io.StringIO())
    result = sede.check_site()
    failures = [
        f"{rule['rule']}: {failure['url']}: {'; '.join(failure['reasons'])}"
        for rule in result["rules"]
        for failure in rule["failures"]
    ]
    assert not failures, "\n".join(failures[:40])
    assert len(result["pages_checked"]) > 100


@pytest.mark.django_db(transaction=True)
def test_the_command_crawls_a_running_site_over_http(live_server, settings):
    settings.ROOT_URLCONF = BROKEN_SITE
    ok, out, error = _run("--url", live_server.url + "/")
    assert not ok
    assert "/rompe-idioma/" in out
    assert '<html lang="es"> (se espera lang="es-CO")' in out
    assert f"{len(PAGES) + len(BREAKS)} páginas revisadas." in out
    settings.ROOT_URLCONF = GOOD_SITE
    ok, out, _ = _run("--url", live_server.url)
    assert ok, out
