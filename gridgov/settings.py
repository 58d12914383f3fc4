"""Django settings for gridgov.

Everything a deployment changes comes from the environment:
GRIDGOV_DATA (data folder, default ./gridgov-data), DATABASE_URL (PostgreSQL in production; SQLite in the data
folder when unset), GRIDGOV_SECRET_KEY, GRIDGOV_DEBUG, GRIDGOV_ALLOWED_HOSTS, GRIDGOV_TILE_URL (optional basemap),
GRIDGOV_PG_PREPARE (0 turns off prepared statements on PostgreSQL, for poolers in transaction mode),
DATABASE_REPLICA_URLS (comma-separated PostgreSQL URLs of replicas for reads that may lag, gridgov/replicas.py).
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
    "gridgov.revisions",
    "gridgov.geo",
    "gridgov.org",
    "gridgov.worktime",
    "gridgov.notify",
    "django_tasks",
    "django_tasks_db",
    "gridgov.cases",
    "gridgov.disputes",
    "gridgov.petitions",
    "gridgov.workbench",
    "gridgov.field",
    "gridgov.citizen",
    "gridgov.command",
    "gridgov.police",
    "gridgov.linkage",
    "gridgov.volunteers",
    "gridgov.assess",
    "gridgov.emergencies",
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
    "gridgov.replicas.PinAfterWrite",  # reads after one's own write come from the primary (with replicas)
    "gridgov.audit.context.AuditContextMiddleware",  # who and from where, for the audit log
    "gridgov.org.sessions.SessionIdleMiddleware",  # sessions end after GRIDGOV_SESSION_IDLE_MINUTES idle
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
                "gridgov.notify.context.bell",
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
    # Writers queue instead of failing: a transaction takes the write lock when it begins (IMMEDIATE), so one that
    # read first never meets "database is locked" when it comes to write; a writer waits up to 20 s for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif os.environ.get("GRIDGOV_PG_PREPARE", "1") == "1":
    # Statements run twice on a connection are prepared: PostgreSQL then skips planning them (the token lookup's
    # plan cost five times its run). GRIDGOV_PG_PREPARE=0 behind a pooler in transaction mode (pgbouncer).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
# Streaming replicas (gridgov/replicas.py): replica1, replica2 … take the reads a view declares may lag; in tests
# they mirror the primary.
for _n, _url in enumerate((u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()), 1):
    _replica = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=False)
    _replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **_replica.get("OPTIONS", {})}
    DATABASES[f"replica{_n}"] = {**_replica, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["gridgov.replicas.ReplicaRouter"]
GRIDGOV_REPLICA_PIN_SECONDS = int(os.environ.get("GRIDGOV_REPLICA_PIN_SECONDS", "10"))  # reads after a write: primary
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logins: Argon2 first; failed attempts throttled by django-axes (per user name and address). Accounts, sessions,
# tokens and the audit log (MLPS level 3): README "Security"; who may do what in the back office: org/duties.py.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},  # Django's list (20,000)
    {"NAME": "gridgov.org.passwords.ChineseCommonPasswordValidator"},  # common Chinese ones and their patterns
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gridgov.org.backends.StaffBackend",  # refuses deactivated staff; back-office permissions by role
]
AXES_FAILURE_LIMIT = int(os.environ.get("GRIDGOV_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_LOCKOUT_CALLABLE = "gridgov.org.lockout.locked_out"  # JSON under /api/, the page elsewhere
# One client address for lockouts, the audit log and the throttles: the socket's, or behind GRIDGOV_PROXY_COUNT
# proxies the one the outermost saw (without this, lockouts and the audit log named the proxy).
AXES_CLIENT_IP_CALLABLE = "gridgov.throttle.counters.ip_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
# Sessions end after GRIDGOV_SESSION_IDLE_MINUTES without a request (org/sessions.py renews the expiry at most once
# a minute) and when the browser closes.
GRIDGOV_SESSION_IDLE_MINUTES = int(os.environ.get("GRIDGOV_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = GRIDGOV_SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# API tokens (org/tokens.py): refused after GRIDGOV_TOKEN_IDLE_MINUTES unused (default a working day) or
# GRIDGOV_TOKEN_MAX_DAYS after issue, whichever comes first; at most GRIDGOV_TOKEN_MAX_PER_USER live per user.
GRIDGOV_TOKEN_IDLE_MINUTES = int(os.environ.get("GRIDGOV_TOKEN_IDLE_MINUTES", "480"))
GRIDGOV_TOKEN_MAX_DAYS = float(os.environ.get("GRIDGOV_TOKEN_MAX_DAYS", "7"))
GRIDGOV_TOKEN_MAX_PER_USER = int(os.environ.get("GRIDGOV_TOKEN_MAX_PER_USER", "10"))

# Time: stored in UTC, shown in Asia/Shanghai.
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

GRIDGOV_DUPLICATE_METRES = float(os.environ.get("GRIDGOV_DUPLICATE_METRES", "100"))
GRIDGOV_DUPLICATE_HOURS = float(os.environ.get("GRIDGOV_DUPLICATE_HOURS", "72"))
# A staff report this far outside the reporter's own area (or outside their jurisdiction) is confirmed before it is
# stored (a point in the wrong coordinate system lands ~500 m off).
GRIDGOV_REPORT_OUTSIDE_GRID_METRES = float(os.environ.get("GRIDGOV_REPORT_OUTSIDE_GRID_METRES", "300"))
# Police on the grid (police app): a liaison serving more villages than this is a gap; the police circle's defaults
# (minutes along roads at an e-bike's planning speed, GB 17761 caps its design speed at 25 km/h) and the share of
# households below which a village is listed.
GRIDGOV_POLICE_MAX_VILLAGES_PER_LIAISON = int(os.environ.get("GRIDGOV_POLICE_MAX_VILLAGES_PER_LIAISON", "3"))
GRIDGOV_POLICE_MINUTES = os.environ.get("GRIDGOV_POLICE_MINUTES", "1,3,5")
GRIDGOV_POLICE_SPEED_KMH = float(os.environ.get("GRIDGOV_POLICE_SPEED_KMH", "15"))
GRIDGOV_POLICE_TARGET_SHARE = float(os.environ.get("GRIDGOV_POLICE_TARGET_SHARE", "0.8"))
GRIDGOV_REOPEN_DAYS = int(os.environ.get("GRIDGOV_REOPEN_DAYS", "7"))
GRIDGOV_SCAN_SECONDS = int(os.environ.get("GRIDGOV_SCAN_SECONDS", "60"))
# Background jobs (outbound deliveries): Django's tasks framework with its database backend, run by a thread of
# `gridgov serve` or of `gridgov worker` every GRIDGOV_QUEUE_SECONDS (gridgov/notify/tasks.py says why this queue).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
GRIDGOV_QUEUE_SECONDS = float(os.environ.get("GRIDGOV_QUEUE_SECONDS", "2"))
# Outbound notifications (gridgov/notify/deliveries.py): channels are kept in the back office; a failed delivery is
# tried again after RETRY × 2^(n−1) seconds (at most RETRY_MAX), GRIDGOV_DELIVERY_MAX_ATTEMPTS times in all.
GRIDGOV_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("GRIDGOV_DELIVERY_MAX_ATTEMPTS", "5"))
GRIDGOV_DELIVERY_RETRY_SECONDS = float(os.environ.get("GRIDGOV_DELIVERY_RETRY_SECONDS", "60"))
GRIDGOV_DELIVERY_RETRY_MAX_SECONDS = float(os.environ.get("GRIDGOV_DELIVERY_RETRY_MAX_SECONDS", "3600"))
GRIDGOV_DELIVERY_TIMEOUT_SECONDS = float(os.environ.get("GRIDGOV_DELIVERY_TIMEOUT_SECONDS", "10"))
GRIDGOV_QUIET_HOURS = os.environ.get("GRIDGOV_QUIET_HOURS", "22:00-07:00")  # a person's default, Asia/Shanghai
EMAIL_HOST = os.environ.get("GRIDGOV_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GRIDGOV_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GRIDGOV_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GRIDGOV_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("GRIDGOV_EMAIL_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("GRIDGOV_EMAIL_FROM", "gridgov@localhost")
# The handling unit is told "deadline approaching" once this share of the handling period is left (0 turns it off).
GRIDGOV_DEADLINE_WARNING = float(os.environ.get("GRIDGOV_DEADLINE_WARNING", "0.25"))
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

# -- Security headers, HTTPS behind a proxy, request limits, throttles (docs/SECURITY.md) ----------------------------
# Every page carries a Content-Security-Policy (django-csp) with no inline script or style: scripts, styles, fetches,
# fonts and images come from this site only (images also as data:/blob: for photo previews and Leaflet, and from the
# tile server's origin when GRIDGOV_TILE_URL is set). Leaflet and ECharts set styles through the CSSOM, which a CSP
# does not restrict.
INSTALLED_APPS += ["ninja", "csp", "gridgov.throttle"]  # ninja: Swagger UI from its own static files, not a CDN
MIDDLEWARE = ["csp.middleware.CSPMiddleware", *MIDDLEWARE]  # outermost: every answer gets the policy
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "gridgov.middleware.RequestSizeLimitMiddleware")  # before anything reads a body


def _tile_origin(url: str) -> str:
    """The origin a tile URL template loads from, as a CSP source ("https://{s}.tile.example.org/…" → "https://*.tile.
    example.org"); empty for no or a relative URL."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    labels = parts.netloc.split(".")
    if "{" in labels[0]:
        labels[0] = "*"
    return f"{parts.scheme}://{'.'.join(labels)}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *filter(None, [_tile_origin(GRIDGOV_TILE_URL)])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The session cookie is HttpOnly (Django's default); the CSRF cookie is not, as Django advises (hiding it protects
# nothing: the token is in every form), and the phone's outbox reads it.
# GRIDGOV_HTTPS=1 behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients):
# cookies only over HTTPS, HSTS for GRIDGOV_HSTS_SECONDS (default a year), optional redirect of plain HTTP.
GRIDGOV_HTTPS = os.environ.get("GRIDGOV_HTTPS", "") == "1"
if GRIDGOV_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GRIDGOV_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("GRIDGOV_HSTS_SUBDOMAINS", "") == "1"
    SECURE_SSL_REDIRECT = os.environ.get("GRIDGOV_SSL_REDIRECT", "") == "1"
# How many proxies in front of the server append to X-Forwarded-For (0: use the socket's address). Throttles count
# per client address, so behind a proxy set this, or every citizen shares the proxy's address.
GRIDGOV_PROXY_COUNT = int(os.environ.get("GRIDGOV_PROXY_COUNT", "0"))
# The largest request body accepted (refused with 413 from its Content-Length, before it is read; waitress enforces
# the same bound on chunked bodies): room for a report with its photos.
GRIDGOV_MAX_REQUEST_BYTES = int(os.environ.get("GRIDGOV_MAX_REQUEST_BYTES", str(4 * GRIDGOV_MAX_ATTACHMENT_BYTES
                                                                                 + 2**20)))
GRIDGOV_MAX_ATTACHMENTS_PER_CASE = int(os.environ.get("GRIDGOV_MAX_ATTACHMENTS_PER_CASE", "20"))
GRIDGOV_TRACKING_FAILURES_PER_HOUR = int(os.environ.get("GRIDGOV_TRACKING_FAILURES_PER_HOUR", "20"))
GRIDGOV_API_DOCS = os.environ.get("GRIDGOV_API_DOCS", "1") == "1"  # /api/v1/docs (Swagger UI, served locally)
# Alarms from video platforms (gridgov/linkage): repeats of a device and event type within the window join the open
# case; a rotated source secret stays valid for the overlap; inline snapshots and whole alarm bodies are bounded.
GRIDGOV_ALARM_WINDOW_MINUTES = int(os.environ.get("GRIDGOV_ALARM_WINDOW_MINUTES", "10"))
GRIDGOV_ALARM_SECRET_OVERLAP_MINUTES = int(os.environ.get("GRIDGOV_ALARM_SECRET_OVERLAP_MINUTES", "60"))
GRIDGOV_ALARM_SNAPSHOT_BYTES = int(os.environ.get("GRIDGOV_ALARM_SNAPSHOT_BYTES", str(1024 * 1024)))
GRIDGOV_ALARM_MAX_BODY_BYTES = GRIDGOV_ALARM_SNAPSHOT_BYTES * 4 // 3 + 16 * 1024
GRIDGOV_ALARM_EVENT_TYPES = os.environ.get("GRIDGOV_ALARM_EVENT_TYPES", "")  # a JSON file like linkage/event_types.json
