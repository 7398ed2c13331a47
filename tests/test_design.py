"""
The national design system, light (Kit UI 9.2) and MinTIC's acceptance criteria that are about
what every page shows: colours and their contrast, fonts served from the site, the GOV.CO bar,
the accessibility bar, the menu, breadcrumbs, footer, policies, cookie notice, icons, the home
page's weight, the citizens' forms (privacy notice, authorisation, anti-spam), dates, titles and
telephone numbers. docs/diseno.md explains each decision.
"""

import gzip
import io
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import antispam
from portal.models import Entity, Municipality, NewsItem, Page
from portal.templatetags.portal_design import tel_href
from tests.sitemaps import sitemap_urls
from tests.test_urls import SETUP_COMMANDS, argumentless_public_urls

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
CSS = (STATIC / "css" / "site.css").read_text(encoding="utf-8")
FONT = STATIC / "fonts" / "nunito-sans-700-es.woff2"
POLICIES = {
    "terminos": "terminos-y-condiciones",
    "seguridad": "politica-de-seguridad-y-privacidad",
    "datos-personales": "politica-de-privacidad",
    "cookies": "politica-de-cookies",
    "derechos-de-autor": "derechos-de-autor",
}


# --- Colours -------------------------------------------------------------------------------


def custom_properties(css=CSS):
    """The :root custom properties, with var() references resolved to #rrggbb."""
    root = re.search(r":root\s*\{(.*?)\}", css, re.S).group(1)
    raw = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root))

    def resolve(value, depth=0):
        value = value.strip()
        match = re.fullmatch(r"var\((--[\w-]+)\)", value)
        if match and depth < 10:
            return resolve(raw[match.group(1)], depth + 1)
        return value

    return {name: resolve(value) for name, value in raw.items()}


def hex_rgb(value):
    value = value.strip().lower()
    if value in ("#fff", "white"):
        value = "#ffffff"
    if value in ("#000", "black"):
        value = "#000000"
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    assert re.fullmatch(r"#[0-9a-f]{6}", value), value
    return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))


def luminance(value):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour(value, tokens):
    """A declared colour as #rrggbb (resolving var()), or None for anything else."""
    value = value.strip().removesuffix("!important").strip()
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if match:
        return tokens.get(match.group(1))
    if re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|white|black", value):
        return value
    return None


def declared_pairs(css=CSS):
    """(selector, text colour, background colour) of every rule that declares both."""
    tokens = custom_properties(css)
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {
            name.strip(): value for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)
        }
        text = colour(declarations.get("color", ""), tokens)
        background = declarations.get("background-color") or declarations.get("background", "")
        background = colour(background.split()[0] if background else "", tokens)
        if text and background:
            pairs.append((selector.strip(), text, background))
    return pairs


# The text-on-background pairs built from tokens in separate rules (text colour on a block
# whose background comes from its parent), as the stylesheet uses them.
TOKEN_PAIRS = [
    ("--ink", "--bg"),
    ("--muted", "--bg"),
    ("--muted", "--bg-soft"),
    ("--cobalt", "--bg"),
    ("--cobalt", "--bg-soft"),
    ("--on-cobalt", "--cobalt"),
    ("--ink", "--bg-soft"),
    ("--ink", "--bg-ok"),
    ("--ink", "--bg-warn"),
    ("--ink", "--bg-bad"),
    ("--ink", "--bg-mark"),
    ("--ok", "--bg"),
    ("--ok", "--bg-ok"),
    ("--warn", "--bg"),
    ("--warn", "--bg-warn"),
    ("--bad", "--bg"),
    ("--bad", "--bg-bad"),
    ("--cobalt", "--bg-ok"),
    ("--cobalt", "--bg-warn"),
]


def test_kit_ui_tokens_cobalt_main_colour_and_the_old_blues_gone():
    tokens = custom_properties()
    assert tokens["--govcolor-cobalt"] == "#0943b5"
    assert tokens["--cobalt"] == "#0943b5"
    assert tokens["--govcolor-red"] == "#a80521"
    lowered = CSS.lower()
    assert "#3366cc" not in lowered and "#004884" not in lowered and "--blue" not in lowered
    assert "h1 { color: var(--cobalt)" in CSS
    assert ".govco-bar { background: var(--cobalt)" in CSS


def test_every_colour_pair_passes_wcag_aa():
    tokens = custom_properties()
    failures = []
    for text, background in TOKEN_PAIRS:
        ratio = contrast(tokens[text], tokens[background])
        if ratio < 4.5:
            failures.append(f"{text} sobre {background}: {ratio:.2f}")
    pairs = declared_pairs()
    assert len(pairs) >= 10  # the parser really reads the rules
    for selector, text, background in pairs:
        ratio = contrast(text, background)
        if ratio < 4.5:
            failures.append(f"{selector}: {text} sobre {background}: {ratio:.2f}")
    # The footer's white text on its own background, and high contrast's yellow on black.
    footer = tokens["--footer-bg"]
    for text, background in [("#ffffff", footer), ("#ffff00", "#000000")]:
        if contrast(text, background) < 4.5:
            failures.append(f"{text} sobre {background}")
    assert failures == []


def test_contrast_check_catches_a_failing_pair():
    css = ":root { --a: #777777; --b: #ffffff; } .x { color: var(--a); background: var(--b); }"
    ((selector, text, background),) = declared_pairs(css)
    assert contrast(text, background) < 4.5  # 4.48: grey #777 on white fails AA
    assert round(contrast("#0943b5", "#ffffff"), 1) == 8.5


# --- Fonts ---------------------------------------------------------------------------------


def test_nunito_sans_served_from_the_site_and_verdana_for_text():
    assert FONT.exists() and FONT.read_bytes()[:4] == b"wOF2"
    assert FONT.stat().st_size < 8 * 1024
    assert 'src: url("../fonts/nunito-sans-700-es.woff2") format("woff2")' in CSS
    assert 'font-family: "Nunito Sans"' in CSS
    assert '--font-headings: "Nunito Sans"' in CSS and "--font-text: Verdana" in CSS
    assert (STATIC / "fonts" / "OFL.txt").read_text().count("SIL Open Font License") >= 1
    # Never a third-party CDN: no external URL in the stylesheet or the base template.
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", CSS)
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert not re.search(r"<(link|script)[^>]+(href|src)=\"(https?:)?//", base)


# --- Every public page ---------------------------------------------------------------------


class PageParser(HTMLParser):
    """What the design tests read from a page: links, the menu tree, title, markers."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.images = []
        self.title = ""
        self._in_title = False
        self.markers = set()
        self.menu_depth = 0
        self._stack = []
        self.menu_items = []  # (depth, text)
        self.breadcrumbs = False
        self.html_class = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_class = attrs.get("class") or ""
        for name in attrs:
            if name.startswith("data-"):
                self.markers.add(name)
        if tag == "a":
            self.links.append(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "title":
            self._in_title = True
        if tag == "nav" and "breadcrumbs" in (attrs.get("class") or ""):
            self.breadcrumbs = True
        if tag == "nav" and "data-menu-principal" in attrs:
            self._stack.append("menu")
        elif self._stack and tag == "ul":
            self.menu_depth += 1
            self._stack.append("ul")
        elif self._stack and tag == "li":
            self.menu_items.append(self.menu_depth)
            self._stack.append("li")
        elif self._stack and tag not in ("img", "input", "br"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if self._stack:
            popped = self._stack.pop()
            if popped == "ul":
                self.menu_depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(html):
    parser = PageParser()
    parser.feed(html)
    return parser


@pytest.fixture
def loaded():
    """Everything `make setup` loads: the whole site with demo content."""
    for command in SETUP_COMMANDS:
        call_command(command, stdout=io.StringIO())


@pytest.fixture
def institution():
    call_command("load_institution", stdout=io.StringIO())


@pytest.fixture
def home_content():
    for command in ["load_institution", "load_procedures", "seed_demo"]:
        call_command(command, stdout=io.StringIO())


def public_pages(client):
    """(path, html) of every public HTML page: the URLconf's plain URLs and the site map."""
    paths = {path for _, path in argumentless_public_urls()}
    paths |= {urlsplit(loc).path for loc in sitemap_urls(client)}
    pages = []
    for path in sorted(paths):
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages.append((path, response.content.decode()))
    return pages


def page_problems(path, html):
    """What a public page lacks of the design, in Spanish (empty when it has everything)."""
    page = parse(html)
    hrefs = [link.get("href") or "" for link in page.links]
    checks = {
        "barra GOV.CO": "https://www.gov.co/home/" in hrefs
        and any(img.get("src", "").endswith("img/govco.svg") for img in page.images),
        "barra de accesibilidad": {"contraste", "menor", "mayor"}
        <= {link.get("data-accion") for link in page.links}
        and any(h.startswith("https://centroderelevo.gov.co") for h in hrefs),
        "menú de 7 opciones y 2 niveles": bool(page.menu_items)
        and page.menu_items.count(1) <= 7
        and max(page.menu_items) <= 2,
        "migas de pan (salvo el inicio)": page.breadcrumbs == (path != "/"),
        "cinco políticas": {link.get("data-politica") for link in page.links} - {None}
        == set(POLICIES),
        "logos del pie": all(
            any(img.get("src", "").endswith(name) for img in page.images)
            for name in ("escudo.svg", "govco.svg", "marca-pais-co.svg")
        ),
        "aviso de cookies": "data-aviso-cookies" in page.markers,
        "última actualización": "Última actualización:" in html,
        "favicon e icono": 'rel="icon"' in html and 'rel="apple-touch-icon"' in html,
    }
    return [f"{path}: {rule}" for rule, ok in checks.items() if not ok], page.title.strip()


def test_every_public_page_carries_the_bars_menu_breadcrumbs_footer_and_dates(client, loaded):
    pages = public_pages(client)
    assert len(pages) > 40
    titles = {}
    problems = []
    for path, html in pages:
        found, title = page_problems(path, html)
        problems += found
        titles.setdefault(title, []).append(path)
    assert problems == []
    duplicates = {title: paths for title, paths in titles.items() if len(paths) > 1}
    assert duplicates == {}


def test_the_page_check_fails_on_a_page_built_to_break_each_rule():
    problems, _ = page_problems("/roto/", "<html><head><title>x</title></head><body></body>")
    assert len(problems) == 9


def test_titles_name_the_right_entity(client, loaded):
    for entity in Entity.objects.exclude(kind="alcaldia"):
        for model in (NewsItem, Page):
            for item in model.objects.published().filter(entity=entity)[:3]:
                title = parse(client.get(item.get_absolute_url()).content.decode()).title
                assert entity.name in title
                assert "Alcaldía" not in title.replace(entity.name, "")
    title = parse(client.get("/").content.decode()).title
    assert title == "Inicio | Portal de Puerto Guzmán"


def test_pages_built_from_code_show_a_last_update(client, loaded):
    for name in ["tramites:catalogue", "pqrsd:file", "pqrsd:track", "search:results"]:
        html = client.get(reverse(name)).content.decode()
        assert re.search(
            r'data-ultima-actualizacion>.*Última actualización: <time datetime="', html
        )


# --- Accessibility bar without JavaScript ---------------------------------------------------


def test_accessibility_preferences_come_from_the_address_without_cookies(client, institution):
    plain = client.get("/noticias/")
    assert 'class="contraste-alto' not in plain.content.decode()
    page = parse(plain.content.decode())
    links = {link.get("data-accion"): link.get("href") for link in page.links}
    assert links["contraste"] == "/noticias/?contraste=alto"
    assert links["mayor"] == "/noticias/?texto=grande"
    assert links["menor"] == "/noticias/?texto=pequeno"

    high = client.get("/noticias/?contraste=alto&texto=grande&pagina=1")
    assert not high.cookies
    page = parse(high.content.decode())
    assert page.html_class == "contraste-alto texto-grande"
    links = {link.get("data-accion"): link.get("href") for link in page.links}
    assert links["contraste"] == "/noticias/?texto=grande&pagina=1"
    assert links["mayor"] == "/noticias/?contraste=alto&pagina=1&texto=muy-grande"
    assert links["normal"] == "/noticias/?pagina=1"
    biggest = parse(client.get("/noticias/?texto=muy-grande").content.decode())
    assert biggest.html_class == "texto-muy-grande"
    # Unknown values are ignored, never an error.
    odd = client.get("/noticias/?contraste=%F0%9F%98%80&texto=enorme")
    assert odd.status_code == 200 and parse(odd.content.decode()).html_class == ""
    assert ".contraste-alto body, .contraste-alto body *" in CSS
    assert "html.texto-grande { font-size: 118.75%; }" in CSS


def test_page_cache_keeps_each_display_preference_apart(client, institution, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/")
    client.get("/?contraste=alto")
    assert 'class="contraste-alto"' not in client.get("/").content.decode()
    assert 'class="contraste-alto"' in client.get("/?contraste=alto").content.decode()


def test_javascript_only_enhances_and_stores_no_cookie():
    script = (STATIC / "js" / "accesibilidad.js").read_text()
    assert "localStorage" in script and "document.cookie" not in script
    assert len(script.encode()) < 3000


# --- Footer, policies, cookie notice, icons ------------------------------------------------


def test_the_five_policies_are_shipped_pages_with_a_constant_number_of_queries(client, institution):
    counts = set()
    for slug in POLICIES.values():
        page = Page.objects.get(slug=slug)
        url = reverse("portal:page_detail", args=[slug])
        client.get(url)  # the first request also creates the session-less caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert page.title in response.content.decode()
        counts.add(len(captured))
    assert len(counts) == 1 and counts.pop() <= 10
    html = client.get(reverse("portal:page_detail", args=["politica-de-cookies"])).content
    assert b"sessionid" in html and b"csrftoken" not in html
    assert b"No usa cookies opcionales" in html


def test_cookie_notice_names_the_cookies_and_says_there_are_no_optional_ones(client, institution):
    html = client.get("/").content.decode()
    notice = html[html.index("data-aviso-cookies") :][:900]
    # The CSRF token lives in the session (CSRF_USE_SESSIONS): one cookie to name.
    assert "sessionid" in notice and "csrftoken" not in notice
    assert "No usa cookies opcionales" in notice
    assert "politica-de-cookies" in notice


def test_icons_and_logos_are_static_files(client):
    for name in [
        "img/favicon.ico",
        "img/favicon.svg",
        "img/apple-touch-icon.png",
        "img/govco.svg",
        "img/marca-pais-co.svg",
        "img/escudo.svg",
    ]:
        assert (STATIC / name).stat().st_size > 100, name
    svg = (STATIC / "img" / "govco.svg").read_text()
    assert 'width="136" height="24"' in svg


# --- Weight --------------------------------------------------------------------------------


def test_home_page_with_css_js_and_font_within_60_kb_raw_and_15_kb_gzip(client, home_content):
    html = client.get("/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js|woff2))"', html)
    assert {Path(a.decode()).suffix for a in assets} == {".css", ".js", ".woff2"}
    files = [html] + [(STATIC / asset.decode()).read_bytes() for asset in set(assets)]
    raw = sum(len(body) for body in files)
    compressed = sum(len(gzip.compress(body, 9)) for body in files)
    assert raw < 60 * 1024, raw
    assert compressed < 15 * 1024, compressed


# --- Telephone numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("608 429 5070", "tel:+576084295070"),
        ("(608) 4295070", "tel:+576084295070"),
        ("310 555 1234", "tel:+573105551234"),
        ("01 8000 91 0112", "tel:018000910112"),
        ("+57 608 429 5070", "tel:+576084295070"),
        ("608 429 5070 ext. 9", "tel:+576084295070;ext=9"),
        ("", "tel:"),
    ],
)
def test_tel_links(number, href):
    assert tel_href(number) == href


def test_shipped_numbers_use_the_2021_numbering_and_old_ones_are_corrected(client):
    Municipality.objects.create(phone="(098) 4295070")
    call_command("load_institution", stdout=io.StringIO())
    assert Municipality.objects.get().phone == "608 429 5070"
    assert set(Entity.objects.values_list("phone", flat=True)) == {"608 429 5070"}
    html = client.get("/").content.decode()
    assert '<a href="tel:+576084295070">608 429 5070</a>' in html
    for path in ["portal/data/institution.json", "tramites/data/procedures.json"]:
        text = (Path(settings.BASE_DIR) / path).read_text()
        assert "(098)" not in text and "4295070" not in text.replace("429 5070", "")


# --- Citizens' forms -----------------------------------------------------------------------


def pqrsd_post(client, **extra):
    client.get(reverse("pqrsd:file"))  # the session and CSRF of a visitor who saw the form
    data = {
        "request_type": "peticion",
        "subject": "Arreglo de la vía ñandú 🚜",
        "description": "La vía a la vereda está dañada desde hace un mes.",
        "person_kind": "natural",
        "document_type": "CC",
        "document_number": "1120987654",
        "name": "María Muñoz",
        "email": "maria@example.com",
        "answer_channel": "correo",
        "data_consent": "on",
        "website": "",
    }
    data.update(extra)
    return client.post(reverse("pqrsd:file"), data)


def test_pqrsd_form_has_privacy_notice_unticked_authorisation_and_anti_spam(client, institution):
    html = client.get(reverse("pqrsd:file")).content.decode()
    assert "data-aviso-privacidad" in html and "Aviso de privacidad" in html
    consent = re.search(r'<input type="checkbox" name="data_consent"[^>]*>', html).group(0)
    assert "checked" not in consent and "required" in consent
    assert 'name="inicio_formulario"' in html and 'type="hidden"' in html
    assert 'name="website"' in html  # the honeypot


@pytest.fixture
def antispam_on(settings):
    settings.ANTISPAM_MIN_SECONDS = 3


def signed(seconds_ago):
    return signing.dumps(round(time.time() - seconds_ago, 1), salt=antispam.SALT)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (lambda: signed(0), "demasiado rápido"),
        (lambda: "", "No pudimos comprobar"),
        (lambda: "falso:token", "No pudimos comprobar"),
        (lambda: signed(0)[:-2] + "xx", "No pudimos comprobar"),
        (lambda: signed(3 * 24 * 3600), "más de dos días"),
        (lambda: "ñ" * 5000, "No pudimos comprobar"),
    ],
)
def test_pqrsd_anti_spam_refuses_with_a_spanish_message_and_keeps_what_was_typed(
    client, institution, antispam_on, token, message
):
    from pqrsd.models import Request

    before = Request.objects.count()
    response = pqrsd_post(client, inicio_formulario=token())
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert message in html
    assert "María Muñoz" in html and "ñandú 🚜" in html
    assert Request.objects.count() == before
    # The page carries a fresh signature: a person who sends again after a moment gets through.
    fresh = re.search(r'name="inicio_formulario" value="([^"]+)"', html).group(1)
    assert antispam.AntiSpamMixin.antispam_error(fresh) in (None, antispam.TOO_FAST)


def test_pqrsd_anti_spam_lets_a_person_through(client, institution, antispam_on):
    from pqrsd.models import Request

    before = Request.objects.count()
    response = pqrsd_post(client, inicio_formulario=signed(30))
    assert response.status_code in (200, 302)
    assert Request.objects.count() == before + 1
    assert Request.objects.order_by("-pk").first().name == "María Muñoz"


def test_unticked_authorisation_is_refused_in_spanish(client, institution):
    response = pqrsd_post(client, data_consent="")
    assert "debe autorizar el tratamiento de sus datos" in response.content.decode()


def test_comment_form_has_privacy_notice_authorisation_and_anti_spam(
    client, institution, antispam_on
):
    from participation.models import Comment, DraftRegulation

    call_command("seed_demo_participation", stdout=io.StringIO())
    draft = next(d for d in DraftRegulation.objects.all() if d.is_open_for_comments())
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "data-aviso-privacidad" in html
    consent = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    token = re.search(r'name="inicio_formulario" value="([^"]+)"', html).group(1)
    data = {
        "article": "",
        "text": "Propongo otra redacción del artículo 1 🌳",
        "name": "José Peña",
        "email": "jose@example.com",
        "consent": "on",
        "sitio_web": "",
        "inicio_formulario": token,
    }
    before = Comment.objects.count()
    too_fast = client.post(draft.get_absolute_url(), data)
    text = too_fast.content.decode()
    assert "demasiado rápido" in text and "José Peña" in text
    assert Comment.objects.count() == before
    data["inicio_formulario"] = signed(60)
    client.post(draft.get_absolute_url(), data)
    assert Comment.objects.count() == before + 1


def test_lists_are_newest_first(client, home_content):
    for path in ["/noticias/", "/documentos/"]:
        html = client.get(path).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        listed = main[: main.index('class="last-updated"')]
        moments = re.findall(r'<time datetime="([^"]+)"', listed)
        assert len(moments) >= 3, path
        assert moments == sorted(moments, reverse=True), path


def test_accessibility_statement_is_linked_from_every_footer(client, institution):
    home = client.get("/").content.decode()
    url = reverse("portal:page_detail", args=["accesibilidad"])
    assert f'href="{url}"' in home
    html = client.get(url).content.decode()
    assert "WCAG 2.1 nivel AA" in html and "Limitaciones conocidas" in html
    assert "centroderelevo.gov.co" in html and "/pqrsd/" in html


def test_each_entity_has_its_own_favicon_and_app_icon(client, institution):
    """An entity's pages carry its icon, and the file behind every icon exists."""
    from portal.models import Entity

    for entity in Entity.objects.all():
        html = client.get(entity.get_absolute_url()).content.decode()
        for name in (f"img/entidades/{entity.kind}.svg", f"img/entidades/{entity.kind}-180.png"):
            assert f'href="/static/{name}"' in html, (entity.slug, name)
            assert (STATIC / name).stat().st_size > 100, name
    home = client.get("/").content.decode()
    assert 'href="/static/img/favicon.svg"' in home
    assert "img/entidades/" not in home
