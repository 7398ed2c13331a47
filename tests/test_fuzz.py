"""
Fuzzing: every URL pattern with odd path arguments and odd query parameters, and every public
POST form with malformed, oversized, unicode and injection payloads. No answer may be a 500 and
no stored row may disappear. New apps' pages and forms are picked up automatically: the URL
patterns come from the resolver and the forms from the pages themselves.
"""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command, get_commands
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PAYLOADS = [
    "",
    " ",
    "x" * 100_000,
    "Ñandú del Putumayo — café, niño, acción 🌧️🐆",
    "\x00",
    "antes\x00después",
    "'; DROP TABLE portal_newsitem; --",
    "' OR '1'='1",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ settings.SECRET_KEY }}{% debug %}",
    "../../../../etc/passwd",
    "%00%2e%2e%2f",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "9999-12-31T25:61",
    "\u202eodarcidar",
    "a@b",
    "línea\r\nSet-Cookie: x=1",
    "\ufeff\u200b",
]
PATH_ARGUMENTS = {
    "int": ["0", "99999999999999999999999999"],
    "slug": ["no-existe", "a" * 300, "--"],
    "str": ["no-existe", "ñandú", "%00", "x" * 300, "2026-00001"],
    "path": ["no/existe", "..%2f..%2fetc"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
}
QUERY_NAMES = ["q", "page", "pagina", "tipo", "entidad", "year", "anio", "mes", "categoria"]
QUERY_NAMES += ["estado", "orden", "desde", "hasta", "formato", "radicado", "codigo", "periodo"]
MAX_PAGES = 120
EXAMPLES_PER_FORM = 12


def public_routes():
    """Every URL pattern outside the admin, as a route string with converter names."""

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin" or entry.namespace == "admin":
                    continue
                if isinstance(entry.pattern, RoutePattern):
                    yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
                yield prefix + str(entry.pattern)

    return sorted(set(walk(get_resolver().url_patterns, "/")))


def expand(route):
    """Concrete paths for a route: each converter filled with each odd value."""
    parts = re.split(r"<(?:(\w+):)?\w+>", route)
    if len(parts) == 1:
        return [route]
    paths = []
    converters = parts[1::2]
    for index in range(max(len(PATH_ARGUMENTS.get(c or "str", ["x"])) for c in converters)):
        path = parts[0]
        for converter, literal in zip(converters, parts[2::2], strict=True):
            values = PATH_ARGUMENTS.get(converter or "str", ["x"])
            path += values[index % len(values)] + literal
        paths.append(path)
    return paths


class FormParser(HTMLParser):
    """Forms of a page: action, method and fields (with select options)."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self.current, self.select = [], set(), None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("/"):
            self.links.add(attrs["href"].split("#")[0])
        elif tag == "form":
            self.current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
            }
            self.forms.append(self.current)
        elif self.current is not None and tag in {"input", "textarea", "select"}:
            name = attrs.get("name")
            if not name:
                return
            kind = attrs.get("type", tag).lower()
            self.current["fields"][name] = {
                "type": kind,
                "value": attrs.get("value", ""),
                "options": [],
            }
            self.select = name if tag == "select" else None
        elif tag == "option" and self.current is not None and self.select:
            self.current["fields"][self.select]["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def parse(html):
    parser = FormParser()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def site_data(django_db_setup, django_db_blocker):
    """
    The demo data of every app that ships a loader, so detail pages and their forms exist.
    Loaded once inside a transaction that is rolled back after the module.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        commands = get_commands()
        for name in (
            "setup_roles",
            "load_institution",
            "load_procedures",
            "load_transparency_menu",
            "load_gelt_plan",
            "seed_demo",
            "seed_demo_participation",
        ):
            if name in commands:
                call_command(name, stdout=io.StringIO(), stderr=io.StringIO())
        yield
        transaction.set_rollback(True)


def row_counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "axes", "admin", "contenttypes"}
    }


@pytest.fixture
def fuzz_settings(settings):
    settings.RATELIMIT_ENABLED = False  # reach the form code, not only the limiter


def crawl(client):
    """Argument-less public pages plus the pages they link to (bounded)."""
    queue = [r for r in public_routes() if "<" not in r]
    seen, pages = set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or path.startswith(("/static/", "/media/", "/admin/")):
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parsed = parse(response.content.decode())
            pages[path] = parsed
            queue += sorted(link for link in parsed.links if link not in seen)
    return pages


@pytest.mark.django_db
def test_every_url_pattern_survives_odd_arguments_and_parameters(site_data, fuzz_settings):
    before = row_counts()
    routes = public_routes()
    assert routes, "no se encontraron rutas públicas"
    odd_queries = [
        dict.fromkeys(QUERY_NAMES, "-1"),
        dict.fromkeys(QUERY_NAMES, "\x00'; DROP TABLE x; --<script>"),
        {**dict.fromkeys(QUERY_NAMES, "9" * 30), "q": "ñ" * 3000},
    ]
    client = Client()
    for route in routes:
        if "<" in route:
            for path in expand(route):
                assert client.get(path).status_code < 500, path
        else:
            for query in [{}, *odd_queries]:
                assert client.get(route, query).status_code < 500, (route, query)
    assert row_counts() == before


def post_forms(pages):
    """(page path, form) for every POST form found on public pages."""
    found = {}
    for path, parsed in pages.items():
        for form in parsed.forms:
            if form["method"] != "post":
                continue
            action = form["action"] or path
            action = urlsplit(action).path or path
            found.setdefault((action, tuple(sorted(form["fields"]))), (path, form))
    return list(found.values())


def get_forms(pages):
    found = {}
    for path, parsed in pages.items():
        for form in parsed.forms:
            if form["method"] == "get" and form["fields"]:
                found.setdefault(form["action"] or path, form)
    return found


@pytest.mark.django_db
def test_get_forms_survive_odd_values(site_data, fuzz_settings):
    client = Client()
    pages = crawl(client)
    for action, form in get_forms(pages).items():
        for payload in PAYLOADS:
            response = client.get(action, dict.fromkeys(form["fields"], payload))
            assert response.status_code < 500, (action, payload[:40])


def fuzz_form(client, page, action, field_values):
    """Post hypothesis-generated payloads (any subset of the fields) to one form."""

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.fixed_dictionaries({}, optional=field_values))
    def fuzz(data):
        response = client.post(action, data)
        assert response.status_code < 500, (page, action, {k: v[:40] for k, v in data.items()})

    fuzz()


@pytest.mark.django_db
def test_post_forms_survive_malformed_payloads(site_data, fuzz_settings):
    client = Client()
    pages = crawl(client)
    forms = post_forms(pages)
    assert forms, "no se encontró ningún formulario POST público"
    before = row_counts()

    for page, form in forms:
        action = urlsplit(form["action"]).path or page
        fields = form["fields"]

        # Without a CSRF token: refused, never an error.
        strict = Client(enforce_csrf_checks=True)
        strict.get(page)
        assert strict.post(action, dict.fromkeys(fields, "x")).status_code == 403

        field_values = {
            name: st.one_of(
                st.sampled_from(PAYLOADS),
                st.sampled_from(spec["options"] or [spec["value"] or "x"]),
                st.text(max_size=50),
            )
            for name, spec in fields.items()
            if name != "csrfmiddlewaretoken"
        }

        fuzz_form(client, page, action, field_values)

    after = row_counts()
    lost = {
        label: (n, after.get(label, 0)) for label, n in before.items() if after.get(label, 0) < n
    }
    assert not lost, f"filas perdidas: {lost}"
