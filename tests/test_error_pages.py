"""
Any 500 page is Spanish and static: Django's own renders with nothing that could fail, and
behind deploy/'s nginx neither gunicorn's nor nginx's English error page can reach a citizen.
"""

import http.server
import re
import threading
from pathlib import Path

import pytest
from django.template import engines
from django.test import Client
from django.urls import path

from deploy.render_nginx import render
from tests.servers import (
    BASE_DIR,
    ensure_collectstatic,
    fetch,
    free_port,
    nginx,
    require_tool,
    self_signed_cert,
    wait_for_port,
)

HOST = "puertoguzman-putumayo.gov.co"
SPANISH = "Tuvimos un problema"
# What gunicorn answers when a worker fails outside Django (gunicorn/util.py write_error).
GUNICORN_500 = (
    b"<html><head><title>Internal Server Error</title></head><body><h1><p>Internal Server "
    b"Error</p></h1></body></html>"
)


def failing_view(request):
    raise RuntimeError("falla de prueba")


urlpatterns = [path("falla/", failing_view)]


@pytest.mark.django_db
def test_djangos_500_page_is_spanish_and_needs_no_database_nor_static_manifest(
    settings, tmp_path, django_assert_num_queries
):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    # A missing manifest (collectstatic not run) would break a page that asks for a static URL.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/falla/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="es-CO">' in page
    assert SPANISH in page
    assert "Server Error" not in page


def test_the_500_template_and_nginx_page_are_self_contained_and_say_the_same():
    template = (BASE_DIR / "templates" / "500.html").read_text()
    static = (BASE_DIR / "static" / "errores" / "500.html").read_text()
    # Only a comment may be a template tag, and one variable (the prefixed home page, a plain
    # string): no {% static %}, {% url %}, other variables or includes.
    assert "{%" not in template
    assert re.findall(r"{{.*?}}", template) == ["{{ home|default:'/' }}"]
    engines["django"].from_string(template).render({})
    for page in (template, static):
        assert SPANISH in page and '<html lang="es-CO">' in page
    assert "radicado" in static and "radicado" in template


class FakeGunicorn(http.server.BaseHTTPRequestHandler):
    """An app server that fails as gunicorn does, and answers the rest like Django."""

    def do_GET(self):
        if self.path == "/falla/":
            status, body = 500, GUNICORN_500
        elif self.path == "/no-existe/":
            status, body = 404, "<h1>Página no encontrada</h1>".encode()
        else:
            status, body = 200, b"<h1>Inicio</h1>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx_in_front(tmp_path_factory):
    """deploy/'s nginx in front of a fake gunicorn, and of a port where nothing listens."""
    require_tool("nginx", "nginx")
    ensure_collectstatic()
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeGunicorn)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    sites = {}
    for name, app_port in (("vivo", app.server_address[1]), ("caido", free_port())):
        workdir = Path(tmp_path_factory.mktemp(f"nginx_{name}"))
        (workdir / "media").mkdir()
        cert, key = self_signed_cert(workdir)
        ports = {"http": free_port(), "https": free_port()}
        conf = workdir / "nginx.conf"
        conf.write_text(
            render(
                workdir=workdir,
                app=f"127.0.0.1:{app_port}",
                http_port=ports["http"],
                https_port=ports["https"],
                cert=cert,
                key=key,
            )
        )
        sites[name] = (conf, ports)
    with nginx(sites["vivo"][0]), nginx(sites["caido"][0]):
        for _, ports in sites.values():
            wait_for_port(ports["https"])
        yield {name: ports["https"] for name, (_, ports) in sites.items()}
    app.shutdown()


def _get(port, path):
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return fetch(f"https://127.0.0.1:{port}{path}", headers={"Host": HOST}, context=context)


def test_gunicorns_english_500_never_reaches_the_citizen(nginx_in_front):
    status, headers, body = _get(nginx_in_front["vivo"], "/falla/")
    assert status == 500
    page = body.decode()
    assert SPANISH in page and "Internal Server Error" not in page
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Cache-Control"] == "no-store"


def test_an_app_server_that_does_not_answer_shows_the_spanish_page(nginx_in_front):
    status, _, body = _get(nginx_in_front["caido"], "/pqrsd/")
    assert status == 502
    page = body.decode()
    assert SPANISH in page and "Bad Gateway" not in page and "nginx" not in page


def test_djangos_other_answers_pass_through(nginx_in_front):
    status, _, body = _get(nginx_in_front["vivo"], "/no-existe/")
    assert status == 404
    assert "Página no encontrada" in body.decode()
    assert _get(nginx_in_front["vivo"], "/")[0] == 200


def test_the_error_page_is_not_reachable_directly(nginx_in_front):
    assert _get(nginx_in_front["vivo"], "/_error/500.html")[0] == 404
