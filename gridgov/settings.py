"""Django settings for gridgov.

Everything a deployment changes comes from the environment:
GRIDGOV_DATA (data folder, default ./gridgov-data), DATABASE_URL (PostgreSQL in production; SQLite in the data
folder when unset), GRIDGOV_SECRET_KEY, GRIDGOV_DEBUG, GRIDGOV_ALLOWED_HOSTS, GRIDGOV_TILE_URL (optional basemap),
GRIDGOV_PG_PREPARE (0 turns off prepared statements on PostgreSQL, for poolers in transaction mode).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet as xs_leaflet

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GRIDGOV_DATA", "gridgov-data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("GRIDGOV_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("GRIDGOV_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("GRIDGOV_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "gridgov.audit",
    "gridgov.geo",
    "gridgov.org",
    "gridgov.worktime",
    "gridgov.cases",
    "gridgov.disputes",
    "gridgov.petitions",
    "gridgov.workbench",
    "gridgov.field",
    "gridgov.citizen",
    "gridgov.command",
    "gridgov.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "gridgov.errors.RefuseNul",  # before anything reads the request's text (the session is read lazily)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "gridgov.errors.DatabaseDown",
]

ROOT_URLCONF = "gridgov.urls"
WSGI_APPLICATION = "gridgov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gridgov.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'gridgov.sqlite3'}",
        conn_max_age=int(os.environ.get("GRIDGOV_CONN_MAX_AGE", "60")),
        conn_health_checks=False,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif os.environ.get("GRIDGOV_PG_PREPARE", "1") == "1":
    # Statements run twice on a connection are prepared: PostgreSQL then skips planning them (the token lookup's
    # plan cost five times its run). GRIDGOV_PG_PREPARE=0 behind a pooler in transaction mode (pgbouncer).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logins: Argon2 first; failed attempts throttled by django-axes (per user name and address).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GRIDGOV_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True

# Time: stored in UTC, shown in Asia/Shanghai.
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

GRIDGOV_DUPLICATE_METRES = float(os.environ.get("GRIDGOV_DUPLICATE_METRES", "100"))
GRIDGOV_DUPLICATE_HOURS = float(os.environ.get("GRIDGOV_DUPLICATE_HOURS", "72"))
# A staff report this far outside the reporter's own area (or outside their jurisdiction) is confirmed before it is
# stored (a point in the wrong coordinate system lands ~500 m off).
GRIDGOV_REPORT_OUTSIDE_GRID_METRES = float(os.environ.get("GRIDGOV_REPORT_OUTSIDE_GRID_METRES", "300"))
GRIDGOV_REOPEN_DAYS = int(os.environ.get("GRIDGOV_REOPEN_DAYS", "7"))
GRIDGOV_SCAN_SECONDS = int(os.environ.get("GRIDGOV_SCAN_SECONDS", "60"))
GRIDGOV_OFFICE_HOURS = os.environ.get("GRIDGOV_OFFICE_HOURS", "08:30-12:00,13:30-17:30")

# Language: Chinese first, English second.
USE_I18N = True
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]

MEDIA_ROOT = DATA_DIR / "media"  # attachments; served only through the scoped API, never as public files
GRIDGOV_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
GRIDGOV_ATTACHMENT_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
VENDOR_DIR = BASE_DIR / "vendor"  # npm packages fetched by `gridgov fetch-assets` (see gridgov/frontend.py)
VENDOR_DIR.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/leaflet", xs_leaflet.BASE_DIR), ("vendor", VENDOR_DIR)]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Map: our own layers on a plain background; a basemap only when a tile URL is configured.
GRIDGOV_TILE_URL = os.environ.get("GRIDGOV_TILE_URL", "")
GRIDGOV_TILE_ATTRIBUTION = os.environ.get("GRIDGOV_TILE_ATTRIBUTION", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GRIDGOV_LOG_LEVEL", "WARNING")},
}
GRIDGOV_PUBLIC_REPORTS_PER_HOUR = int(os.environ.get("GRIDGOV_PUBLIC_REPORTS_PER_HOUR", "10"))
# The address printed in the QR codes of grid cards (what a citizen's phone can reach), e.g. https://grid.example.gov.cn
GRIDGOV_PUBLIC_URL = os.environ.get("GRIDGOV_PUBLIC_URL", "http://127.0.0.1:8000")
