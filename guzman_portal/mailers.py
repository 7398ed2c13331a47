"""
Django's MAILERS setting from one EMAIL_URL (django-environ's e-mail addresses:
consolemail://, smtp+tls://user:password@host:587, smtp+ssl://…, filemail://…).
"""

import environ

# What django-environ reads from the address -> the option of Django's SMTP backend.
SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
}
# Seconds before a silent mail server counts as down: the message stays in the outbox for the
# next try (portal.outbox) instead of holding a worker.
SMTP_TIMEOUT = 30


def mailers_from_url(url):
    config = environ.Env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        options = {
            option: config[name]
            for name, option in SMTP_OPTIONS.items()
            if config.get(name) is not None
        }
        options["timeout"] = SMTP_TIMEOUT
    elif backend == "django.core.mail.backends.filebased.EmailBackend":
        options = {"file_path": config["EMAIL_FILE_PATH"]}
    else:
        options = {}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}
