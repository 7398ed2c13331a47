"""Real servers for the deployment, fault and cache tests: gunicorn, nginx, PostgreSQL."""

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PGBIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def require_tool(path_or_name, what):
    """Skip when a system tool is missing, except in CI where it must be there."""
    found = shutil.which(path_or_name) or (Path(path_or_name).exists() and path_or_name)
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI exige {what} y no está instalado ({path_or_name})")
        pytest.skip(f"{what} no está instalado ({path_or_name})")
    return str(found)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=15, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"el proceso terminó antes de abrir el puerto {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nada escucha en 127.0.0.1:{port}")


def fetch(url, *, method="GET", body=None, headers=None, context=None, timeout=10):
    """One HTTP request without following redirects; return (status, headers, body)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=context
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path or "/", body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def production_env(tmp_path, **extra):
    """The environment of a production process, with a local database and media."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "guzman_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": "prueba-de-despliegue-" + "x" * 40,
        "ALLOWED_HOSTS": "puertoguzman-putumayo.gov.co,127.0.0.1,localhost",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private_media"),
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "CRITICAL",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, timeout=120):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
    )


def ensure_collectstatic():
    """Production settings use the hashed manifest: collect it when missing or out of date."""
    manifest = BASE_DIR / "staticfiles" / "staticfiles.json"
    sources = [*BASE_DIR.glob("static/**/*"), *BASE_DIR.glob("*/static/**/*")]
    newest = max((path.stat().st_mtime for path in sources if path.is_file()), default=0)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        manage({**os.environ, "DEBUG": "false"}, "collectstatic", "--noinput", "-v0")


@contextlib.contextmanager
def gunicorn(env, port, log_path):
    """gunicorn with deploy/gunicorn.conf.py on a loopback port."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    env.setdefault("GUNICORN_ACCESS_LOG", "/dev/null")
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process=process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def nginx(conf_path):
    nginx_bin = require_tool("nginx", "nginx")
    workdir = Path(conf_path).parent
    process = subprocess.Popen(
        [nginx_bin, "-p", str(workdir), "-c", str(conf_path), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def self_signed_cert(directory):
    openssl = require_tool("openssl", "openssl")
    cert, key = Path(directory) / "cert.pem", Path(directory) / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=puertoguzman-putumayo.gov.co", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary folder that a test can stop and start."""

    def __init__(self):
        bins = [b for b in PGBIN_CANDIDATES if (b / "initdb").exists()]
        if not bins:
            require_tool("/usr/lib/postgresql/15/bin/initdb", "PostgreSQL")
        self.bin = bins[0]
        # Not under pytest's private tmp_path: the postgres user must be able to enter it.
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def _run(self, *args, check=True):
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, timeout=60)

    def init(self):
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        self._run(
            "initdb", "-D", f"{self.dir}/data", "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "portal")
        return self

    def start(self):
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/server.log", "-w", "-t", "60",
            "-o", options, "start",
        )  # fmt: skip

    def stop(self):
        self._run("pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate", "-w", "stop", check=False)

    def destroy(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
