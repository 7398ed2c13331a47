"""
deploy/ works as shipped: nginx accepts the site config, a request goes through nginx to
gunicorn with production settings, and a backup restores into a fresh database.
"""

import json
import os
import re
import socket
import ssl
import subprocess
import time
import urllib.parse

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from deploy.render_nginx import render
from portal import antispam
from tests.portal.factories import make_news
from tests.pqrsd.factories import form_post
from tests.servers import (
    BASE_DIR,
    PYTHON,
    ensure_collectstatic,
    fetch,
    free_port,
    gunicorn,
    manage,
    nginx,
    production_env,
    require_tool,
    self_signed_cert,
    wait_for_port,
)

HOST = "puertoguzman-putumayo.gov.co"
EDGE_CACHE_SECONDS = settings.EDGE_CACHE_SECONDS  # production_env leaves the default


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site config rendered for a temporary folder, with a self-signed certificate."""
    require_tool("nginx", "nginx")
    workdir = tmp_path_factory.mktemp("nginx")
    (workdir / "media").mkdir()
    cert, key = self_signed_cert(workdir)
    ports = {"app": free_port(), "http": free_port(), "https": free_port()}
    conf = workdir / "nginx.conf"
    conf.write_text(
        render(
            workdir=workdir,
            app=f"127.0.0.1:{ports['app']}",
            http_port=ports["http"],
            https_port=ports["https"],
            cert=cert,
            key=key,
        )
    )
    return conf, ports


def test_nginx_accepts_the_site_config(site):
    conf, _ = site
    result = subprocess.run(
        ["nginx", "-t", "-p", str(conf.parent), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.fixture(scope="module")
def production_site(site, tmp_path_factory):
    """gunicorn (production settings, migrated SQLite) behind the deploy/ nginx."""
    conf, ports = site
    tmp = tmp_path_factory.mktemp("app")
    env = production_env(
        tmp,
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        HTTPS="true",
        BEHIND_PROXY="true",
        RATELIMIT_PROXY_HEADER="HTTP_X_REAL_IP",
    )
    manage(env, "migrate", "--run-syncdb", "--noinput", "-v0")
    ensure_collectstatic()
    media = conf.parent / "media"
    (media / "subida.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')
    (media / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with gunicorn(env, ports["app"], tmp / "gunicorn.log"), nginx(conf):
        wait_for_port(ports["https"])
        yield ports


def _tls():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _get(ports, path, **headers):
    url = f"https://127.0.0.1:{ports['https']}{path}"
    return fetch(url, headers={"Host": HOST, **headers}, context=_tls())


def test_plain_http_redirects_to_https(production_site):
    status, headers, _ = fetch(
        f"http://127.0.0.1:{production_site['http']}/tramites/", headers={"Host": HOST}
    )
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/tramites/"


def test_home_through_nginx_and_gunicorn(production_site):
    status, headers, body = _get(production_site, "/")
    assert status == 200, body[:500]
    assert "text/html" in headers["Content-Type"]
    # Django's headers prove gunicorn answered; HSTS proves the production settings.
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Cache-Status"] in {"MISS", "EXPIRED", "HIT", "BYPASS"}


def test_anonymous_burst_is_served_from_the_micro_cache(production_site):
    _get(production_site, "/?rafaga=1")
    status, headers, _ = _get(production_site, "/?rafaga=1")
    assert status == 200
    assert headers["X-Cache-Status"] == "HIT"


def test_a_refreshed_micro_cache_copy_is_served_as_soon_as_nginx_has_it(production_site):
    _get(production_site, "/?renovada=1")
    time.sleep(EDGE_CACHE_SECONDS + 1)
    # The expired copy answers while nginx asks gunicorn for a new one in the background.
    _, headers, _ = _get(production_site, "/?renovada=1")
    assert headers["X-Cache-Status"] == "STALE"
    time.sleep(0.5)
    status, headers, _ = _get(production_site, "/?renovada=1")
    assert status == 200
    assert headers["X-Cache-Status"] == "HIT"


def test_visitors_with_a_session_or_csrf_cookie_skip_the_micro_cache(production_site):
    _get(production_site, "/?sesion=1")
    for cookie in ("sessionid=abc", "csrftoken=abc"):
        status, headers, _ = _get(production_site, "/?sesion=1", Cookie=cookie)
        assert headers["X-Cache-Status"] == "BYPASS", cookie


def _hidden_value(body, name):
    return re.search(rf'name="{name}" value="([^"]*)"', body.decode())[1]


def _cookies(headers):
    """The cookies a browser would send back, from the Set-Cookie lines."""
    return "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie") or [])


def _as_a_person(body, form_token):
    """What a person's browser posts back: the page's tokens, including the anti-spam field's
    signed time, sent after at least the time a person needs to fill the form."""
    data = form_post(csrfmiddlewaretoken=_hidden_value(body, "csrfmiddlewaretoken"))
    data["form_token"] = form_token
    data[antispam.FIELD] = _hidden_value(body, antispam.FIELD)
    time.sleep(antispam.MIN_SECONDS)
    return data


@pytest.mark.parametrize("path", ["/pqrsd/", "/pqrsd/consulta/"])
def test_form_pages_pass_through_the_micro_cache(production_site, path):
    tokens = set()
    for _ in range(3):
        status, headers, body = _get(production_site, path)
        assert status == 200
        assert headers["X-Cache-Status"] in {"MISS", "EXPIRED"}
        assert "sessionid=" in _cookies(headers)
        assert "no-store" in headers["Cache-Control"]
        tokens.add(_hidden_value(body, "csrfmiddlewaretoken"))
    assert len(tokens) == 3


def test_a_citizen_files_through_nginx(production_site):
    _, headers, body = _get(production_site, "/pqrsd/")
    cookies = _cookies(headers)
    form_token = _hidden_value(body, "form_token")
    data = _as_a_person(body, form_token)
    status, headers, body = fetch(
        f"https://127.0.0.1:{production_site['https']}/pqrsd/",
        method="POST",
        body=urllib.parse.urlencode(data).encode(),
        headers={
            "Host": HOST,
            "Origin": f"https://{HOST}",
            "Cookie": cookies,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        context=_tls(),
    )
    assert status == 302, body[:2000]
    assert headers["Location"] == f"/pqrsd/radicada/{form_token}/"
    status, _, body = _get(production_site, headers["Location"], Cookie=cookies)
    assert status == 200
    assert "Su solicitud quedó radicada" in body.decode()


def test_an_anonymous_denuncia_leaves_no_client_address_or_browser_in_the_logs(
    production_site, site
):
    """nginx logs PQRSD pages without the client's address and browser (docs/datos-personales.md)."""
    conf, _ = site
    agent = "NavegadorDeDenuncia/1.0 (huella-4c2d)"
    _get(production_site, "/", **{"User-Agent": "NavegadorDeInicio/1.0"})
    _, headers, body = _get(production_site, "/pqrsd/denuncia/", **{"User-Agent": agent})
    data = _as_a_person(body, _hidden_value(body, "form_token"))
    for key in ("person_kind", "document_type", "document_number", "name", "email", "phone"):
        data.pop(key)
    data.update(request_type="denuncia", is_anonymous="on", answer_channel="portal", address="")
    status, _, body = fetch(
        f"https://127.0.0.1:{production_site['https']}/pqrsd/denuncia/",
        method="POST",
        body=urllib.parse.urlencode(data).encode(),
        headers={
            "Host": HOST,
            "Origin": f"https://{HOST}",
            "Cookie": _cookies(headers),
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": agent,
        },
        context=_tls(),
    )
    assert status == 302, body[:2000]
    # nginx writes the log line after the response has gone out.
    for _ in range(50):
        log = (conf.parent / "access.log").read_text()
        if '"POST /pqrsd/denuncia/" 302' in log:
            break
        time.sleep(0.1)
    pqrsd_lines = [line for line in log.splitlines() if "/pqrsd/" in line]
    assert any('"POST /pqrsd/denuncia/" 302' in line for line in pqrsd_lines), log[-2000:]
    assert not [line for line in pqrsd_lines if "127.0.0.1" in line or "huella-4c2d" in line]
    assert "NavegadorDeInicio/1.0" in log  # the other pages keep the usual log


def test_gunicorn_access_log_has_no_client_address_or_browser():
    import runpy

    config = runpy.run_path(str(BASE_DIR / "deploy" / "gunicorn.conf.py"))
    assert "%(a)s" not in config["access_log_format"]
    assert "%(h)s" not in config["access_log_format"]


def test_uploaded_svg_is_downloaded_not_rendered(production_site):
    status, headers, _ = _get(production_site, "/media/subida.svg")
    assert status == 200
    assert headers["Content-Disposition"] == "attachment"
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]


def test_uploaded_image_keeps_its_type_without_sniffing(production_site):
    status, headers, _ = _get(production_site, "/media/foto.png")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_hashed_static_files_are_cached_for_a_year(production_site):
    manifest = (BASE_DIR / "staticfiles" / "staticfiles.json").read_text()
    hashed = json.loads(manifest)["paths"]["css/site.css"]
    status, headers, _ = _get(production_site, f"/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert "max-age=31536000" in headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip"


def test_oversized_body_is_refused_by_nginx(production_site):
    url = f"https://127.0.0.1:{production_site['https']}/pqrsd/"
    try:
        status, _, _ = fetch(
            url,
            method="POST",
            body=b"x" * (33 * 1024 * 1024),
            headers={"Host": HOST},
            context=_tls(),
        )
    except ConnectionError:
        status = 413  # nginx may close the connection while the client is still sending
    assert status == 413


DISABLED_METHODS = ["TRACE", "PUT", "DELETE", "OPTIONS", "PATCH"]


def _admin_login_path():
    return f"/{settings.ADMIN_URL.strip('/')}/login/"


@pytest.mark.parametrize("method", DISABLED_METHODS)
@pytest.mark.parametrize("path", ["/", "/pqrsd/", "/media/foto.png", "/static/css/site.css", None])
def test_methods_other_than_get_head_post_are_refused_by_nginx(production_site, method, path):
    """MinTIC's security criteria: PUT, DELETE, TRACE and OPTIONS disabled on every path."""
    status, headers, _ = _get_with(production_site, path or _admin_login_path(), method)
    assert status == 405
    assert headers["Allow"] == "GET, HEAD, POST"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("method", DISABLED_METHODS)
def test_plain_http_refuses_the_same_methods(production_site, method):
    status, headers, _ = fetch(
        f"http://127.0.0.1:{production_site['http']}/", method=method, headers={"Host": HOST}
    )
    assert status == 405
    assert headers["Allow"] == "GET, HEAD, POST"


@pytest.mark.parametrize("path", ["/", "/pqrsd/", "/media/foto.png", None])
def test_get_and_head_still_reach_pages_files_and_the_admin(production_site, path):
    for method in ("GET", "HEAD"):
        status, _, _ = _get_with(production_site, path or _admin_login_path(), method)
        assert status == 200, (method, path)


def _get_with(ports, path, method):
    url = f"https://127.0.0.1:{ports['https']}{path}"
    return fetch(url, method=method, headers={"Host": HOST}, context=_tls())


def _handshake(ports, *, version=None, ciphers=None):
    """The protocol and cipher nginx agrees to with a client limited to these, or None."""
    context = _tls()
    # The client is made willing to speak old protocols: only the server may refuse them.
    context.set_ciphers((ciphers or "ALL") + ":@SECLEVEL=0")
    if version:
        context.minimum_version = context.maximum_version = version
    try:
        with (
            socket.create_connection(("127.0.0.1", ports["https"]), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname=HOST) as tls,
        ):
            return tls.version(), tls.cipher()[0]
    except (ssl.SSLError, ConnectionError):
        return None


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1])
def test_old_tls_versions_are_refused(production_site, version):
    assert _handshake(production_site, version=version) is None


def test_tls_1_3_is_served(production_site):
    assert _handshake(production_site, version=ssl.TLSVersion.TLSv1_3)[0] == "TLSv1.3"


def test_tls_1_2_only_with_forward_secret_aead_ciphers(production_site):
    version, cipher = _handshake(production_site, version=ssl.TLSVersion.TLSv1_2)
    assert version == "TLSv1.2"
    assert cipher.startswith("ECDHE-") and ("GCM" in cipher or "CHACHA20" in cipher)
    good = "ECDHE-RSA-AES128-GCM-SHA256"
    assert _handshake(production_site, version=ssl.TLSVersion.TLSv1_2, ciphers=good)
    # No forward secrecy (RSA key exchange) or no AEAD (CBC with SHA-1/SHA-2 MACs).
    for weak in (
        "AES128-SHA",
        "AES128-GCM-SHA256",
        "AES256-SHA256",
        "ECDHE-RSA-AES128-SHA",
        "ECDHE-RSA-AES256-SHA384",
    ):
        assert _handshake(production_site, version=ssl.TLSVersion.TLSv1_2, ciphers=weak) is None


GOVCO = "www.gov.co"
PREFIX = "/puertoguzman"


@pytest.fixture(scope="module")
def prefixed_site(tmp_path_factory):
    """The same nginx site and gunicorn, set up as GOV.CO's proxy reaches them: the portal at
    https://www.gov.co/puertoguzman/ (FORCE_SCRIPT_NAME, USE_X_FORWARDED_HOST)."""
    require_tool("nginx", "nginx")
    workdir = tmp_path_factory.mktemp("nginx_prefijo")
    (workdir / "media").mkdir()
    cert, key = self_signed_cert(workdir)
    ports = {"app": free_port(), "http": free_port(), "https": free_port()}
    conf = workdir / "nginx.conf"
    conf.write_text(
        render(
            workdir=workdir,
            app=f"127.0.0.1:{ports['app']}",
            http_port=ports["http"],
            https_port=ports["https"],
            cert=cert,
            key=key,
        )
    )
    tmp = tmp_path_factory.mktemp("app_prefijo")
    env = production_env(
        tmp,
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        HTTPS="true",
        BEHIND_PROXY="true",
        RATELIMIT_PROXY_HEADER="HTTP_X_REAL_IP",
        FORCE_SCRIPT_NAME=PREFIX,
        USE_X_FORWARDED_HOST="true",
        ALLOWED_HOSTS=f"{GOVCO},{HOST}",
        CSRF_TRUSTED_ORIGINS=f"https://{GOVCO}",
    )
    manage(env, "migrate", "--run-syncdb", "--noinput", "-v0")
    manage(env, "load_institution")
    ensure_collectstatic()
    with gunicorn(env, ports["app"], tmp / "gunicorn.log"), nginx(conf):
        wait_for_port(ports["https"])
        yield ports


def _via_govco(ports, path, **kwargs):
    headers = {"Host": HOST, "X-Forwarded-Host": GOVCO, **kwargs.pop("headers", {})}
    url = f"https://127.0.0.1:{ports['https']}{path}"
    return fetch(url, headers=headers, context=_tls(), **kwargs)


def test_under_govco_prefix_pages_assets_and_site_map_carry_it(prefixed_site):
    status, _, body = _via_govco(prefixed_site, f"{PREFIX}/")
    assert status == 200, body[:500]
    page = body.decode()
    css = re.search(r'href="([^"]*site\.[0-9a-f]+\.css)"', page)[1]
    assert css.startswith(f"{PREFIX}/static/")
    assert f'action="{PREFIX}/buscar/"' in page
    assert not re.search(r'(href|src|action)="/(?!puertoguzman/)', page)
    # nginx takes the prefix off again and serves the file itself.
    status, headers, _ = _via_govco(prefixed_site, css)
    assert status == 200
    assert "max-age=31536000" in headers["Cache-Control"]
    status, _, body = _via_govco(prefixed_site, f"{PREFIX}/sitemap.xml")
    assert status == 200
    assert f"<loc>https://{GOVCO}{PREFIX}/sitemap-" in body.decode()
    status, headers, _ = _via_govco(prefixed_site, f"{PREFIX}/tramites")
    assert status == 301
    assert headers["Location"] == f"{PREFIX}/tramites/"


def test_under_govco_prefix_a_citizen_files_a_pqrsd(prefixed_site):
    _, headers, body = _via_govco(prefixed_site, f"{PREFIX}/pqrsd/")
    assert f"Path={PREFIX}/" in headers["Set-Cookie"]
    form_token = _hidden_value(body, "form_token")
    data = _as_a_person(body, form_token)
    status, headers, body = _via_govco(
        prefixed_site,
        f"{PREFIX}/pqrsd/",
        method="POST",
        body=urllib.parse.urlencode(data).encode(),
        headers={
            "Origin": f"https://{GOVCO}",
            "Cookie": _cookies(headers),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert status == 302, body[:2000]
    assert headers["Location"] == f"{PREFIX}/pqrsd/radicada/{form_token}/"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "OPTIONS", "TRACE"])
def test_under_govco_prefix_methods_are_refused_too(prefixed_site, method):
    status, _, _ = _via_govco(prefixed_site, f"{PREFIX}/", method=method)
    assert status == 405


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database(on_postgresql, tmp_path):
    """deploy/backup.sh then deploy/restore.sh: same rows and same media in the copy."""
    make_news(title="Noticia que debe sobrevivir a la restauración")
    media = tmp_path / "media"
    (media / "documentos").mkdir(parents=True)
    (media / "documentos" / "acuerdo.pdf").write_bytes(b"%PDF-1.4 acuerdo")
    source = connection.settings_dict
    base_url = f"postgresql://{source['USER']}@{source['HOST']}:{source['PORT']}"
    if source.get("PASSWORD"):
        base_url = (
            f"postgresql://{source['USER']}:{source['PASSWORD']}@{source['HOST']}:{source['PORT']}"
        )
    env = {
        **os.environ,
        "MEDIA_ROOT": str(media),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private_media"),
        "BACKUP_KEEP_DAYS": "0",
    }
    backup = subprocess.run(
        ["bash", "deploy/backup.sh", str(tmp_path / "copias")],
        cwd=BASE_DIR,
        env={**env, "DATABASE_URL": f"{base_url}/{source['NAME']}?conn_max_age=600"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    folder = backup.stdout.strip().splitlines()[-1]

    target = f"restaurada_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        restored_media = tmp_path / "restaurada_media"
        subprocess.run(
            ["bash", "deploy/restore.sh", folder],
            cwd=BASE_DIR,
            env={**env, "DATABASE_URL": f"{base_url}/{target}", "MEDIA_ROOT": str(restored_media)},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        tables = connection.introspection.table_names()
        with psycopg.connect(f"{base_url}/{target}") as copy, connection.cursor() as original:
            for table in tables:
                original.execute(f'SELECT count(*) FROM "{table}"')
                expected = original.fetchone()[0]
                got = copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                assert got == expected, table
            title = copy.execute("SELECT title FROM portal_newsitem").fetchone()[0]
        assert title == "Noticia que debe sobrevivir a la restauración"
        assert (restored_media / "documentos" / "acuerdo.pdf").read_bytes() == b"%PDF-1.4 acuerdo"

        # A second restore over the now-populated database is refused, not merged.
        again = subprocess.run(
            ["bash", "deploy/restore.sh", folder],
            cwd=BASE_DIR,
            env={**env, "DATABASE_URL": f"{base_url}/{target}", "MEDIA_ROOT": str(restored_media)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode != 0
        assert "base nueva y vacía" in again.stderr
    finally:
        with psycopg.connect(f"{base_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_gunicorn_config_loads():
    result = subprocess.run(
        [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--check-config"],
        cwd=BASE_DIR,
        env={**os.environ, "GUNICORN_BIND": "127.0.0.1:0"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


REDIS_CONF = BASE_DIR / "deploy" / "redis" / "guzman-portal.conf"


def test_redis_config_caps_memory_and_evicts_the_least_recently_used(tmp_path):
    """redis-server reads deploy/redis/guzman-portal.conf: a memory cap with LRU eviction, so
    filling the page cache past it drops old pages instead of failing or taking the server."""
    import redis

    binary = require_tool("redis-server", "redis-server")
    port = free_port()
    process = subprocess.Popen(
        [binary, str(REDIS_CONF), "--port", str(port), "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process=process)
        client = redis.Redis(port=port)
        assert client.config_get("maxmemory")["maxmemory"] == str(256 * 1024 * 1024)
        assert client.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"
        assert client.config_get("save")["save"] == ""
        # The policy at work, under a small cap: 8 MB of pages into 2 MB, no error.
        client.config_set("maxmemory", 2 * 1024 * 1024)
        page = b"x" * 64 * 1024
        for n in range(128):
            client.set(f"pagina:{n}", page)
        assert client.dbsize() < 128
        assert client.get("pagina:127") == page  # the newest is kept
    finally:
        process.terminate()
        process.wait(10)
