"""
`make bench`: every public page of the large data set, measured against its targets (TARGETS):
through the deploy/ nginx config next to static nginx serving the same bytes, with the page
cache off at one connection, the home page's weight, and the mixed-traffic test.

scripts/bench.sh prepares the database and the data set and calls this with DATABASE_URL and
the production environment set. The results replace the section "Última medición" of
docs/rendimiento.md and are printed; the exit status is 1 when a target is missed.
"""

import datetime
import gzip
import http.client
import os
import platform
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guzman_portal.settings")
WRK_SCRIPT = BASE_DIR / "scripts" / "bench_wrk.lua"
RESULTS = BASE_DIR / "docs" / "rendimiento.md"
RESULTS_HEADING = "## Última medición"
HOST = "puertoguzman-putumayo.gov.co"
SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))
# Measurements that make a ratio or face a latency target are taken this many times, keeping
# the best: on a shared machine other load only ever makes a run slower.
ROUNDS = 3

# The public pages, in one place. A name in <> is resolved from the data set.
PAGES = [
    ("Inicio", "/"),
    ("Noticias", "/noticias/"),
    ("Una noticia", "<news>"),
    ("Noticias (RSS)", "/noticias/rss/"),
    ("Eventos", "/eventos/"),
    ("Eventos pasados", "/eventos/pasados/"),
    ("Un evento", "<event>"),
    ("Calendario (iCalendar)", "/eventos/calendario.ics"),
    ("Un evento (iCalendar)", "<event>evento.ics"),
    ("Eventos (CSV)", "/eventos/datos.csv"),
    ("Eventos (JSON)", "/eventos/datos.json"),
    ("Documentos", "/documentos/"),
    ("Un documento", "<document>"),
    ("Una página institucional", "<page>"),
    ("Directorio", "/directorio/"),
    ("Directorio (CSV)", "/directorio/datos.csv"),
    ("Directorio (JSON)", "/directorio/datos.json"),
    ("Contratistas", "/directorio/contratistas/"),
    ("Contratistas (CSV)", "/directorio/contratistas/datos.csv"),
    ("Contratistas (JSON)", "/directorio/contratistas/datos.json"),
    ("Alcaldía", "/entidades/alcaldia/"),
    ("Organigrama de la Alcaldía", "/entidades/alcaldia/organigrama/"),
    ("Trámites", "/tramites/"),
    ("Ficha de trámite", "<procedure>"),
    ("Datos de trámites (CSV)", "/tramites/datos.csv"),
    ("Datos de trámites (JSON)", "/tramites/datos.json"),
    ("PQRSD (formulario)", "/pqrsd/"),
    ("Denuncia (formulario)", "/pqrsd/denuncia/"),
    ("Mis datos personales (formulario)", "/pqrsd/mis-datos/"),
    ("PQRSD (consulta)", "/pqrsd/consulta/"),
    ("Estadísticas PQRSD", "/pqrsd/estadisticas/"),
    ("Estadísticas PQRSD (CSV)", "/pqrsd/estadisticas.csv"),
    ("Estadísticas PQRSD (JSON)", "/pqrsd/estadisticas.json"),
    ("Informe de solicitudes", "/pqrsd/informes/"),
    ("Informe (CSV)", "/pqrsd/informes.csv"),
    ("Informe (JSON)", "/pqrsd/informes.json"),
    ("Informe: cada solicitud", "/pqrsd/informes/solicitudes/"),
    ("Informe: cada solicitud, página 900", "/pqrsd/informes/solicitudes/?page=900"),
    ("Informe por solicitud (CSV, parte 1)", "/pqrsd/informes-solicitudes.csv"),
    ("Informe por solicitud (JSON, parte 90)", "/pqrsd/informes-solicitudes.json?parte=90"),
    ("Transparencia", "/transparencia/"),
    ("Transparencia, categoría 7", "/transparencia/categoria/7/"),
    ("Transparencia de la Personería", "/transparencia/personeria/"),
    ("Transparencia de la Personería, categoría 7", "/transparencia/personeria/categoria/7/"),
    ("Transparencia, registro de cambios", "/transparencia/registro-de-cambios/"),
    ("Cobertura de Transparencia (CSV)", "/transparencia/cobertura.csv"),
    ("Cobertura de Transparencia (JSON)", "/transparencia/cobertura.json"),
    ("Cumplimiento de la sede (JSON)", "/transparencia/cumplimiento.json"),
    (
        "Registro de activos de la Alcaldía (CSV)",
        "/transparencia/alcaldia/instrumentos/registro-de-activos.csv",
    ),
    (
        "Esquema de publicación de la Alcaldía (JSON)",
        "/transparencia/alcaldia/instrumentos/esquema-de-publicacion.json",
    ),
    ("Participa", "/participa/"),
    ("Una encuesta", "<survey>"),
    ("Un proyecto de norma", "<draft>"),
    ("Informe de comentarios", "<draft>informe/"),
    ("Informe de comentarios (CSV)", "<draft>informe.csv"),
    ("Buscar «licencia»", "/buscar/?q=licencia"),
    ("Gobierno en línea", "/gobierno-en-linea/"),
    ("Autoevaluación ITA de la Personería", "/gobierno-en-linea/ita/personeria/"),
    ("Gobierno en línea (JSON)", "/gobierno-en-linea/datos.json"),
    ("Datos abiertos", "/datos/"),
    ("Catálogo de datos (DCAT)", "/datos/catalogo.jsonld"),
    ("Un conjunto de datos", "/datos/informe-solicitudes-pqrsd/"),
    ("Mapa del sitio", "/mapa-del-sitio/"),
    ("robots.txt", "/robots.txt"),
    ("sitemap.xml", "/sitemap.xml"),
    ("sitemap de noticias (250 URL por archivo)", "/sitemap-noticias.xml"),
    ("sitemap de trámites", "/sitemap-tramites.xml"),
]

# What every run must meet (docs/rendimiento.md explains each).
TARGETS = {
    "edge_ratio": 0.50,  # deploy/ nginx vs static nginx, same bytes, 32 connections
    "cold_p95": 60.0,  # ms, page cache off, 1 connection
    "home_raw": 60 * 1024,
    "home_gzip": 15 * 1024,
}


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nada escucha en 127.0.0.1:{port}")


def get(port, path, headers=None, tls=False):
    if tls:  # the edge, with the bench's self-signed certificate
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Host": HOST if tls else "127.0.0.1", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


# -- In-process measurements: page list and SQL queries --------------------------------------


def resolve_pages_and_queries():
    """Resolve dynamic paths and count SQL queries per page with a warm process, cache off."""
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.apps import apps
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def first_url(app_label, model_name):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return None
        manager = model.objects
        queryset = manager.published() if hasattr(manager, "published") else manager.all()
        item = queryset.order_by("-pk").first()
        return item.get_absolute_url() if item else None

    dynamic = {
        "<news>": first_url("portal", "NewsItem"),
        "<event>": first_url("portal", "Event"),
        "<document>": first_url("portal", "Document"),
        "<page>": first_url("portal", "Page"),
        "<procedure>": first_url("tramites", "Procedure"),
        "<survey>": first_url("participation", "Survey"),
        "<draft>": first_url("participation", "DraftRegulation"),
    }
    pages, notes = [], []
    for name, path in PAGES:
        # A new visitor for each page, as wrk measures: a session left by a form page (the
        # CSRF token lives there) would add its read to every page after it.
        client = Client(HTTP_HOST="127.0.0.1")
        if path.startswith("<"):
            placeholder, _, rest = path.partition(">")
            base = dynamic.get(placeholder + ">")
            path = base + rest if base else None
        if path is None:
            notes.append(f"{name}: no hay datos para resolver la dirección; se omite.")
            continue
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            notes.append(f"{name} ({path}): respuesta {response.status_code}; se omite.")
            continue
        pages.append({"name": name, "path": path, "queries": len(captured)})
    counts = {}
    for label, (app_label, model_name) in {
        "noticias": ("portal", "NewsItem"),
        "documentos": ("portal", "Document"),
        "trámites": ("tramites", "Procedure"),
        "PQRSD": ("pqrsd", "Request"),
    }.items():
        try:
            counts[label] = apps.get_model(app_label, model_name).objects.count()
        except LookupError:
            counts[label] = 0
    connection.close()
    return pages, notes, counts, connection.vendor


# -- Servers ----------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, workdir, page_cache_seconds, rate_limits=False):
        self.port = free_port()
        env = {
            **os.environ,
            "PAGE_CACHE_SECONDS": str(page_cache_seconds),
            # wrk is one address: per-address limits would measure 429 pages, not the site.
            "RATELIMIT_ENABLED": "true" if rate_limits else "false",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "4"),
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.log = open(Path(workdir) / f"gunicorn-{self.port}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port)
        for _ in range(3):  # every worker imports and connects
            get(self.port, "/robots.txt")

    def stop(self):
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


class Nginx:
    def __init__(self, conf_path):
        self.process = subprocess.Popen(
            ["nginx", "-p", str(conf_path.parent), "-c", str(conf_path), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


def static_nginx(workdir, html_dir, cert, key):
    """nginx serving the saved pages as files over TLS, as the edge serves them."""
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = workdir / "static-nginx.conf"
    conf.write_text(f"""{user}worker_processes 1;
pid {workdir}/static-nginx.pid;
error_log {workdir}/static-nginx.err warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {workdir}/s-body; proxy_temp_path {workdir}/s-proxy;
    fastcgi_temp_path {workdir}/s-fcgi; uwsgi_temp_path {workdir}/s-uwsgi;
    scgi_temp_path {workdir}/s-scgi;
    server {{
        listen 127.0.0.1:{port} ssl http2;
        ssl_certificate {cert}; ssl_certificate_key {key};
        root {html_dir};
    }}
}}
""")
    server = Nginx(conf)
    wait_for_port(port)
    return server, port


def edge_nginx(workdir, app_port, cert, key):
    """The production site config of deploy/ in front of gunicorn (TLS, micro-cache)."""
    from deploy.render_nginx import render

    edge = workdir / "edge"
    edge.mkdir()
    http_port, https_port = free_port(), free_port()
    conf = edge / "nginx.conf"
    conf.write_text(
        render(
            workdir=edge,
            app=f"127.0.0.1:{app_port}",
            http_port=http_port,
            https_port=https_port,
            cert=cert,
            key=key,
        )
    )
    server = Nginx(conf)
    wait_for_port(https_port)
    return server, https_port


# -- wrk --------------------------------------------------------------------------------------


def wrk(url, connections, seconds=SECONDS, host=None):
    threads = 1 if connections == 1 else 2
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(WRK_SCRIPT), "--timeout", "10s"]
    if host:
        command += ["-H", f"Host: {host}"]
    for _attempt in range(2):
        try:
            output = subprocess.run(
                command + [url], capture_output=True, text=True, timeout=seconds + 60
            ).stdout
        except subprocess.TimeoutExpired:
            output = ""
        line = next((x for x in output.splitlines() if x.startswith("BENCH ")), None)
        if line is not None:
            break
    else:
        log(f"   wrk no dio resultado para {url}")
        return {"rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "errors": 1, "non2xx": 0}
    values = dict(item.split("=") for item in line.split()[1:])
    duration = int(values["duration_us"]) / 1e6
    return {
        "rps": int(values["requests"]) / duration if duration else 0.0,
        "p50": float(values["p50"]),
        "p95": float(values["p95"]),
        "p99": float(values["p99"]),
        "errors": int(values["errors"]),
        "non2xx": int(values["non2xx"]),
    }


def best_in_turns(urls, rounds=ROUNDS):
    """
    Measure the URLs at 32 connections in turns, `rounds` times, and keep each one's fastest
    run. On a shared machine other work only ever slows a run down, and taking turns spreads
    it over both sides of a ratio instead of letting it land on one.
    """
    best = {}
    for _ in range(rounds):
        for name, url in urls.items():
            result = wrk(url, 32, host=HOST)
            if name not in best or result["rps"] > best[name]["rps"]:
                best[name] = result
    return best


# -- The run ----------------------------------------------------------------------------------


def warm_up(port, path):
    """Let every gunicorn worker open its connection and compile the page's templates first."""
    workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
    with ThreadPoolExecutor(workers * 2) as pool:
        for _ in range(2):
            list(pool.map(lambda _: get(port, path), range(workers * 2)))


def page_weight(port, page, html_dir, index):
    """
    Raw and gzip bytes of the page, and whether it holds a form (rendered per visitor and never
    cached); saves the exact bytes for static nginx.
    """
    _, headers, raw = get(port, page["path"])
    _, gz_headers, gz = get(port, page["path"], {"Accept-Encoding": "gzip"})
    content_type = headers.get("Content-Type", "text/html")
    extension = "csv" if "csv" in content_type else "xml" if "xml" in content_type else "html"
    filename = f"p{index}.{extension}"
    (html_dir / filename).write_bytes(raw)
    page.update(
        static_path=f"/{filename}",
        raw=len(raw),
        gzip=len(gz) if gz_headers.get("Content-Encoding") == "gzip" else len(gzip.compress(raw)),
        form=b'name="csrfmiddlewaretoken"' in raw,
        body=raw,
    )


def home_assets(port, body):
    """HTML + CSS + JS of the home page, raw and gzip, as the design's budget counts them."""
    raw_total, gz_total = len(body), len(gzip.compress(body))
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', body):
        _, _, content = get(port, asset.decode())
        raw_total += len(content)
        gz_total += len(gzip.compress(content))
    return raw_total, gz_total


def mark(ok):
    return "✅" if ok else "❌"


def main():
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    workdir.chmod(0o755)
    html_dir = workdir / "html"
    html_dir.mkdir()
    started = datetime.datetime.now(datetime.UTC)
    load_before = os.getloadavg()

    log("== Páginas y consultas SQL (proceso en caliente, caché apagada)")
    pages, notes, counts, vendor = resolve_pages_and_queries()
    for note in notes:
        log("   nota: " + note)

    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )

    servers = []
    try:
        log("== A través de deploy/nginx (microcaché y caché de páginas) y nginx estático")
        app = Gunicorn(workdir, page_cache_seconds=300)
        servers.append(app)
        for index, page in enumerate(pages):
            page_weight(app.port, page, html_dir, index)
        home = next((p for p in pages if p["path"] == "/"), None)
        home_raw, home_gz = home_assets(app.port, home["body"]) if home else (0, 0)

        static, static_port = static_nginx(workdir, html_dir, cert, key)
        servers.append(static)
        edge, edge_port = edge_nginx(workdir, app.port, cert, key)
        servers.append(edge)
        for page in pages:
            if page["form"]:
                continue
            log(f"   {page['name']}")
            warm_up(app.port, page["path"])
            get(edge_port, page["path"], tls=True)  # the micro-cache's first copy
            page.update(
                best_in_turns(
                    {
                        "edge": f"https://127.0.0.1:{edge_port}{page['path']}",
                        "static": f"https://127.0.0.1:{static_port}{page['static_path']}",
                    }
                )
            )
        for server in (edge, app):
            server.stop()
            servers.remove(server)

        log("== gunicorn con la caché de páginas apagada, 1 conexión")
        cold = Gunicorn(workdir, page_cache_seconds=0)
        servers.append(cold)
        # ROUNDS passes over every page, keeping each page's best run, as best_in_turns does.
        for round_number in range(1, ROUNDS + 1):
            for page in pages:
                log(f"   {page['name']} ({round_number}/{ROUNDS})")
                warm_up(cold.port, page["path"])
                run = wrk(f"http://127.0.0.1:{cold.port}{page['path']}", 1)
                if "cold" not in page or run["p95"] < page["cold"]["p95"]:
                    page["cold"] = run
        cold.stop()
        servers.remove(cold)

        log("== Tráfico mixto (navegación + radicación de PQRSD), 60 s, 32 conexiones")
        mixed_app = Gunicorn(workdir, page_cache_seconds=300, rate_limits=True)
        servers.append(mixed_app)
        mixed = subprocess.run(
            [sys.executable, "scripts/bench_mixed.py", str(mixed_app.port)]
            + [p["path"] for p in pages],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        mixed_app.stop()
        servers.remove(mixed_app)
    finally:
        for server in servers:
            try:
                server.stop()
            except Exception as error:
                log(f"no se pudo detener un servidor: {error}")
        shutil.rmtree(workdir, ignore_errors=True)

    section, all_met = render_results(
        pages,
        notes,
        counts,
        vendor,
        started,
        load_before,
        (home_raw, home_gz),
        mixed.stdout.strip() or mixed.stderr.strip()[-2000:],
        mixed.returncode == 0,
    )
    write_results(section)
    print(section)
    log(f"Resultados en {RESULTS.relative_to(BASE_DIR)}")
    sys.exit(0 if all_met else 1)


def page_verdict(page):
    """(cells of the page's row, whether it meets its targets)."""
    cold = page["cold"]
    cold_ok = cold["p95"] <= TARGETS["cold_p95"]
    cells = [
        f"{page['name']} (`{page['path']}`)",
        str(page["queries"]),
        f"{page['raw']:,}",
        f"{page['gzip']:,}",
        f"{cold['p50']:.1f}/{cold['p95']:.1f} {mark(cold_ok)}",
    ]
    runs = [cold]
    if page["form"]:
        cells += ["formulario: sin caché", "—", "—"]
        edge_ok = True
    else:
        edge, static = page["edge"], page["static"]
        ratio = edge["rps"] / static["rps"] if static["rps"] else 0.0
        edge_ok = ratio >= TARGETS["edge_ratio"]
        cells += [f"{edge['rps']:,.0f}", f"{static['rps']:,.0f}", f"{ratio:.0%} {mark(edge_ok)}"]
        runs.append(edge)
    page["errors"] = sum(max(0, r["errors"]) + max(0, r["non2xx"]) for r in runs)
    return "| " + " | ".join(cells) + " |", cold_ok and edge_ok


def render_results(pages, notes, counts, vendor, started, load, home, mixed, mixed_ok):
    """The section "Última medición" of docs/rendimiento.md, and whether every target is met."""
    rows, failing = [], []
    for page in pages:
        row, ok = page_verdict(page)
        rows.append(row)
        if not ok:
            failing.append(page["name"])
    errors = sum(p["errors"] for p in pages)
    home_raw, home_gz = home
    home_ok = home_raw < TARGETS["home_raw"] and home_gz < TARGETS["home_gzip"]
    lines = [
        RESULTS_HEADING,
        "",
        f"{started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} núcleos "
        f"({platform.processor() or platform.machine()}), base de datos {vendor}, "
        f"carga del equipo al empezar {load[0]:.1f}. "
        f"gunicorn con {os.environ.get('GUNICORN_WORKERS', '4')} workers; wrk {SECONDS} s por "
        "medida.",
        "",
        "Datos: " + ", ".join(f"{n:,} {label}".replace(",", ".") for label, n in counts.items()),
        "",
        "| página | SQL | bytes | gzip | sin caché p50/p95 c1 (ms) | deploy/nginx req/s c32 "
        "| nginx estático req/s c32 | proporción |",
        "| --- | --: | --: | --: | --: | --: | --: | --: |",
        *rows,
        "",
        f"Peso de la página de inicio (HTML + CSS + JS): {home_raw:,} bytes sin comprimir y "
        f"{home_gz:,} con gzip {mark(home_ok)} (metas: menos de 60 KB y de 15 KB).",
        "",
        f"Páginas que no cumplen alguna meta: {', '.join(failing) if failing else 'ninguna'}. "
        f"Errores o respuestas no 2xx durante las medidas: {errors}.",
        "",
        f"Tráfico mixto {mark(mixed_ok)}:",
        "",
        "```",
        mixed,
        "```",
    ]
    if notes:
        lines += ["", "Notas:", ""] + [f"- {note}" for note in notes]
    all_met = not failing and home_ok and mixed_ok and errors == 0
    return "\n".join(lines) + "\n", all_met


def write_results(section):
    """Replace the section "Última medición" (the end of the file) with this run's."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Rendimiento\n"
    head = text.split(RESULTS_HEADING)[0].rstrip()
    RESULTS.write_text(f"{head}\n\n{section}")


if __name__ == "__main__":
    main()
