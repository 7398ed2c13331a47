"""
What a MinTIC reviewer checks on a sede electrónica, checked on every public page.

Each legally required element of a page carries a stable `data-sede="..."` marker (the list is
in docs/sede.md). `check_site()` crawls every public page (the site map, plus every public URL
that takes no arguments, in-process through Django's test client, or a running site over HTTP)
and applies each rule of RULES to each page. `manage.py check_sede` prints the result; with
`--publish` (the daily timer) it also stores it, and /transparencia/cumplimiento.json serves the
stored result with the moment it was generated. A crawl reads every page of the site, minutes at
scale: it runs in a command, never inside a visitor's request.
"""

import json
import re
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, get_script_prefix
from django.utils import timezone

from guzman_portal.cache import bump_version

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
# Sections of the site map whose pages are dated items (FUN-019: publication date shown).
DATED_SECTIONS = ("noticias", "eventos", "documentos", "paginas")
# Public URLs without arguments that are not pages for a person (files, feeds, machine data).
NOT_PAGES = re.compile(r"(\.xml|\.txt|\.json|\.csv|\.ics|\.rss|/feed/|/rss/)$")
POLICIES = {
    "policy-terms": "términos y condiciones",
    "policy-privacy": "política de seguridad y privacidad de la información",
    "policy-personal-data": "política de tratamiento de datos personales",
    "policy-cookies": "política de cookies",
    "policy-copyright": "política de derechos de autor",
}
FOOTER_FIELDS = {
    "entity-name": "nombre de la entidad",
    "footer-address": "dirección",
    "footer-hours": "horario de atención",
    "footer-phone": "teléfono (enlace tel:)",
    "footer-email": "correo institucional (enlace mailto:)",
    "judicial-email": "correo de notificaciones judiciales (enlace mailto:)",
    "anticorruption-line": "línea anticorrupción",
}
ACCESSIBILITY_CONTROLS = {
    "a11y-contrast": "contraste",
    "a11y-text-smaller": "reducir letra",
    "a11y-text-larger": "aumentar letra",
}
# Colombian numbering since 1 September 2021 (Res. CRC 5826 de 2019): fixed lines 60 + area
# digit + 7 digits (Putumayo: 608), mobiles 3 + 9 digits, toll-free 01 8000 + 6 digits, and
# three-digit public service numbers (123, 155, 141...). "+57" may precede the first two.
PHONE = re.compile(r"^(?:(?:\+57)?(?:60[1-8]\d{7}|3\d{9})|018000\d{6}|1\d{2})$")
# Markers written by the base template with their own attribute, counted as the named marker.
ALIASES = {
    ("data-govco-bar", None): "govco-bar",
    ("data-accesibilidad", None): "accessibility-bar",
    ("data-accion", "contraste"): "a11y-contrast",
    ("data-accion", "menor"): "a11y-text-smaller",
    ("data-accion", "mayor"): "a11y-text-larger",
    ("data-politica", "terminos"): "policy-terms",
    ("data-politica", "seguridad"): "policy-privacy",
    ("data-politica", "datos-personales"): "policy-personal-data",
    ("data-politica", "cookies"): "policy-cookies",
    ("data-politica", "derechos-de-autor"): "policy-copyright",
    ("data-aviso-cookies", None): "cookie-notice",
    ("data-ultima-actualizacion", None): "last-updated",
    ("data-aviso-privacidad", None): "privacy-notice",
}
# A form takes personal data when it has one of these fields (or says so with
# data-sede-personal-data="si"; "no" exempts a form, e.g. a lookup by a secret code).
PERSONAL_FIELDS = re.compile(
    r"(e-?mail|correo|nombre|name|apellido|documento|identificaci|c[eé]dula|tel[eé]fono|phone|"
    r"celular|direcci[oó]n|address)",
    re.IGNORECASE,
)
# Where `publish()` keeps the last result (the media storage: public, like the page that serves it).
PUBLISHED_NAME = "sede/cumplimiento.json"


@dataclass
class Element:
    """A marked element (or the <html>, <title>, <form>...) with what it contains."""

    tag: str
    attrs: dict
    text: str = ""
    links: list = field(default_factory=list)
    markers: list = field(default_factory=list)
    inputs: list = field(default_factory=list)

    def marked(self, name):
        return [element for element in self.markers if element.attrs.get("data-sede") == name]


class PageParser(HTMLParser):
    """Collects the markers, links, forms, <title>, <h1> and <html lang> of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, Element or None)
        self.lang = None
        self.title = None
        self.h1 = 0
        self.links = []  # every <a href>
        self.markers = []
        self.forms = []

    def _open(self):
        return [element for _, element in self.stack if element is not None]

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "html" and self.lang is None:
            self.lang = attrs.get("lang", "")
        if tag == "h1":
            self.h1 += 1
        element = None
        if "data-sede" not in attrs:
            for (name, value), marker in ALIASES.items():
                if name in attrs and value in (None, attrs[name]):
                    attrs["data-sede"] = marker
                    break
        if "data-sede" in attrs or tag in ("form", "title", "time"):
            element = Element(tag, attrs)
            for outer in self._open():
                outer.markers.append(element)
            if tag == "form":
                self.forms.append(element)
            elif tag == "title" and self.title is None:  # not an inline SVG's <title>
                self.title = element
            if "data-sede" in attrs:
                self.markers.append(element)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
            for outer in self._open():
                outer.links.append(attrs["href"])
        if tag in ("input", "textarea", "select"):
            for outer in self._open():
                outer.inputs.append({"tag": tag, **attrs})
        if tag not in VOID:
            self.stack.append((tag, element))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if any(name == tag for name, _ in self.stack):
            while self.stack:
                name, _ = self.stack.pop()
                if name == tag:
                    break

    def handle_data(self, data):
        for element in self._open():
            element.text += data

    def marked(self, name):
        return [element for element in self.markers if element.attrs.get("data-sede") == name]


@dataclass
class Page:
    url: str  # the path, script prefix included, as a citizen sees it
    status: int
    html: PageParser
    section: str = ""  # the site-map section that lists it ("" when none)
    entity: object = None  # the entity the page belongs to, from the data (not the template)


@dataclass
class Rule:
    code: str
    title: str
    source: str
    check: object  # (page, site) -> list of reasons in Spanish; empty when the page passes


def _text(element):
    return " ".join(element.text.split())


def _has_link(element, scheme):
    return any(href.startswith(scheme) for href in element.links)


def check_govco_bar(page, site):
    bars = page.html.marked("govco-bar")
    if not bars:
        return ['falta la barra superior GOV.CO (data-sede="govco-bar")']
    if not _has_link(bars[0], "https://www.gov.co/"):
        return ["la barra GOV.CO no enlaza a https://www.gov.co/home/"]
    return []


def check_accessibility_bar(page, site):
    bars = page.html.marked("accessibility-bar")
    if not bars:
        return ['falta la barra de accesibilidad (data-sede="accessibility-bar")']
    reasons = [
        f'a la barra de accesibilidad le falta «{label}» (data-sede="{name}")'
        for name, label in ACCESSIBILITY_CONTROLS.items()
        if not bars[0].marked(name)
    ]
    if not any("centroderelevo.gov.co" in href for href in bars[0].links):
        reasons.append("la barra de accesibilidad no enlaza al Centro de Relevo")
    return reasons


def check_footer(page, site):
    footers = page.html.marked("footer")
    if not footers:
        return ['falta el pie de página (data-sede="footer")']
    footer, reasons = footers[0], []
    for name, label in FOOTER_FIELDS.items():
        found = footer.marked(name)
        if not found or not _text(found[0]):
            reasons.append(f'al pie le falta {label} (data-sede="{name}")')
        elif name == "footer-phone" and not _has_link(found[0], "tel:"):
            reasons.append(f"el {label} no es un enlace tel:")
        elif name in ("footer-email", "judicial-email") and not _has_link(found[0], "mailto:"):
            reasons.append(f"el {label} no es un enlace mailto:")
    return reasons


def check_policies(page, site):
    footers = page.html.marked("footer")
    scope = footers[0] if footers else page.html
    reasons = []
    for name, label in POLICIES.items():
        links = [element for element in scope.marked(name) if element.attrs.get("href")]
        if not links:
            reasons.append(f'el pie no enlaza la {label} (data-sede="{name}" en un <a href>)')
            continue
        status = site.status_of(links[0].attrs["href"], page.url)
        if status != 200:
            reasons.append(f"el enlace a la {label} responde {status}")
    return reasons


def _dated(element):
    return any(item.tag == "time" and item.attrs.get("datetime") for item in element.markers) or (
        element.tag == "time" and element.attrs.get("datetime")
    )


def check_dates(page, site):
    reasons = []
    updated = page.html.marked("last-updated")
    if not updated:
        reasons.append('no muestra la fecha de última actualización (data-sede="last-updated")')
    elif not _dated(updated[0]):
        reasons.append("la última actualización no lleva un <time datetime>")
    if page.section in DATED_SECTIONS:
        published = page.html.marked("publication-date")
        if not published:
            reasons.append('no muestra la fecha de publicación (data-sede="publication-date")')
        elif not _dated(published[0]):
            reasons.append("la fecha de publicación no lleva un <time datetime>")
    return reasons


def check_title(page, site):
    title = _text(page.html.title) if page.html.title else ""
    if not title:
        return ["la página no tiene <title>"]
    reasons = []
    others = [url for url in site.titles.get(title, []) if url != page.url]
    if others:
        reasons.append(f"el título «{title}» se repite en {', '.join(others[:3])}")
    owner = title.rsplit("|", 1)[-1]
    expected = site.entity_label(page.entity)
    if site.municipality not in title:
        reasons.append(f"el título no nombra al municipio ({site.municipality})")
    if expected != site.default_label and expected not in title:
        reasons.append(f"el título no nombra a la entidad de la página ({expected})")
    for label in site.entity_labels:
        if label != expected and label in owner:
            reasons.append(
                f"el título nombra a otra entidad: «{label}» (la página es de {expected})"
            )
    return reasons


def check_lang(page, site):
    if page.html.lang != "es-CO":
        return [f'<html lang="{page.html.lang or ""}"> (se espera lang="es-CO")']
    return []


def check_h1(page, site):
    if page.html.h1 != 1:
        return [f"tiene {page.html.h1} encabezados <h1> (debe tener exactamente uno)"]
    return []


def check_phones(page, site):
    reasons = []
    for href in page.html.links:
        if href.startswith("tel:"):
            number = re.sub(r"[\s\-().]", "", urllib.parse.unquote(href[4:]))
            if not PHONE.match(number):
                reasons.append(f"«{href}» no está en la numeración nacional de 2021 (608…)")
    return reasons


def check_breadcrumbs(page, site):
    if page.url == site.home:
        return []
    if not page.html.marked("breadcrumbs"):
        return ['no tiene migas de pan (data-sede="breadcrumbs")']
    return []


def check_cookie_notice(page, site):
    if not page.html.marked("cookie-notice"):
        return ['no muestra el aviso de cookies (data-sede="cookie-notice")']
    return []


def _takes_personal_data(form):
    return any(
        field.get("type") in ("email", "tel") or PERSONAL_FIELDS.search(field.get("name", ""))
        for field in form.inputs
        if field.get("type") not in ("hidden", "submit", "checkbox", "radio")
    )


def check_forms(page, site):
    reasons = []
    for form in page.html.forms:
        if form.attrs.get("method", "get").lower() != "post":
            continue
        declared = form.attrs.get("data-sede-personal-data")
        if declared == "no" or (declared != "si" and not _takes_personal_data(form)):
            continue
        name = form.attrs.get("action") or form.attrs.get("id") or "el formulario"
        if not form.marked("privacy-notice"):
            reasons.append(f'{name}: falta el aviso de privacidad (data-sede="privacy-notice")')
        boxes = [
            element
            for element in form.marked("data-authorisation")
            if element.tag == "input" and element.attrs.get("type") == "checkbox"
        ]
        if not boxes:
            reasons.append(
                f'{name}: falta la casilla de autorización de datos (data-sede="data-authorisation")'
            )
        elif "checked" in boxes[0].attrs:
            reasons.append(f"{name}: la casilla de autorización viene marcada")
        if not form.marked("antispam"):
            reasons.append(f'{name}: falta la verificación anti-spam (data-sede="antispam")')
    return reasons


RULES = [
    Rule(
        "barra-govco",
        "Barra superior GOV.CO",
        "Res. MinTIC 1519/2020 Anexo 2 §2.1; Kit UI 9.2",
        check_govco_bar,
    ),
    Rule(
        "barra-accesibilidad",
        "Barra de accesibilidad con contraste, tamaño de letra y Centro de Relevo",
        "Kit UI 9.2 (GOV.CO, 2025)",
        check_accessibility_bar,
    ),
    Rule(
        "pie-de-pagina",
        "Pie con entidad, dirección, horario, teléfono, correo, notificaciones judiciales y línea anticorrupción",
        "Res. MinTIC 1519/2020 Anexo 2 §2.2",
        check_footer,
    ),
    Rule(
        "politicas",
        "Cinco políticas enlazadas en el pie (términos, seguridad y privacidad, datos personales, cookies, derechos de autor)",
        "Criterios de aceptación MinTIC SEG y FUN-006; Res. 1519/2020 Anexo 2 §2.3",
        check_policies,
    ),
    Rule(
        "fechas",
        "Fecha de última actualización (y de publicación en noticias, eventos, documentos y páginas)",
        "Criterio de aceptación MinTIC FUN-019; Ley 1712/2014",
        check_dates,
    ),
    Rule(
        "titulo",
        "Título único que nombra a la entidad correcta",
        "Criterios de aceptación MinTIC (usabilidad); WCAG 2.4.2",
        check_title,
    ),
    Rule(
        "idioma",
        'Idioma de la página lang="es-CO"',
        "WCAG 2.1 criterio 3.1.1 (Res. 1519/2020 Anexo 1)",
        check_lang,
    ),
    Rule(
        "un-h1",
        "Exactamente un encabezado h1",
        "Res. 1519/2020 Anexo 1 (WCAG 1.3.1, 2.4.6)",
        check_h1,
    ),
    Rule(
        "telefonos",
        "Teléfonos como enlaces tel: en la numeración de 2021 (608 + 7 dígitos)",
        "Res. CRC 5826 de 2019",
        check_phones,
    ),
    Rule(
        "migas-de-pan",
        "Migas de pan en toda página menos el inicio",
        "Kit UI 9.2 (GOV.CO, 2025)",
        check_breadcrumbs,
    ),
    Rule(
        "aviso-cookies",
        "Aviso de cookies",
        "Criterio de aceptación MinTIC FUN-034",
        check_cookie_notice,
    ),
    Rule(
        "formularios",
        "Formularios con datos personales: aviso de privacidad, casilla de autorización sin marcar y verificación anti-spam",
        "Criterio de aceptación MinTIC FUN-004; Ley 1581/2012",
        check_forms,
    ),
]


class Site:
    """The crawl: every page fetched once, and what the rules need to know across pages."""

    def __init__(self, fetcher, entities=None, municipality="Puerto Guzmán"):
        self.fetcher = fetcher
        self.municipality = municipality
        self.pages = {}
        self.statuses = {}
        self.home = fetcher.home
        self.titles = {}
        self.entity_labels = sorted(set((entities or {}).values()))
        self._labels = entities or {}
        self.default_label = self._labels.get(None, "Alcaldía")

    def entity_label(self, entity):
        return self._labels.get(getattr(entity, "pk", None), self.default_label)

    def status_of(self, href, base):
        url = urllib.parse.urljoin(base, href)
        if url in self.pages:
            return self.pages[url].status
        if url not in self.statuses:
            self.statuses[url] = self.fetcher.get(url)[0]
        return self.statuses[url]


class ClientFetcher:
    """Requests through Django's test client, in this process (the command's default)."""

    def __init__(self, host=None, secure=None):
        allowed = [
            h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")
        ]
        host = host or ("testserver" if "testserver" in allowed or not allowed else allowed[0])
        secure = settings.SECURE_SSL_REDIRECT if secure is None else secure
        self.client = Client(HTTP_HOST=host, secure=secure, raise_request_exception=False)
        self.prefix = get_script_prefix()
        self.home = self.prefix

    def get(self, url):
        """(status, content type, text) of a path that carries the script prefix."""
        parts = urllib.parse.urlsplit(url)
        path = parts.path
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        response = self.client.get(path, query_params=urllib.parse.parse_qs(parts.query))
        content = b"" if getattr(response, "streaming", False) else response.content
        return (
            response.status_code,
            response.get("Content-Type", ""),
            content.decode(errors="replace"),
        )


class HttpFetcher:
    """Requests to a running site (`check_sede --url https://...`), redirects not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url):
        self.base = base_url.rstrip("/") + "/"
        parts = urllib.parse.urlsplit(self.base)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.home = parts.path
        self.opener = urllib.request.build_opener(self._NoRedirect)

    def get(self, url):
        try:
            with self.opener.open(self.origin + url, timeout=30) as response:
                body = response.read().decode(errors="replace")
                return response.status, response.headers.get("Content-Type", ""), body
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), ""


def _local(url, home):
    """The path (and query) of a URL of this site, or None for another site's."""
    parts = urllib.parse.urlsplit(url)
    if not parts.path.startswith(home):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap_pages(fetcher):
    """{path: section} of every URL in the site map (the index, then each section's file)."""
    found = {}
    status, _, text = fetcher.get(fetcher.home + "sitemap.xml")
    if status != 200:
        return found
    for loc in ET.fromstring(text).findall("s:sitemap/s:loc", SITEMAP_NS):
        path = _local(loc.text, fetcher.home)
        section = re.search(r"sitemap-([\w-]+)\.xml", loc.text)
        status, _, xml = fetcher.get(path) if path else (0, "", "")
        if status != 200:
            continue
        for node in ET.fromstring(xml).findall("s:url/s:loc", SITEMAP_NS):
            url = _local(node.text, fetcher.home)
            if url:
                found[url] = section[1] if section else ""
    return found


def argumentless_pages():
    """Every public URL pattern that takes no argument (outside the admin), with the prefix."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin" or route.startswith(settings.ADMIN_URL.strip("/")):
                    continue
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                full = prefix + route
                if "<" in full or re.search(r"[\(\[\\^$]", full.lstrip("^").rstrip("$")):
                    continue
                if not NOT_PAGES.search("/" + full) and not full.startswith("media"):
                    found.append(get_script_prefix() + full)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def page_entities():
    """({path: entity} of every site-map item that belongs to an entity, {pk: label})."""
    from guzman_portal.urls import sitemaps
    from portal.models import Entity

    entities = {entity.pk: entity for entity in Entity.objects.all()}
    labels = {pk: entity.get_kind_display() for pk, entity in entities.items()}
    alcaldia = next((e for e in entities.values() if e.kind == Entity.Kind.ALCALDIA), None)
    labels[None] = labels.get(alcaldia.pk) if alcaldia else "Alcaldía"
    owners = {}
    for sitemap_class in sitemaps.values():
        sitemap = sitemap_class()
        for item in sitemap.items():
            if isinstance(item, Entity):
                entity = item
            elif isinstance(item, tuple) and item and isinstance(item[0], Entity):
                entity = item[0]
            else:
                entity = entities.get(getattr(item, "entity_id", None))
            if entity is not None:
                owners[sitemap.location(item)] = entity
    return owners, labels


def check_site(fetcher=None, urls=None):
    """Crawl and check: the result as a dict (see docs/sede.md for its fields)."""
    fetcher = fetcher or ClientFetcher()
    from portal.models import Municipality

    owners, labels = page_entities()
    site = Site(fetcher, labels, Municipality.current().name)
    sections = sitemap_pages(fetcher)
    candidates = dict.fromkeys([fetcher.home, *sections, *(urls or argumentless_pages())])
    for url in candidates:
        status, content_type, text = fetcher.get(url)
        site.statuses[url] = status
        if status in (301, 302, 303, 307, 308) or (
            status == 200 and not content_type.startswith("text/html")
        ):
            continue
        parser = PageParser()
        parser.feed(text)
        path = urllib.parse.urlsplit(url).path
        site.pages[url] = Page(url, status, parser, sections.get(url, ""), owners.get(path))
    for page in site.pages.values():
        if page.status == 200 and page.html.title:
            site.titles.setdefault(_text(page.html.title), []).append(page.url)

    rules = []
    for rule in RULES:
        failures = []
        for page in site.pages.values():
            if page.status != 200:
                reasons = [f"la página responde {page.status}"]
            else:
                reasons = rule.check(page, site)
            if reasons:
                failures.append({"url": page.url, "reasons": reasons})
        rules.append(
            {
                "rule": rule.code,
                "title": rule.title,
                "source": rule.source,
                "passed": not failures,
                "failures": failures,
            }
        )
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "pages_checked": sorted(site.pages),
        "passed": all(rule["passed"] for rule in rules),
        "rules": rules,
    }


def publish(result):
    """Store `result` of check_site() as the one /transparencia/cumplimiento.json serves."""
    content = ContentFile(json.dumps(result, ensure_ascii=False, indent=1).encode())
    default_storage.delete(PUBLISHED_NAME)  # save() would keep the old one and rename the new
    default_storage.save(PUBLISHED_NAME, content)
    bump_version()  # cached copies of the page give way to the new result


def compliance_json(request):
    """/transparencia/cumplimiento.json: the result of every rule at the last check, public."""
    if default_storage.exists(PUBLISHED_NAME):
        # A plain (not streamed) response, so the page cache and the edge keep it like any page.
        with default_storage.open(PUBLISHED_NAME) as stored:
            return HttpResponse(stored.read(), content_type="application/json")
    return JsonResponse(
        {
            "generated_at": None,
            "passed": None,
            "pages_checked": [],
            "rules": [],
            "aviso": (
                "La revisión de la sede electrónica aún no se ha publicado: la corre cada noche "
                "manage.py check_sede --publish (docs/sede.md)."
            ),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
