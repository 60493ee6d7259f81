"""GovCases settings: one module, configured from the environment (see README)."""

import os
import re
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from govcases.env import cache_from_url, database_from_url, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS when DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "govcases.apps.LoginLockoutConfig",  # django-axes
    "reversion",
    "cases",
    "cases.search",
]
# make bench, make loadtest, manage.py profile and the quality measures: development
# tools that a production server (DEBUG off) never loads.
if DEBUG:
    INSTALLED_APPS.append("benchmarks")

MIDDLEWARE = [
    # First the version pin, then Django's cache middleware, so that kept pages carry
    # every header the others add; FetchFromCacheMiddleware comes last but one.
    "cases.middleware.PinnedContentVersionMiddleware",
    "cases.middleware.UpdatePublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the URL's (/en/… English, anything else Chinese), never the
    # browser's: before the page cache's look-up and the URL resolving it needs.
    "cases.middleware.LanguageFromURLMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cases.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Each request that writes is one transaction and one revision of everything
    # it changed, recorded with its user (cases.history).
    "reversion.middleware.RevisionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
    # Last, as django-axes asks: it turns locked-out logins into a 429 page.
    "axes.middleware.AxesMiddleware",
]

# One cache, Django's (cases/caching.py): local memory in each process by default;
# CACHE_URL=redis://… shares one between processes and servers. Every key holds the
# content version, so an edit shows on the next request everywhere. "pages" keeps
# whole public pages (Django's cache middleware), "default" counts and lists.
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {
    "default": {
        **cache_from_url(CACHE_URL, "default"),
        "KEY_FUNCTION": "cases.caching.versioned_key",
        "TIMEOUT": 60 * 60,
        # Local memory keeps 300 entries unless told more: a count per filter
        # combination and the search's alias table (26 parts) would cull each other.
        "OPTIONS": {"MAX_ENTRIES": 5000} if CACHE_URL.startswith("locmem") else {},
    },
    "pages": {
        **cache_from_url(CACHE_URL, "pages"),
        "KEY_FUNCTION": "cases.caching.versioned_key",
        "KEY_PREFIX": "pages",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 1000} if CACHE_URL.startswith("locmem") else {},
    },
}
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
CACHE_MIDDLEWARE_SECONDS = 60 * 60

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Reverse proxies in front of the app. Forwarded headers are trusted only behind
# one: without a proxy, the client itself could set them.
if not re.fullmatch(r"[0-9]+", os.environ.get("PROXY_COUNT", "0")):
    raise ImproperlyConfigured("PROXY_COUNT is a number of proxies: 0, 1, 2…")
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Admin logins (django-axes): 5 failures for one account from one address lock that
# account at that address, and 20 from one address, whatever the accounts, lock the
# address (govcases.lockout). A lockout lasts 30 minutes from the failure that set it:
# attempts during it are not counted, so they cannot prolong it.
AXES_HANDLER = "govcases.lockout.AccountAtAddressHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # in this order
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "govcases.lockout.client_address"

# No inline script anywhere, no third-party origin: the site works on an intranet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The import review posts every proposed item back (ten fields a figure).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

ROOT_URLCONF = "govcases.urls"
WSGI_APPLICATION = "govcases.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), BASE_DIR
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction that began by reading cannot take the write lock while another
    # writes: SQLite failed it at once with "database is locked". IMMEDIATE takes the
    # lock when the transaction begins, so writers queue for up to `timeout` seconds;
    # in WAL mode readers never wait for a writer. synchronous stays FULL: NORMAL is
    # safe from corruption in WAL mode but can lose the last saves on power loss.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Chinese at /, English at /en/ (govcases.urls); the admin is Chinese only.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# English for the public pages (locale/en); Chinese for the admin strings Django's own
# catalog lacks (locale/zh_Hans).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
CASES_FIXTURE_DIR = BASE_DIR / "fixtures" / "articles"
# Dotted path of the search backend; unset picks one by database vendor.
CASES_SEARCH_BACKEND = os.environ.get("CASES_SEARCH_BACKEND", "")
# Load jieba's and OpenCC's dictionaries when the app loads: set by `make serve`, whose
# gunicorn loads the app before forking its workers, which then share them.
SEARCH_PRELOAD = env_bool("SEARCH_PRELOAD", default=False)

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# The Contact of /.well-known/security.txt (RFC 9116: a mailto:, https:// or tel:
# URI). Unset, there is no security.txt: a placeholder would send reports nowhere.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "")
if SECURITY_CONTACT and not re.fullmatch(
    r"(mailto:|https://|tel:)\S+", SECURITY_CONTACT
):
    raise ImproperlyConfigured("SECURITY_CONTACT is a mailto:, https:// or tel: URI.")

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
