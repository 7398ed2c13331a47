"""EMAIL_URL becomes Django's MAILERS: the mailer Django builds from it is the one asked for."""

from django.core import mail

from guzman_portal.mailers import SMTP_TIMEOUT, mailers_from_url


def test_smtp_with_starttls_and_a_password(settings):
    settings.MAILERS = mailers_from_url("smtp+tls://alcaldia:cl%C3%A1ve@smtp.ejemplo.gov.co:587")
    mailer = mail.mailers.default
    assert type(mailer).__module__ == "django.core.mail.backends.smtp"
    assert (mailer.host, mailer.port) == ("smtp.ejemplo.gov.co", 587)
    assert (mailer.username, mailer.password) == ("alcaldia", "cláve")
    assert mailer.use_tls is True and mailer.use_ssl is False
    # A silent server frees the sender after a while; the message waits in the outbox.
    assert mailer.timeout == SMTP_TIMEOUT


def test_smtp_over_ssl_without_a_password(settings):
    settings.MAILERS = mailers_from_url("smtp+ssl://smtp.ejemplo.gov.co:465")
    mailer = mail.mailers.default
    assert (mailer.host, mailer.port, mailer.use_ssl, mailer.use_tls) == (
        "smtp.ejemplo.gov.co",
        465,
        True,
        False,
    )
    assert mailer.username in (None, "")


def test_console_default_writes_the_message_to_standard_output(settings, capsys):
    settings.MAILERS = mailers_from_url("consolemail://")
    mail.send_mail("Radicado", "Su solicitud fue recibida 😀", None, ["ana@example.com"])
    out = capsys.readouterr().out
    assert "Subject: Radicado" in out and "To: ana@example.com" in out


def test_file_backend_writes_into_its_folder(settings, tmp_path):
    # django-environ reads the path after the third slash.
    settings.MAILERS = mailers_from_url(f"filemail:///{tmp_path}")
    mail.send_mail("Radicado", "Recibida", None, ["ana@example.com"])
    (written,) = tmp_path.iterdir()
    assert "Subject: Radicado" in written.read_text()
