"""
Hardening a citizen or an attacker would notice: security headers on every answer, login
throttling in Spanish, two-factor login for staff, and production settings that pass Django's
deployment checks.
"""

import subprocess

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import Municipality
from tests.servers import BASE_DIR, PYTHON, production_env

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "clave-de-prueba-123"


@pytest.fixture
def staff():
    return User.objects.create_user("editora", password=PASSWORD, is_staff=True)


@pytest.mark.parametrize("path", ["/", "/no-existe/", LOGIN, "/buscar/?q=agua"])
def test_every_answer_carries_the_security_headers(client, path):
    Municipality.current()
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def _production_settings(**env):
    """Settings values as a production process sees them (a fresh interpreter)."""
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_USE_SESSIONS,"
        " s.SECURE_SSL_REDIRECT, s.OTP_REQUIRED_FOR_STAFF, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=BASE_DIR,
        env=production_env(BASE_DIR / "no-usado", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split(maxsplit=5)


def test_https_turns_on_hsts_and_secure_cookies():
    hsts, session_secure, csrf_in_session, redirect, otp, proxy = _production_settings(
        HTTPS="true", BEHIND_PROXY="true"
    )
    assert hsts == "31536000"
    assert session_secure == csrf_in_session == redirect == otp == "True"
    assert "HTTP_X_FORWARDED_PROTO" in proxy


def test_production_requires_two_factor_for_staff_whatever_the_https_flag():
    *_, otp, _proxy = _production_settings(HTTPS="false")
    assert otp == "True"
    *_, otp, _proxy = _production_settings(HTTPS="false", OTP_REQUIRED_FOR_STAFF="false")
    assert otp == "False"  # only when turned off explicitly


def _run(command, env):
    return subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    # What gunicorn loads (deploy/gunicorn.conf.py) refuses the development key.
    served = _run([PYTHON, "-c", "import guzman_portal.wsgi"], env)
    assert served.returncode != 0
    assert "ImproperlyConfigured" in served.stderr and "Falta SECRET_KEY" in served.stderr
    # So does the deployment check, as an error.
    deploy = _run([PYTHON, "manage.py", "check", "--deploy"], env)
    assert deploy.returncode != 0
    assert "guzman_portal.E001" in deploy.stderr and "Falta SECRET_KEY" in deploy.stderr
    # Development commands (migrations, `make run` with DEBUG) work with the development key.
    assert (
        _run([PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"], env).returncode == 0
    )
    assert _run([PYTHON, "manage.py", "check"], {**env, "DEBUG": "true"}).returncode == 0
    # With its own key, production starts.
    own = {**env, "SECRET_KEY": "clave-propia-" + "x7Qp2" * 12}
    assert _run([PYTHON, "-c", "import guzman_portal.wsgi"], own).returncode == 0


def _check_deploy(env):
    return subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    env = production_env(
        tmp_path,
        HTTPS="true",
        BEHIND_PROXY="true",
        SECRET_KEY="k8$Hq2!vN0pZr7-Wm4@xYc9#Lb3^Td6&Fs1*Gj5(Ue8)Ao2_Ri7+Po4=Qn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_URL="smtp+tls://portal:clave@smtp.ejemplo.gov.co:587",
    )
    result = _check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # The CSRF token lives in the session, whose cookie is secure: no W016 to silence.
    assert "W016" not in result.stdout + result.stderr

    # A server left with the console e-mail of `make run` would send nothing: it is told so.
    result = _check_deploy({**env, "EMAIL_URL": "consolemail://"})
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_hsts_header_on_https_requests(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    Municipality.current()
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def _login(client, username, password, ip="203.0.113.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def test_login_is_locked_after_repeated_failures_with_a_spanish_message(client, staff, axes_on):
    for _ in range(2):
        assert _login(client, "editora", "equivocada").status_code == 200
    locked = _login(client, "editora", "equivocada")
    assert locked.status_code == 429
    assert "bloqueado temporalmente" in locked.text
    assert "demasiados intentos fallidos" in locked.text
    # Even the right password is refused while the lock lasts.
    assert _login(client, "editora", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_is_per_address_so_an_attacker_cannot_lock_staff_out(client, staff, axes_on):
    for _ in range(3):
        _login(client, "editora", "equivocada", ip="198.51.100.66")
    response = _login(client, "editora", PASSWORD, ip="203.0.113.7")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_lock_uses_the_client_address_given_by_the_trusted_proxy(client, staff, axes_on, settings):
    settings.RATELIMIT_PROXY_HEADER = "HTTP_X_REAL_IP"
    for _ in range(3):
        _login(client, "editora", "equivocada", ip="127.0.0.1", HTTP_X_REAL_IP="198.51.100.9")
    # Same proxy, another citizen: not locked.
    response = _login(client, "editora", PASSWORD, ip="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    assert response.status_code == 302


def test_successful_login_without_two_factor_when_it_is_off(client, staff, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    assert _login(client, "editora", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_two_factor_required_for_staff_when_on(client, staff, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    device = TOTPDevice.objects.create(user=staff, name="Teléfono de la editora")

    page = client.get(LOGIN)
    assert 'name="otp_token"' in page.text

    # The password alone does not open the admin.
    response = _login(client, "editora", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    client.logout()

    token = f"{totp(device.bin_key):06d}"
    response = client.post(LOGIN, {"username": "editora", "password": PASSWORD, "otp_token": token})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_oversized_form_post_is_refused_with_400(client):
    """Django refuses bodies above DATA_UPLOAD_MAX_MEMORY_SIZE before any view code runs."""
    response = client.post("/pqrsd/", {"description": "x" * (13 * 1024 * 1024)})
    assert response.status_code == 400


RATE_LIMIT_PROBE = """
import django
django.setup()
from django.test import RequestFactory
from portal.ratelimit import allow_request
request = RequestFactory().post("/pqrsd/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="{ip}")
print(sum(allow_request(request, "prueba-procesos", 5, 3600) for _ in range(4)))
"""


def _allowed_in_a_new_process(env, ip):
    result = subprocess.run(
        [PYTHON, "-c", RATE_LIMIT_PROBE.format(ip=ip)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(result.stdout.split()[-1])


def test_rate_limit_is_shared_by_app_processes_without_redis_and_while_redis_is_down(tmp_path):
    """Without Redis the database counts for every process; a dead Redis changes nothing."""
    from tests.servers import free_port, manage

    env = production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        RATELIMIT_PROXY_HEADER="HTTP_X_REAL_IP",
    )
    manage(env, "migrate", "--noinput", "-v0")
    ip = "198.51.100.30"
    assert _allowed_in_a_new_process(env, ip) + _allowed_in_a_new_process(env, ip) == 5
    # Redis configured but nothing listening on its port: the limit keeps counting.
    down = {**env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    ip = "198.51.100.31"
    assert _allowed_in_a_new_process(down, ip) + _allowed_in_a_new_process(down, ip) == 5
    assert _allowed_in_a_new_process(down, "198.51.100.30") == 0  # counted before, still over


def test_rate_limit_is_shared_by_app_processes_through_redis(tmp_path):
    """Two app processes behind one proxy count the same citizen once, through Redis."""
    from tests.servers import free_port, require_tool, wait_for_port

    binary = require_tool("redis-server", "redis-server")
    port = free_port()
    redis = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process=redis)
        env = production_env(
            tmp_path,
            REDIS_URL=f"redis://127.0.0.1:{port}/0",
            RATELIMIT_PROXY_HEADER="HTTP_X_REAL_IP",
        )

        def allowed(ip):
            result = subprocess.run(
                [PYTHON, "-c", RATE_LIMIT_PROBE.format(ip=ip)],
                cwd=BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            return int(result.stdout.split()[-1])

        assert allowed("198.51.100.20") + allowed("198.51.100.20") == 5
        # Another citizen behind the same proxy has their own allowance.
        assert allowed("198.51.100.21") == 4
    finally:
        redis.terminate()
        redis.wait(10)
