"""A staff member's first login with two-factor required, in a browser: enrolment with axe."""

import base64

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_first_login_enrols_the_phone_and_shows_recovery_codes(
    page, live_server, settings, axe_violations
):
    settings.OTP_REQUIRED_FOR_STAFF = True
    User.objects.create_user("editora", password="clave-de-prueba-123", is_staff=True)

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Nombre de usuario").fill("editora")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    expect(page.get_by_label("Código de verificación")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ingresar").click()

    page.wait_for_url("**/admin/doble-factor/")
    expect(page.get_by_role("img", name="Código QR para agregar su cuenta")).to_be_visible()
    assert axe_violations(page) == []
    secret = page.locator("[data-clave-secreta]").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))

    page.get_by_label("Código de 6 dígitos").fill("000000" if totp(key) else "111111")
    page.get_by_role("button", name="Confirmar y activar").click()
    expect(page.get_by_role("alert")).to_contain_text("El código no coincide")
    assert axe_violations(page) == []

    page.wait_for_timeout(2100)  # django-otp waits a moment after a failure
    page.get_by_label("Código de 6 dígitos").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirmar y activar").click()
    expect(page.get_by_role("heading", name="Guarde sus códigos de recuperación")).to_be_visible()
    assert page.locator("[data-codigos-recuperacion] li").count() == 10
    assert axe_violations(page) == []
    page.get_by_role("link", name="Continuar al administrador").click()
    expect(page.get_by_role("heading", name="Contenidos, trámites, PQRSD y GEL-T")).to_be_visible()
