"""Settings for the NSCL Portal, read from the environment (django-environ).

With no environment at all the portal runs on an SQLite file with Celery tasks executed
eagerly and e-mail printed to the console, so a fresh checkout works with nothing else
installed. In production (DJANGO_DEBUG unset) it refuses to start without SECRET_KEY,
DATABASE_URL, REDIS_URL and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The test suite (portal/settings_test.py) and `DJANGO_TESTING=1 manage.py ...` run with debug
# off but must not need production secrets.
TESTING = env.bool("DJANGO_TESTING", default=False)

_REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS")
if not DEBUG and not TESTING:
    missing = [name for name in _REQUIRED_IN_PRODUCTION if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "Production settings need these environment variables: "
            + ", ".join(missing)
            + ". For local development use `make run` (it sets DJANGO_DEBUG=1)."
        )

SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-only-for-debug-and-tests")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # django-autocomplete-light before the admin, as its documentation asks (portal/pickers.py).
    "dal",
    "dal_select2",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_celery_beat",
    "csp",
    "django_ratelimit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, vendored (no CDN)
    # Project apps; dependencies point one way: portal ← enterprises ← trainings, awards ← reports
    "portal",
    "enterprises",
    "trainings",
    "awards",
    "reports",
    # On top of them all, imported by none: the open data API (/api/v1/).
    "api",
    # The national roll-up (national/): installed always, its pages, menu and pulls work only
    # when NATIONAL_MODE is on (README, "The national office's instance").
    "national",
    "demo",  # seed_demo and seed_scale (demo/); nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "portal.middleware.HostileRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.middleware.CSPMiddleware",  # django-csp's, the policy built once
    "portal.middleware.VisitorCounterMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

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
                "portal.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# Plain widgets (inputs, selects and their options) written in Python, to the byte what
# Django's widget templates write, at a fraction of the cost (portal/form_renderer.py).
FORM_RENDERER = "portal.form_renderer.FastWidgetRenderer"

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A database restart between requests must not turn the next request into a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# A PostgreSQL streaming replica of the primary (docs/PERFORMANCE.md, "A national deployment").
# Set, it becomes the `replica` database that the export and report-build tasks read from
# inside `portal.db_routers.reading_from_replica()`; every write, every transaction, every page
# and everything else stays on `default`. Unset (the default), every query uses `default`.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
# Further behind than this (seconds), or unreachable, the replica is skipped: the block reads
# from the primary and /healthz reports the replica as not ok (without answering 503).
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=30)
DATABASE_REPLICA = ""
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that does not answer costs a task 3 s before it falls back to the primary.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # The tests never create a database for it: it is the test database under another name.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICA = "replica"
DATABASE_ROUTERS = ["portal.db_routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Redis on the same network answers in a millisecond; a hung one must not hold a page for
# long. After a failure each cache degrades for CACHE_RETRY_AFTER seconds without trying
# (portal/cache.py), so a page pays one timeout at most, as when Redis is down.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
CACHE_RETRY_AFTER = env.float("CACHE_RETRY_AFTER", default=5)


def redis_caches(url: str) -> dict:
    """The caches on Redis: the shared cache (sessions' fast copy included) and the rate
    limits' counters, which fall back to this process's memory during an outage."""
    common = {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="nscl"),
        "TIMEOUT": 300,
        "RETRY_AFTER": CACHE_RETRY_AFTER,
        "OPTIONS": {
            "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
            "socket_timeout": CACHE_SOCKET_TIMEOUT,
        },
    }
    return {"default": common, "ratelimit": {**common, "FALLBACK_TO_MEMORY": True}}


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
    # Sessions are read from Redis (written through to the database): no query per page.
    SESSION_ENGINE = "portal.sessions"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
# Without a broker the tasks run in-process, so a fresh checkout needs nothing else running.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A ceiling for tasks that set no limit of their own; each task sets its own soft limit.
CELERY_TASK_TIME_LIMIT = 15 * 60
# Redis re-delivers unacknowledged tasks after this; keep it above the longest report build.
# A task whose worker died unacknowledged is handed out again once this has passed.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    # A hung Redis (stopped, swapping, a dropped network) must not hold a web request: a
    # publish that gets no answer gives up and the caller falls back (portal/queueing.py).
    # (The worker's BRPOP waits 1 s at a time and is read only once the socket is readable.)
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2),
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# No code reads a task's return value (a report's state lives in its row), so results are
# not stored: queueing a task then never subscribes to the result store, whose reconnect
# loop took 20 s and ended in a RuntimeError when Redis went away (issue 13). A task that
# is waited on says `ignore_result=False` itself.
CELERY_TASK_IGNORE_RESULT = True
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 2}}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# --- Auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, keeping the user row and roles between changes (portal/auth.py).
    "portal.auth.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:after_login"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# The client's address behind the reverse proxy (portal/clients.py). X-Forwarded-For is read
# only when one of these says which proxies to trust; otherwise REMOTE_ADDR is the client.
# TRUSTED_PROXY_COUNT: how many proxies stand in front of gunicorn (1 for one nginx).
# TRUSTED_PROXY_ADDRESSES: the proxies' addresses or networks (e.g. 172.16.0.0/12).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXY_ADDRESSES = env.list("TRUSTED_PROXY_ADDRESSES", default=[])

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
# Failures lock the pair (e-mail, client address): a flood of wrong passwords from one client
# neither locks out the account's owner elsewhere nor everyone else behind the same address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.clients.client_ip"
# Counted as the sign-in looks it up: "Official@" and "official@" are one account.
AXES_USERNAME_CALLABLE = "portal.clients.axes_username"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# Rate limits (django-ratelimit, counted in the cache) for forms bots like to hammer.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# key="ip" means the client's address as above, not the proxy's.
RATELIMIT_IP_META_KEY = "portal.clients.ratelimit_ip"
# Counted in Redis; during an outage in each process's memory (never "too many requests"
# for everyone, never unlimited).
RATELIMIT_USE_CACHE = "ratelimit"
PASSWORD_RESET_RATE = env.str("PASSWORD_RESET_RATE", default="5/h")
ENTERPRISES_REGISTRATION_RATE = env.str("ENTERPRISES_REGISTRATION_RATE", default="10/h")
TRAININGS_REGISTRATION_RATE = env.str("TRAININGS_REGISTRATION_RATE", default="20/h")
# "Send the confirmation link again" on the sign-in page, per account and per client address.
CONFIRMATION_RESEND_RATE = env.str("CONFIRMATION_RESEND_RATE", default="3/h")
# The ratelimit checks only know django-redis by name; our Redis backend is Django's own
# (atomic INCR), and the local-memory cache of a fresh checkout serves a single process.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- I18N ---------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
PUBLIC_MEDIA_URL = "/media/public/"
# Uploaded documents (dossiers, contracts, evidence) live in the private storage and are
# served only through access-checked views; nothing maps MEDIA_ROOT/private to a URL.
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "private"), "base_url": None},
    },
    "public": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "public"), "base_url": PUBLIC_MEDIA_URL},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "portal.storage.ManifestStaticStorage"
        ),
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)

# --- E-mail -------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG.get("EMAIL_BACKEND") == "django.core.mail.backends.console.EmailBackend":
    # The console shows decoded subjects and bodies (the stock one prints RFC 2047 and base64).
    EMAIL_BACKEND = "portal.mail.ReadableConsoleEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NSCL Portal <no-reply@nscl.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Forms --------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# django-filter's empty choice: every list filter reads "Tất cả" (portal.lists), never "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- Security -----------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Everything is vendored, so no page needs anything beyond its own origin: no inline
# scripts or style attributes in templates (pass data with json_script instead).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Portal -------------------------------------------------------------------------------
# How many minutes a visitor counts as "online now" in the footer statistics.
VISITORS_ONLINE_WINDOW_MINUTES = 5
HEALTHZ_TIMEOUT_SECONDS = 2
# Seconds a cached page fragment lives at most (portal/fragments.py).
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)

# --- Reports ------------------------------------------------------------------------------
# The annual report's build task: soft and hard time limits (seconds), and how long past the
# hard limit a report still "building" counts as stalled and is rebuilt.
REPORTS_BUILD_SOFT_TIME_LIMIT = env.int("REPORTS_BUILD_SOFT_TIME_LIMIT", default=10 * 60)
REPORTS_BUILD_TIME_LIMIT = env.int(
    "REPORTS_BUILD_TIME_LIMIT", default=REPORTS_BUILD_SOFT_TIME_LIMIT + 60
)
REPORTS_STALLED_MARGIN_SECONDS = env.int("REPORTS_STALLED_MARGIN_SECONDS", default=5 * 60)
# How long the dashboard's figures are cached (seconds).
REPORTS_FIGURES_CACHE_SECONDS = env.int("REPORTS_FIGURES_CACHE_SECONDS", default=300)
# The annual report's annex lists at most this many rows a table.
REPORTS_ANNEX_MAX_ROWS = env.int("REPORTS_ANNEX_MAX_ROWS", default=500)
# The annual report's document symbol and its recipients ("Nơi nhận").
REPORTS_DOCUMENT_SYMBOL = env.str("REPORTS_DOCUMENT_SYMBOL", default="BC-SKHCN")
REPORTS_RECIPIENTS = [
    "Ủy ban nhân dân tỉnh (để báo cáo)",
    "Bộ Khoa học và Công nghệ (để báo cáo)",
    "Các sở, ban, ngành liên quan",
    "Lãnh đạo Sở",
    "Lưu: VT, TĐC",
]

# --- Open data API (api/, README "Open data API") --------------------------------------
# Read-only, aggregates only; the closed years are public, the rest needs a token that staff
# issue (Staff workspace → API tokens). Rates per client address without a token, per token
# with one (DRF's "N/second|minute|hour|day"); over them: 429 with Retry-After.
API_THROTTLE_RATES = {
    "anonymous": env.str("API_RATE_ANONYMOUS", default="60/minute"),
    "token": env.str("API_RATE_TOKEN", default="600/minute"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NSCL Portal API",
    "DESCRIPTION": (
        "Read-only aggregates of a province's plan under the National Program supporting "
        "enterprises to raise productivity and quality (Decision 1322/QĐ-TTg): the program, "
        "indicators, targets and actuals per year, breakdowns, annual reports and National "
        "Quality Award winners. No personal data. Closed years are public; open years and "
        "report files need `Authorization: Bearer <token>`. JSON, or CSV with `?format=csv`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

# --- Digital signatures (portal/signing.py, README "Digital signatures") -----------------
# The Department's certificate signs the approved annual report and each training
# certificate: a PKCS#12 file and its password, or a PKCS#11 token (the USB signing token) by
# its module, slot or token label, key label and PIN. Not both.
SIGNING_PKCS12_PATH = env.str("SIGNING_PKCS12_PATH", default="")
SIGNING_PKCS12_PASSWORD = env.str("SIGNING_PKCS12_PASSWORD", default="")
SIGNING_PKCS11_MODULE = env.str("SIGNING_PKCS11_MODULE", default="")
SIGNING_PKCS11_SLOT = env.int("SIGNING_PKCS11_SLOT", default=None)
SIGNING_PKCS11_TOKEN_LABEL = env.str("SIGNING_PKCS11_TOKEN_LABEL", default="")
SIGNING_KEY_LABEL = env.str("SIGNING_KEY_LABEL", default="")
SIGNING_CERT_LABEL = env.str("SIGNING_CERT_LABEL", default="")
SIGNING_PIN = env.str("SIGNING_PIN", default="")
# A RFC 3161 timestamp authority makes the signatures PAdES B-T instead of B-B.
SIGNING_TSA_URL = env.str("SIGNING_TSA_URL", default="")
# PEM or DER files of the root certificates a signature is verified against (the national
# root CA of the signing service, and the roots of earlier certificates still to be verified).
SIGNING_TRUST_ROOTS = env.list("SIGNING_TRUST_ROOTS", default=[])
SIGNING_REASON = env.str("SIGNING_REASON", default="Ký số văn bản điện tử")
SIGNING_VERIFY_RATE = env.str("SIGNING_VERIFY_RATE", default="30/h")
# Development and tests sign with the demo CA that `seed_demo` creates here (never in
# production: see below).
SIGNING_DEMO_DIR = Path(
    env.str("SIGNING_DEMO_DIR", default=str(MEDIA_ROOT / "private" / "demo-signing"))
)
SIGNING_DEMO = (DEBUG or TESTING) and not (SIGNING_PKCS12_PATH or SIGNING_PKCS11_MODULE)
if not DEBUG and not TESTING:
    from portal.signing_demo import is_demo_certificate_file, is_demo_pkcs12

    if (
        SIGNING_PKCS12_PATH and is_demo_pkcs12(SIGNING_PKCS12_PATH, SIGNING_PKCS12_PASSWORD)
    ) or any(is_demo_certificate_file(path) for path in SIGNING_TRUST_ROOTS):
        raise ImproperlyConfigured(
            "SIGNING_PKCS12_PATH or SIGNING_TRUST_ROOTS names the demo certificate made by "
            "seed_demo; production signs only with the Department's real certificate "
            "(README, Digital signatures)."
        )

# --- National deployment mode (national/, README "The national office's instance") ------
# On: this instance is the national program office's; it keeps a register of the provincial
# portals, pulls each one's API on the beat schedule and shows the national dashboard.
NATIONAL_MODE = env.bool("NATIONAL_MODE", default=False)
# A province's figures are marked stale when its last pull failed or when the last successful
# pull is older than this.
NATIONAL_STALE_AFTER_HOURS = env.int("NATIONAL_STALE_AFTER_HOURS", default=48)
# How long one request to a provincial portal may take (connect, read), and how many times a
# pull is tried again (with exponential backoff) before the attempt is given up.
NATIONAL_PULL_TIMEOUT_SECONDS = env.float("NATIONAL_PULL_TIMEOUT_SECONDS", default=10)
NATIONAL_PULL_MAX_RETRIES = env.int("NATIONAL_PULL_MAX_RETRIES", default=4)
NATIONAL_PULL_BACKOFF_SECONDS = env.int("NATIONAL_PULL_BACKOFF_SECONDS", default=60)
# The key that encrypts the provincial portals' API tokens at rest (Fernet); derived from
# SECRET_KEY when unset. Changing it makes the stored tokens unreadable: enter them again.
NATIONAL_TOKEN_KEY = env.str("NATIONAL_TOKEN_KEY", default="")
# The body above the national office in the national report's heading (Decree 30 layout).
NATIONAL_ISSUER_PARENT = env.str("NATIONAL_ISSUER_PARENT", default="BỘ KHOA HỌC VÀ CÔNG NGHỆ")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The page cache (portal.fragments): off, every page is built from the database each time
# (the bench measures pages both ways).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
# The PostgreSQL ICU collation the staff lists sort Vietnamese names with (portal/lists.py).
VIETNAMESE_COLLATION = env.str("VIETNAMESE_COLLATION", default="vi-x-icu")
