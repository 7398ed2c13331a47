"""
The project-wide walk of the URLconf: every public URL without arguments answers 200 with the
shipped and demo data loaded, and every HTML page has exactly one <h1>.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

# Pages that answer something other than a 200 page without a prior step, and why.
NOT_STANDALONE: dict[str, str] = {}

SETUP_COMMANDS = [
    "setup_roles",
    "load_institution",
    "load_procedures",
    "load_transparency_menu",
    "load_gelt_plan",
    "seed_demo",
    "seed_demo_pqrsd",
    "seed_demo_participation",
    "seed_demo_gelt",
    "measure_gelt",
]


def argumentless_public_urls():
    """(name, path) for every URL pattern that takes no arguments, outside the admin."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin" or route.startswith("admin"):
                    continue
                ns = entry.namespace or namespace
                walk(entry.url_patterns, prefix + route, ns)
            elif isinstance(entry, URLPattern):
                full = prefix + route
                if "<" in full or re.search(r"[\(\[\\^$]", full.lstrip("^").rstrip("$")):
                    continue
                name = f"{namespace}:{entry.name}" if namespace else (entry.name or full)
                found.append((name, "/" + full))

    walk(get_resolver().url_patterns, "", None)
    return sorted(set(found))


@pytest.mark.django_db
def test_every_public_url_answers_with_demo_data(client):
    for command in SETUP_COMMANDS:
        call_command(command, stdout=io.StringIO())
    checked = []
    for name, path in argumentless_public_urls():
        if name in NOT_STANDALONE:
            continue
        response = client.get(path)
        if response.status_code == 302 and "/login/" in response["Location"]:
            continue  # a staff page: anonymous visitors are sent to the admin login
        assert response.status_code == 200, f"{path} ({name}) respondió {response.status_code}"
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert html.count("<h1") == 1, f"{path} no tiene exactamente un <h1>"
            assert 'lang="es-CO"' in html, path
        checked.append(path)
    # The walk must really cover the site's sections, not an empty URLconf.
    for expected in ["/", "/noticias/", "/tramites/", "/pqrsd/", "/transparencia/",
                     "/participa/", "/buscar/", "/gobierno-en-linea/", "/mapa-del-sitio/"]:  # fmt: skip
        assert expected in checked
