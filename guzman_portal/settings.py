"""
Settings for the Puerto Guzmán portal.

Everything comes from the environment (django-environ). The defaults make `make run` work on a
fresh machine: SQLite in the project folder, local media, console e-mail. Production sets
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL and, optionally, CACHE_URL or REDIS_URL.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP

from guzman_portal.mailers import mailers_from_url
from guzman_portal.secret_key import DEVELOPMENT_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# The development key serves `make run` and management commands only: with DEBUG off, the WSGI
# application refuses to start on it and `check --deploy` fails (guzman_portal/secret_key.py).
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
# Former keys, while signed cookies and the outbox's encrypted codes made with them expire.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "guzman_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "guzman_portal.apps.GuzmanPortalConfig",
    "portal",
    "tramites",
    "pqrsd",
    "transparency",
    "participation",
    "search",
    "gelt",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "guzman_portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside GZip so cached pages are stored compressed and served without work.
    "guzman_portal.cache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "guzman_portal.staff_auth.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "guzman_portal.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guzman_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "portal.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "guzman_portal.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Form choice lists read their options with QuerySet.iterator(), which on PostgreSQL opens a
# server-side cursor: three round trips (DECLARE, FETCH, CLOSE) for a list of a few dozen
# offices. The portal never streams large results that way, and a connection pooler in
# transaction mode (PgBouncer) needs this anyway.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (the default) has one writer at a time. Each transaction takes the write lock when
    # it begins (IMMEDIATE: no deadlock when a reader turns writer), and a busy connection
    # waits up to SQLITE_TIMEOUT seconds for it instead of failing a filing with "database is
    # locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": env.int("SQLITE_TIMEOUT", default=20)}
    )
    # SQLite builds the PQRSD report's covering index without its included columns; only
    # PostgreSQL, in production, reads them (pqrsd.Request.Meta.indexes).
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; Redis through CACHE_URL or REDIS_URL when there are several
# app servers (rate limits and the page cache must be shared).
if env("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits (portal.ratelimit) count in the database, which every app process shares, unless
# Redis is configured: then in Redis (cache "ratelimit", which raises on failure instead of
# hiding it), and in the database again while Redis is down.
RATELIMIT_CACHE = ""
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    )
    CACHES["ratelimit"] = {
        **CACHES["default"],
        "OPTIONS": dict(CACHES["default"]["OPTIONS"]),
        "KEY_PREFIX": "limites",
    }
    RATELIMIT_CACHE = "ratelimit"
    # A Redis outage must not take the site down: guzman_portal.cache treats it as a miss.
    CACHES["default"]["BACKEND"] = "guzman_portal.cache.ResilientRedisCache"
# Anonymous pages are kept this long at most (guzman_portal.cache); 0 turns the cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How long nginx's micro-cache may keep an anonymous page (X-Accel-Expires).
EDGE_CACHE_SECONDS = env.int("EDGE_CACHE_SECONDS", default=5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS level 2 (V2.1.1): at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", "Español (Colombia)")]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

# Behind GOV.CO's masking proxy (https://www.gov.co/puertoguzman/...) the portal lives under a
# path prefix: FORCE_SCRIPT_NAME=/puertoguzman makes every reversed URL, static and media URL
# and redirect carry it (nginx or the proxy takes it off before Django; docs/sede.md). The
# prefix is written into STATIC_URL and MEDIA_URL here: Django would add it to relative ones
# only when first read, which under WSGI happens before any request has set it.
FORCE_SCRIPT_NAME = env("FORCE_SCRIPT_NAME", default="").rstrip("/") or None
STATIC_URL = f"{FORCE_SCRIPT_NAME or ''}/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = f"{FORCE_SCRIPT_NAME or ''}/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files that only staff or a requester with a valid code may see (PQRSD attachments) live
# outside MEDIA_ROOT so the web server never serves them directly.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

# Uploads: a request body above this is refused before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

MAILERS = mailers_from_url(env.str("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-responder@puertoguzman-putumayo.gov.co")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content Security Policy without 'unsafe-inline': styles and scripts only from static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the portal never uses (guzman_portal.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Production serves over HTTPS only (HTTPS=true): redirect, secure cookies, HSTS.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
# The CSRF token lives in the session, not in a cookie of its own: one cookie (sessionid) for
# forms and staff alike, secure under HTTPS with the session's.
CSRF_USE_SESSIONS = True
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Under GOV.CO's prefix (FORCE_SCRIPT_NAME, above) cookies are kept to that prefix so they never
# mix with another entity's under www.gov.co. USE_X_FORWARDED_HOST=true builds absolute URLs
# (site map, feeds, e-mails) with the host the citizen typed; that host must be in
# ALLOWED_HOSTS and, for forms, CSRF_TRUSTED_ORIGINS.
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
SESSION_COOKIE_PATH = LANGUAGE_COOKIE_PATH = f"{FORCE_SCRIPT_NAME or ''}/"

LOGIN_URL = "admin:login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one
# address, that pair waits AXES_COOLOFF_TIME hours. The address is the one the rate limits use.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "guzman_portal.admin.lockout_response"
AXES_COOLOFF_MESSAGE = (
    "Su acceso quedó bloqueado temporalmente por demasiados intentos fallidos de ingreso. "
    f"Intente de nuevo en {round(AXES_COOLOFF_TIME * 60)} minutos."
)
AXES_VERBOSE = False
# On top of django-axes (guzman_portal.staff_auth): failed logins from one address across user
# names (password spraying), and against one user name from any address (a distributed
# attempt), in the shared rate-limit counters. Past either limit the login is refused until
# the window that started at the first failure ends; the second one also stops the account's
# owner for that time, the price of stopping an attack spread over many addresses.
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
LOGIN_FAILURES_PER_USER = env.int("LOGIN_FAILURES_PER_USER", default=20)
LOGIN_FAILURE_WINDOW_SECONDS = env.int(
    "LOGIN_FAILURE_WINDOW_SECONDS", default=round(AXES_COOLOFF_TIME * 3600)
)
# Two-factor login for staff (django-otp, TOTP apps such as Google Authenticator or FreeOTP):
# on whenever DEBUG is off, whatever HTTPS says. Staff without a device enrol themselves after
# their first password login (guzman_portal/two_factor.py; docs/seguridad.md). `make run` has
# DEBUG on, so the demo accounts log in with their password alone; OTP_REQUIRED_FOR_STAFF=true
# tries the whole flow there. The tests turn it off in tests/conftest.py and on where tested.
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=not DEBUG)
# Staff sessions end after this many seconds without a request (ASVS V3.3.2); citizens'
# sessions (the CSRF token of a form) keep Django's default.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=8 * 3600)
OTP_TOTP_ISSUER = "Portal de Puerto Guzmán"

# Rate limits of public forms (portal.ratelimit). Behind a reverse proxy, name the header that
# carries the client address, e.g. RATELIMIT_PROXY_HEADER=HTTP_X_FORWARDED_FOR.
RATELIMIT_ENABLED = env.bool("RATELIMIT_ENABLED", default=True)
RATELIMIT_PROXY_HEADER = env("RATELIMIT_PROXY_HEADER", default="")
# The admin lives at a configurable path, so bots probing /admin/ find nothing.
ADMIN_URL = env("ADMIN_URL", default="admin/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- PQRSD ---
# Readings the municipality's reglamento interno de PQRSD must settle (regulatory.md §3):
# extension cap "total" (at most 2 × the term counted from receipt) or "additional" (up to
# 2 × the term after the original due date); weekend filings "literal" (day 1 is the next
# business day after the calendar date) or "next_business_day" (received on the next
# business day, day 1 the one after).
PQRSD_EXTENSION_CAP_RULE = env("PQRSD_EXTENSION_CAP_RULE", default="total")
PQRSD_WEEKEND_RECEIPT_RULE = env("PQRSD_WEEKEND_RECEIPT_RULE", default="literal")
# The office's closing hour, e.g. "17:00" (empty: none). Only under "next_business_day": a
# filing at or after it counts as received the next business day (docs/pqrsd.md).
PQRSD_CLOSING_TIME = env("PQRSD_CLOSING_TIME", default="")
PQRSD_MAX_FILES = env.int("PQRSD_MAX_FILES", default=3)
PQRSD_MAX_FILE_MB = env.int("PQRSD_MAX_FILE_MB", default=10)
# Internal target, in business days after receipt, for prioritised requests (Ley 1755 art. 20:
# the law sets no number; the legal due date does not change). Docs: docs/pqrsd.md.
PQRSD_PRIORITY_TARGET_DAYS = env.int("PQRSD_PRIORITY_TARGET_DAYS", default=5)
# Absolute links in PQRSD e-mails, e.g. https://www.puertoguzman-putumayo.gov.co (empty: the
# website field of the municipality).
PQRSD_SITE_URL = env("PQRSD_SITE_URL", default="")
# Years a PQRSD keeps the requester's personal data after it was answered or closed; then
# `anonymise_requests` (daily timer) removes them. 5 is a default to be confirmed against the
# municipality's tabla de retención documental (docs/datos-personales.md).
PQRSD_RETENTION_YEARS = env.int("PQRSD_RETENTION_YEARS", default=5)
