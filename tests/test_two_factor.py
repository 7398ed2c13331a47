"""
Staff accounts to ASVS level 2: two-factor login with self-service enrolment, one answer for
any login failure, throttling of password spraying and of distributed attempts, staff-only
views outside the admin, 12-character passwords and staff sessions that end when idle.
"""

import datetime as dt
import io
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import Municipality, Status
from pqrsd.models import Request
from tests.portal.factories import make_news, make_office, make_staff_user
from tests.pqrsd.factories import make_request, pdf_upload

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ENROL = "/admin/doble-factor/"
PASSWORD = "clave-de-prueba-123"
NOW = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    Municipality.current()


@pytest.fixture
def staff():
    return User.objects.create_user("editora", password=PASSWORD, is_staff=True)


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="Teléfono", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="Códigos de recuperación")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    return device


def code_of(device):
    return f"{totp(device.bin_key):06d}"


def login(client, username, password, code="", ip="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR=ip,
    )


def without_tokens(html):
    """The page without what differs on every answer: the CSRF token and the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


# --- Login ---


def test_the_login_asks_for_the_code_in_spanish_in_the_same_step(client):
    html = client.get(LOGIN).text
    assert 'name="otp_token"' in html
    assert "Código de verificación" in html
    assert 'autocomplete="one-time-code"' in html
    assert "otp_device" not in html  # no device list that appears only after a right password


def test_password_and_code_open_the_admin(client, staff):
    device = enrolled(staff)
    response = login(client, "editora", PASSWORD, code_of(device))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_opens_the_admin_once(client, staff):
    enrolled(staff)
    assert login(client, "editora", PASSWORD, "ABCD-2345").status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert login(Client(), "editora", PASSWORD, "abcd2345").status_code == 200  # used up


def test_wrong_code_and_wrong_password_get_the_same_answer(client, staff, settings):
    """The two-factor step does not reveal whether the password was right."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    device = enrolled(staff)
    wrong_code = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    answers = [
        login(Client(), "editora", PASSWORD, wrong_code),  # right password, wrong code
        login(Client(), "editora", "equivocada", wrong_code),  # wrong password
        login(Client(), "editora", PASSWORD, ""),  # right password, no code
        login(Client(), "editora", "equivocada", ""),
        login(Client(), "nadie", "equivocada", code_of(device)),
    ]
    assert {answer.status_code for answer in answers} == {200}
    pages = {without_tokens(answer.text).replace("nadie", "editora") for answer in answers}
    assert len(pages) == 1
    assert "Usuario, contraseña o código de verificación incorrectos" in pages.pop()
    # Each failure, code or password, counts toward the lock of django-axes.
    assert AccessAttempt.objects.get(username="editora").failures_since_start == 4


@pytest.mark.parametrize("code", ["²³⁴⁵⁶⁷", "١٢٣٤٥٦", "１２３４５６", "12\x0034", "9" * 5000, "🙂"])
def test_odd_digits_in_the_code_are_a_wrong_code_not_a_500(client, staff, code):
    # "²".isdigit() is true in Python, and int("²") fails.
    enrolled(staff)
    answer = login(Client(), "editora", PASSWORD, code)
    assert answer.status_code == 200
    assert "Usuario, contraseña o código de verificación incorrectos" in answer.text


def test_a_code_is_not_accepted_twice(client, staff):
    device = enrolled(staff)
    code = code_of(device)
    assert login(client, "editora", PASSWORD, code).status_code == 302
    assert login(Client(), "editora", PASSWORD, code).status_code == 200


def test_a_password_session_without_the_code_opens_nothing(client, staff):
    enrolled(staff)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "pide la verificación en dos pasos" in client.get(LOGIN).text


def test_a_non_staff_account_gets_the_same_answer(client):
    User.objects.create_user("vecino", password=PASSWORD)
    response = login(client, "vecino", PASSWORD)
    assert response.status_code == 200
    assert "Usuario, contraseña o código de verificación incorrectos" in response.text


# --- Enrolment ---


def test_a_staff_member_without_a_device_is_sent_to_enrol_after_the_password(client, staff):
    response = login(client, "editora", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    # Nothing of the admin opens before enrolling, and the login sends back to the enrolment.
    assert client.get("/admin/").status_code == 302
    assert client.get(LOGIN)["Location"] == ENROL


def test_enrolment_shows_a_qr_code_and_the_secret_that_stay_the_same_on_reload(client, staff):
    client.force_login(staff)
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.text
    assert "Configurar la verificación en dos pasos" in html
    assert '<img src="data:image/svg+xml' in html
    assert 'alt="Código QR para agregar su cuenta' in html
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = re.search(r"<code data-clave-secreta>([A-Z2-7 ]+)</code>", html)[1]
    assert len(secret.replace(" ", "")) == 32
    assert secret in client.get(ENROL).text  # a reload keeps the device already scanned
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    assert device.config_url.startswith("otpauth://totp/")
    assert "no-store" in page["Cache-Control"]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Escriba el código de 6 dígitos"),
        ("12ab56", "El código tiene 6 dígitos"),
        ("1" * 13, "Asegúrese de que este valor tenga como máximo"),
        ("😀😀😀", "El código tiene 6 dígitos"),
    ],
)
def test_enrolment_refuses_malformed_codes_in_spanish(client, staff, typed, message):
    client.force_login(staff)
    client.get(ENROL)
    response = client.post(ENROL, {"code": typed})
    assert response.status_code == 200
    assert message in response.text
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_enrolment_slows_down_repeated_wrong_codes(client, staff):
    with time_machine.travel(NOW, tick=False) as clock:
        client.force_login(staff)
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=staff)
        typo = f"{(int(code_of(device)) + 7) % 1_000_000:06d}"
        assert "El código no coincide" in client.post(ENROL, {"code": typo}).text
        right_too_soon = client.post(ENROL, {"code": code_of(device)})
        assert "Espere unos segundos" in right_too_soon.text
        clock.shift(3)
        assert "Guarde sus códigos" in client.post(ENROL, {"code": code_of(device)}).text


def test_enrolment_confirms_the_app_and_shows_recovery_codes_once(client, staff):
    with time_machine.travel(NOW, tick=False) as clock:
        client.force_login(staff)
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=staff)
        typo = f"{(int(code_of(device)) + 7) % 1_000_000:06d}"
        wrong = client.post(ENROL, {"code": typo})
        assert "El código no coincide" in wrong.text
        assert f'value="{typo}"' in wrong.text  # what was typed is kept
        clock.shift(31)  # the next code, as a person would type it
        done = client.post(ENROL, {"code": code_of(device)})
        assert done.status_code == 200
        assert "Guarde sus códigos de recuperación" in done.text
        codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", done.text)
        assert len(codes) == 10
        assert "no-store" in done["Cache-Control"]
        device.refresh_from_db()
        assert device.confirmed
        # The session is verified: the admin opens without another login.
        assert client.get("/admin/").status_code == 200
        # The codes are never shown again; a second phone cannot be added from here.
        again = client.get(ENROL)
        assert again.status_code == 302
        assert again["Location"] == reverse("admin:index")
        assert not any(code in client.get("/admin/").text for code in codes)
        assert TOTPDevice.objects.filter(user=staff).count() == 1
        # A recovery code logs in on another browser.
        assert login(Client(), "editora", PASSWORD, codes[3]).status_code == 302


def test_a_stolen_password_cannot_enrol_a_second_phone(client, staff):
    enrolled(staff)
    client.force_login(staff)  # the password alone
    response = client.get(ENROL)
    assert response.status_code == 302
    assert client.post(ENROL, {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_enrolment_is_only_for_logged_in_staff(client):
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    citizen = User.objects.create_user("vecino", password=PASSWORD)
    client.force_login(citizen)
    assert client.get(ENROL).status_code == 302
    assert not TOTPDevice.objects.exists()


def test_enrolment_page_with_few_queries(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    client.get(ENROL)
    with django_assert_max_num_queries(10):
        assert client.get(ENROL).status_code == 200


# --- Staff-only views outside the admin ---


def _verified_client(user):
    device = enrolled(user)
    client = Client()
    assert login(client, user.username, PASSWORD, code_of(device)).status_code == 302
    return client


def test_draft_previews_need_the_second_factor():
    office = make_office()
    editor = make_staff_user(office, username="editora.borradores")
    draft = make_news(entity=office.entity, status=Status.DRAFT, title="Borrador reservado")
    password_only = Client()
    password_only.force_login(editor)
    assert password_only.get(draft.get_absolute_url()).status_code == 404
    response = _verified_client(editor).get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Borrador reservado" in response.text


def test_private_attachments_need_the_second_factor():
    office = make_office()
    request, _ = make_request(files=[pdf_upload("cedula.pdf")], addressee_office=office)
    url = reverse("pqrsd:attachment", args=[request.attachments.get().pk])
    staff = make_staff_user(office, username="ventanilla")
    password_only = Client()
    password_only.force_login(staff)
    assert password_only.get(url).status_code == 403
    assert _verified_client(staff).get(url).status_code == 200


@pytest.mark.parametrize(
    "url_name", ["admin:gelt_dashboard_changelist", "admin:pqrsd_request_report"]
)
def test_dashboards_reports_and_exports_need_the_second_factor(url_name):
    superuser = User.objects.create_superuser("jefa", "jefa@example.org", PASSWORD)
    password_only = Client()
    password_only.force_login(superuser)
    response = password_only.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert _verified_client(superuser).get(reverse(url_name)).status_code == 200
    assert Request.objects.count() == 0


# --- Throttling beyond (user name, address) ---


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 50  # the pair lock stays out of the way
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    settings.LOGIN_FAILURES_PER_USER = 3
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 1800


def test_password_spraying_from_one_address_is_stopped(client, staff, throttled):
    with time_machine.travel(NOW, tick=False) as clock:
        for name in ("ana", "beto", "carla"):  # one try each, many user names
            assert login(Client(), name, "Verano2026!", ip="198.51.100.50").status_code == 200
        refused = login(Client(), "editora", PASSWORD, ip="198.51.100.50")
        assert refused.status_code == 429
        assert "bloqueado temporalmente" in refused.text
        # Another address is not affected.
        assert login(Client(), "editora", PASSWORD, ip="203.0.113.9").status_code == 302
        clock.shift(1801)
        assert login(Client(), "editora", PASSWORD, ip="198.51.100.50").status_code == 302


def test_a_distributed_attempt_on_one_user_is_stopped(client, staff, throttled):
    with time_machine.travel(NOW, tick=False) as clock:
        for n in range(3):  # one try from each of many addresses
            assert login(Client(), "Editora", f"clave-{n}", ip=f"198.51.100.{n}").status_code == 200
        refused = login(Client(), "editora", PASSWORD, ip="198.51.100.99")
        assert refused.status_code == 429
        assert "_auth_user_id" not in client.session
        # Other accounts log in as usual meanwhile.
        User.objects.create_user("otro", password=PASSWORD, is_staff=True)
        assert login(Client(), "otro", PASSWORD, ip="198.51.100.99").status_code == 302
        clock.shift(1801)
        assert login(Client(), "editora", PASSWORD, ip="198.51.100.99").status_code == 302


def test_wrong_codes_count_like_wrong_passwords(client, staff, throttled):
    enrolled(staff)
    for n in range(3):
        login(Client(), "editora", PASSWORD, "000000", ip=f"198.51.100.{n}")
    assert login(Client(), "editora", PASSWORD, ip="198.51.100.99").status_code == 429


# --- Passwords and sessions ---


def test_passwords_need_twelve_characters_in_spanish():
    validate_password("Rio-Caqueta1")  # 12 characters: accepted
    with pytest.raises(ValidationError) as error:
        validate_password("Caqueta-202")  # 11
    assert "por lo menos 12 caracteres" in " ".join(error.value.messages)


def test_the_demo_accounts_pass_the_validators_and_log_in(settings):
    from portal.management.commands.create_demo_staff import DEMO_PASSWORD

    validate_password(DEMO_PASSWORD)
    settings.DEBUG = True
    settings.OTP_REQUIRED_FOR_STAFF = False  # as in `make run` (DEBUG on)
    for slug in ("personeria-municipal", "oficina-de-atencion-al-ciudadano"):
        make_office(slug=slug)
    call_command("create_demo_staff", stdout=io.StringIO())
    for username in ("admin", "editor.personeria", "editor.alcaldia"):
        client = Client()
        assert login(client, username, DEMO_PASSWORD).status_code == 302, username
        assert client.get("/admin/").status_code == 200


def test_staff_sessions_end_after_eight_idle_hours(client, staff):
    device = enrolled(staff)
    with time_machine.travel(NOW, tick=False) as clock:
        assert login(client, "editora", PASSWORD, code_of(device)).status_code == 302
        assert client.session.get_expiry_age() == 8 * 3600
        for _ in range(3):  # a working day and more, with requests every 7 hours
            clock.shift(7 * 3600)
            assert client.get("/admin/").status_code == 200
        clock.shift(8 * 3600 + 60)
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_citizens_sessions_keep_the_default_length(client, settings):
    client.get("/pqrsd/consulta/")  # a form: its CSRF token opens a session
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE > 8 * 3600
