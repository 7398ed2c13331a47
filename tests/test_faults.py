"""
What happens when a piece of the platform fails: the database, the cache, the mail server.
Real servers are stopped and started; nothing is mocked.
"""

import io
import shutil
import subprocess
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guzman_portal.cache import ResilientRedisCache
from guzman_portal.mailers import mailers_from_url
from portal.models import Municipality
from tests.portal.factories import make_news
from tests.servers import (
    PostgresCluster,
    ensure_collectstatic,
    fetch,
    free_port,
    gunicorn,
    manage,
    production_env,
    require_tool,
    wait_for_port,
)


@pytest.fixture(scope="module")
def postgres():
    require_tool("/usr/lib/postgresql", "PostgreSQL")
    cluster = PostgresCluster().init()
    yield cluster
    cluster.destroy()


def _until(check, timeout=10):
    """Poll `check` until it returns a truthy value; return the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_database_outage_shows_a_spanish_503_and_the_site_recovers(postgres, tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_URL=f"{postgres.url}?conn_max_age=600",
        PAGE_CACHE_SECONDS=0,
    )
    manage(env, "migrate", "--run-syncdb", "--noinput", "-v0")
    ensure_collectstatic()
    port = free_port()
    home = f"http://127.0.0.1:{port}/"
    with gunicorn(env, port, tmp_path / "gunicorn.log"):
        assert fetch(home)[0] == 200

        postgres.stop()
        status, headers, body = fetch(home)
        assert status == 503
        assert headers["Retry-After"] == "60"
        page = body.decode()
        assert '<html lang="es-CO">' in page
        assert "no está disponible en este momento" in page
        assert "Ninguna información se ha perdido" in page

        postgres.start()
        # The same worker reconnects by itself on the next request.
        assert fetch(home)[0] == 200


def test_cached_pages_keep_being_served_during_a_database_outage(postgres, tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_URL=f"{postgres.url}?conn_max_age=600",
        PAGE_CACHE_SECONDS=300,
    )
    manage(env, "migrate", "--run-syncdb", "--noinput", "-v0")
    ensure_collectstatic()
    port = free_port()
    url = f"http://127.0.0.1:{port}/?visita=1"
    with gunicorn(env, port, tmp_path / "gunicorn.log"):
        fetch(url)  # creates the municipality row (a content change)
        first = fetch(url)
        postgres.stop()
        try:
            during = fetch(url)
        finally:
            postgres.start()
    assert during[0] == 200
    assert during[2] == first[2]


@pytest.fixture
def redis_server(tmp_path):
    binary = require_tool("redis-server", "redis-server")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port, process=process)
    yield process, port
    process.terminate()
    process.wait(10)


def _redis_cache(settings, port):
    settings.CACHES = {
        "default": {
            "BACKEND": "guzman_portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


@pytest.mark.django_db
def test_site_keeps_serving_when_redis_is_unreachable(client, settings):
    _redis_cache(settings, free_port())  # nothing listens there
    settings.PAGE_CACHE_SECONDS = 300
    Municipality.current()
    make_news(title="Noticia sin caché")
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert "Noticia sin caché" in response.text
    assert client.get("/buscar/", {"q": "noticia"}).status_code < 500


@pytest.mark.django_db
def test_pages_are_cached_in_redis_and_survive_its_restart(
    client, settings, redis_server, monkeypatch
):
    process, port = redis_server
    _redis_cache(settings, port)
    settings.PAGE_CACHE_SECONDS = 300
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", 0.0)
    Municipality.current()
    make_news(title="Noticia en Redis")
    client.get("/")
    assert _queries(client, "/")[1] == 0

    process.terminate()
    process.wait(10)
    response, queries = _queries(client, "/")
    assert response.status_code == 200
    assert "Noticia en Redis" in response.text
    assert queries > 0

    restarted = subprocess.Popen(
        [shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process=restarted)
        client.get("/")
        assert _until(lambda: _queries(client, "/")[1] == 0)
    finally:
        restarted.terminate()
        restarted.wait(10)


@pytest.mark.django_db(transaction=True)
def test_mail_outage_loses_no_notification(settings, tmp_path):
    """A PQRSD filed while the SMTP server is down keeps its e-mails until it is back."""
    pqrsd_factories = pytest.importorskip("tests.pqrsd.factories")
    from portal.models import OutboundEmail

    # Configured as production is, from an EMAIL_URL, with nothing listening on its port.
    settings.MAILERS = mailers_from_url(f"smtp://127.0.0.1:{free_port()}")

    request, _ = pqrsd_factories.make_request(email="ciudadano.sin.correo@example.com")
    pending = OutboundEmail.objects.for_reference(request.radicado)
    assert pending.exists()
    call_command("send_outbox", stdout=io.StringIO())
    assert pending.filter(sent_at__isnull=True).count() == pending.count()
    assert all(email.last_error for email in pending)

    settings.MAILERS = mailers_from_url("memorymail://")
    call_command("send_outbox", stdout=io.StringIO())
    assert pending.filter(sent_at__isnull=True).count() == 0
    assert "ciudadano.sin.correo@example.com" in [m.to[0] for m in mail.outbox]
