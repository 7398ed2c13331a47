"""
Mixed traffic for `make bench`: 32 connections for 60 s, most browsing public pages and some
filing a PQRSD the way a citizen does (GET the form, read the CSRF and form tokens from the
page, keep its session cookie, POST, read the confirmation).
Afterwards the filings in the database are compared with the successful answers: none may be
lost and none duplicated.

    python scripts/bench_mixed.py PORT /path1 /path2 ...

The app must run with RATELIMIT_PROXY_HEADER=HTTP_X_REAL_IP: each simulated citizen sends its
own address, as nginx would, so the per-address limits see many citizens, not one.
"""

import http.client
import os
import random
import re
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guzman_portal.settings")

SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_MIXED_CONNECTIONS", "32"))
FILING_SHARE = 0.15
RUN = uuid.uuid4().hex[:8]
HIDDEN = re.compile(
    rb'<input[^>]*name="(csrfmiddlewaretoken|form_token|inicio_formulario)"[^>]*value="([^"]*)"'
)
# A person takes longer than the anti-spam check's minimum to fill the form (portal/antispam.py).
TYPING_SECONDS = 3.2


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.pages = self.filed = self.refused = self.errors = 0
        self.latencies = []
        self.error_samples = []

    def add(self, kind, seconds=None, sample=None):
        with self.lock:
            setattr(self, kind, getattr(self, kind) + 1)
            if seconds is not None:
                self.latencies.append(seconds)
            if sample and len(self.error_samples) < 5:
                self.error_samples.append(sample)


def citizen_address():
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
    response = conn.getresponse()
    return response, response.read()


def set_cookies(response, jar):
    """Keep the cookies a response sets, as a browser does."""
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.split(";", 1)[0].partition("=")
            jar[key] = rest
    return "; ".join(f"{key}={value}" for key, value in jar.items())


def file_one(port, worker, n, stats):
    """One citizen: GET the form (a new session), POST it, follow to the confirmation."""
    address = citizen_address()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.monotonic()
    jar = {}
    try:
        response, body = request(conn, "GET", "/pqrsd/", headers={"X-Real-IP": address})
        cookies = set_cookies(response, jar)
        fields = {name.decode(): value.decode() for name, value in HIDDEN.findall(body)}
        time.sleep(TYPING_SECONDS)
        start = time.monotonic()  # the filing's time, without the typing
        form = {
            **fields,
            "request_type": "peticion",
            "subject": f"Carga {RUN} {worker}-{n}",
            "description": "Solicitud de prueba de carga: arreglo de la vía a la vereda.",
            "person_kind": "natural",
            "document_type": "CC",
            "document_number": f"{worker:03d}{n:07d}",
            "name": "Ciudadana de Prueba",
            "email": f"carga{worker}-{n}@example.com",
            "phone": "3201234567",
            "address": "Calle 5 # 3-20",
            "answer_channel": "correo",
            "data_consent": "on",
            "website": "",
        }
        response, body = request(
            conn,
            "POST",
            "/pqrsd/",
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookies,
                "X-Real-IP": address,
            },
        )
        if response.status in (302, 303):
            cookies = set_cookies(response, jar)
            location = response.getheader("Location")
            response, body = request(
                conn, "GET", location, headers={"Cookie": cookies, "X-Real-IP": address}
            )
            if response.status != 200 or "quedó radicada".encode() not in body:
                stats.add("errors", sample=f"confirmación {response.status} {location}")
                return
        elapsed = time.monotonic() - start
        if response.status == 200 and b'id="radicado"' in body:
            stats.add("filed", elapsed)
        elif response.status == 429:
            stats.add("refused", elapsed, "429")
        elif response.status == 200 and b'name="subject"' in body:
            stats.add("refused", elapsed, f"formulario devuelto: {body[:200]!r}")
        else:
            stats.add("errors", elapsed, f"POST {response.status}")
    except (OSError, http.client.HTTPException) as error:
        stats.add("errors", sample=f"{type(error).__name__}: {error}")
    finally:
        conn.close()


def worker_loop(port, paths, worker, deadline, stats):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = 0
    while time.monotonic() < deadline:
        if random.random() < FILING_SHARE:
            n += 1
            file_one(port, worker, n, stats)
            continue
        start = time.monotonic()
        try:
            response, _ = request(conn, "GET", random.choice(paths))
            if response.status >= 500:
                stats.add("errors", sample=f"GET {response.status}")
            else:
                stats.add("pages", time.monotonic() - start)
        except (OSError, http.client.HTTPException) as error:
            stats.add("errors", sample=f"{type(error).__name__}: {error}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()


def count_filings():
    import django

    django.setup()
    from pqrsd.models import Request

    rows = Request.objects.filter(subject__startswith=f"Carga {RUN} ")
    return rows.count(), rows.values("subject").distinct().count()


def main():
    port, paths = int(sys.argv[1]), [p for p in sys.argv[2:] if p != "/pqrsd/"] or ["/"]
    stats = Stats()
    deadline = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=worker_loop, args=(port, paths, i, deadline, stats))
        for i in range(CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows, distinct = count_filings()
    latencies = sorted(stats.latencies) or [0.0]

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

    lost = stats.filed - distinct
    print(
        f"{CONNECTIONS} conexiones durante {SECONDS} s: {stats.pages} páginas y "
        f"{stats.filed} radicaciones aceptadas ({(stats.pages + stats.filed) / SECONDS:.0f} "
        f"operaciones/s; p50 {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms).\n"
        f"Errores: {stats.errors}. Radicaciones rechazadas: {stats.refused}.\n"
        f"En la base: {rows} solicitudes de esta carga, {distinct} distintas; "
        f"perdidas: {max(lost, 0)}; duplicadas: {rows - distinct}; "
        f"de más: {max(-lost, 0)}."
        + (f"\nMuestras de error: {stats.error_samples}" if stats.error_samples else "")
    )
    # A filing the form sent back (anti-spam, validation) means the simulated citizen is wrong.
    ok = stats.filed > 0 and stats.refused == 0 and stats.errors == 0
    ok = ok and lost == 0 and rows == distinct
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
