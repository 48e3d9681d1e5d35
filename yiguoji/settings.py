"""Settings for yiguoji, read from the environment (django-environ).

Every value a deployment changes comes from an environment variable (or a ``.env`` file beside
``manage.py``); ``.env.example`` lists them. With ``DATABASE_URL`` / ``REDIS_URL`` unset, an
embedded PostgreSQL and Redis are started under ``var/`` (see ``yiguoji/embedded.py``).
With ``DEBUG=false`` the settings refuse to start without real secrets and switch on every
protection that ``manage.py check --deploy`` looks for.
"""

from datetime import timedelta
from pathlib import Path

import environ
import pgtrigger
from django.core.exceptions import ImproperlyConfigured

from yiguoji import conf, embedded, queues

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
_DEV_SECRETS = VAR_DIR / "dev-secrets.json"
SECRET_KEY = conf.secret(
    "SECRET_KEY", env.str("SECRET_KEY", ""), debug=DEBUG, dev_store=_DEV_SECRETS
)
# Keys for personal data at rest (resident ID and bank card numbers): yiguoji.core.crypto derives
# the AES-GCM key and the blind-index HMAC key of each version from its secret with HKDF.
# PERSONAL_DATA_KEYS=2:<new>,1:<old> (the first writes, all read; see rotate_personal_data_key)
# or PERSONAL_DATA_KEY=<secret> (= version 1). Required with DEBUG=false, never derived from
# SECRET_KEY there; keep it apart from the backups (README, "Backups"). Losing it loses the numbers.
PERSONAL_DATA_KEYS = conf.personal_data_keys(
    env.str("PERSONAL_DATA_KEYS", ""),
    env.str("PERSONAL_DATA_KEY", ""),
    debug=DEBUG,
    dev_fallback=SECRET_KEY,
)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. With DEBUG=false it must name the host(s)."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form from an expired page: a Chinese page with a way back (issue 10, item 15).
CSRF_FAILURE_VIEW = "yiguoji.core.views.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "django_tables2",
    "guardian",
    "axes",
    "pgtrigger",
    "pghistory",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI files served from static/, no CDN
    "csp",
    "yiguoji.core",
    "yiguoji.api",
    "projects",
    "payroll",
    "training",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "yiguoji.core.statement_timeout.StatementTimeoutMiddleware",  # web requests only (issue 12)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Refuses an upload over the limit while it is read, before CSRF reads the body (issue 10
    # item 11): UPLOAD_MAX_MB per file, UPLOAD_REQUEST_MAX_MB per request.
    "yiguoji.core.upload_limit.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yiguoji.core.middleware.AuditContextMiddleware",
    "yiguoji.core.middleware.PrivateNoStoreMiddleware",
    "csp.middleware.CSPMiddleware",  # CONTENT_SECURITY_POLICY below (issue 10 item 6)
    # axes must come last: it turns a lockout into the Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yiguoji.urls"
WSGI_APPLICATION = "yiguoji.wsgi.application"
ASGI_APPLICATION = "yiguoji.asgi.application"

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
                "yiguoji.core.context_processors.portal",
            ],
        },
    },
]

# --- Database: one PostgreSQL schema for all apps -----------------------------------------------
USES_EMBEDDED_POSTGRES = not env.str("DATABASE_URL", "")
if env.str("DATABASE_URL", ""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {"default": embedded.database_settings()}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Web requests only (yiguoji.core.statement_timeout): a statement running longer is cancelled and
# the visitor told so; migrations, Celery and management commands have no limit.
WEB_STATEMENT_TIMEOUT_SECONDS = env.float("WEB_STATEMENT_TIMEOUT_SECONDS", default=10)
# A scoped list joins a dozen tables (the row, its select_related parents, the visible projects,
# the counted versions): let the planner order all of them instead of keeping the written order
# beyond 8 (issue 12; planning stays a few ms).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = (
    _options.get("options", "") + " -c join_collapse_limit=12 -c from_collapse_limit=12"
).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and the cache ----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", "") or f"unix://{embedded.redis_socket()}"
CELERY_BROKER_URL, _CACHE_URL = conf.redis_urls(REDIS_URL)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _CACHE_URL,
        "KEY_PREFIX": "yiguoji",
        "TIMEOUT": 300,
    }
}

# --- Celery (configured from these settings with the CELERY_ namespace) ------------------------
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_ENABLE_UTC = False
CELERY_TASK_ACKS_LATE = True  # a job whose worker dies is delivered again; tasks are idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # progress and results live on core.Job rows
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", "yiguoji")
# Imports, PDFs and reports have queues of their own (yiguoji.queues, issue 12 item 4); a worker
# without -Q consumes every queue (make run), a deployment runs one worker per queue.
CELERY_TASK_QUEUES = queues.declarations(CELERY_TASK_DEFAULT_QUEUE)
CELERY_TASK_ROUTES = ("yiguoji.queues.route",)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3 * 3600}
CELERY_TASK_TIME_LIMIT = 3600
CELERY_TASK_SOFT_TIME_LIMIT = 3300
CELERY_BEAT_SCHEDULE: dict = {}  # apps add their periodic jobs through yiguoji.core.registry
# Enqueueing while the broker is down must answer the user quickly (the job is kept and sent by
# the sweeper later), so publishing retries briefly and connecting gives up after 2 s.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.3}
CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] = 2
# Jobs that never end (issue 10, item 8): the process running a job writes a heartbeat; the
# sweeper (beat, every JOB_SWEEP_SECONDS) retries or fails running jobs whose heartbeat is older
# than JOB_STALE_SECONDS, sends queued jobs whose message never reached (or was lost by) the
# broker, and gives up on jobs queued for longer than JOB_QUEUED_GIVE_UP_HOURS.
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=10)
JOB_STALE_SECONDS = env.float("JOB_STALE_SECONDS", default=60)
JOB_SWEEP_SECONDS = env.float("JOB_SWEEP_SECONDS", default=30)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
JOB_RESEND_SECONDS = env.float("JOB_RESEND_SECONDS", default=600)
JOB_QUEUED_GIVE_UP_HOURS = env.float("JOB_QUEUED_GIVE_UP_HOURS", default=24)

# --- Authentication, sessions, lockout -----------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "yiguoji.core.backends.PortalBackend",  # ModelBackend without the API clients' users
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Idle timeout: the session ends after this many minutes without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
# Lock the account, not the address: township offices sit behind one NAT address, and locking it
# would lock out every colleague. axes.W006 warns about exactly this choice, so it is silenced.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yiguoji.core.views.auth.locked_out"
AXES_VERBOSE = False

# Audit triggers fire once per statement over its transition table, not once per row: a
# 10,000-row COPY of workers or wage lines writes its history in one INSERT ... SELECT.
PGHISTORY_LEVEL = pgtrigger.Statement

GUARDIAN_ANONYMOUS_USER_NAME = None  # no database row for anonymous visitors
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# --- HTTPS and deploy protections ---------------------------------------------------------------
# HTTPS defaults to on in production. A plain-HTTP intranet test install sets HTTPS=false.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes from inside the container speak plain HTTP
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("TRUST_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded documents are never served from a public URL: only through views that check scope.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/files/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000  # attendance grids of 50+ people x 31 days
# Uploads (issue 10 item 11, yiguoji.core.upload_limit): a file over UPLOAD_MAX_MB is stopped at
# the first chunk past the limit; a request declaring more than UPLOAD_REQUEST_MAX_MB (several
# files of one form) is refused before its body is read. Nothing is stored or queued.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=30)
UPLOAD_REQUEST_MAX_MB = env.int("UPLOAD_REQUEST_MAX_MB", default=100)

# --- E-mail (reminders are sent when EMAIL_URL is configured) ----------------------------------
EMAIL_ENABLED = bool(env.str("EMAIL_URL", ""))
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="yiguoji@localhost")

# --- The public side: project pages, worker self-service, SMS (issue 14) -----------------------
# The address the public reaches the portal at, printed as a QR code on the notices (art. 31).
PUBLIC_BASE_URL = conf.base_url(
    "PUBLIC_BASE_URL",
    env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else ""),
)
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=300)
# Text messages go through a backend, as e-mail does (yiguoji/sms/). Production sends nothing
# until SMS_BACKEND names a provider backend (e.g. yiguoji.sms.backends.aliyun.SmsBackend).
SMS_BACKEND = env.str(
    "SMS_BACKEND",
    default="yiguoji.sms.backends.console.SmsBackend"
    if DEBUG
    else "yiguoji.sms.backends.disabled.SmsBackend",
)
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=VAR_DIR / "sms")
SMS_TEMPLATE_CODES = env.dict("SMS_TEMPLATE_CODES", default={})
ALIYUN_SMS_ACCESS_KEY_ID = env.str("ALIYUN_SMS_ACCESS_KEY_ID", default="")
ALIYUN_SMS_ACCESS_KEY_SECRET = env.str("ALIYUN_SMS_ACCESS_KEY_SECRET", default="")
ALIYUN_SMS_SIGN_NAME = env.str("ALIYUN_SMS_SIGN_NAME", default="")
ALIYUN_SMS_ENDPOINT = env.str("ALIYUN_SMS_ENDPOINT", default="https://dysmsapi.aliyuncs.com")

# --- The REST API (issue 15; yiguoji/api/) -----------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["yiguoji.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["yiguoji.api.permissions.ClientMayCall"],
    "DEFAULT_THROTTLE_CLASSES": ["yiguoji.api.throttling.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "yiguoji.api.pagination.StableCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "yiguoji.api.schema.AutoSchema",  # + the JSON error bodies
    "EXCEPTION_HANDLER": "yiguoji.api.errors.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "以工代赈管理平台数据接口",
    "DESCRIPTION": "区发展改革委签发令牌；每个客户端看到的与其所属单位的用户相同。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # `manage.py check --deploy` generates the schema and reports its warnings (issue 15): the
    # schema is kept free of them (typed filters, no queryset without a request), so a view that
    # cannot be described fails the deploy check rather than showing as a plain string.
    "ENABLE_DJANGO_DEPLOY_CHECK": True,
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "projects.choices.ProjectStatus",
        "LedgerStatusEnum": "payroll.choices.LedgerStatus",
        "ErrorCodeEnum": "yiguoji.api.schema.ERROR_CODES",
    },
}
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=366)
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=64 * 1024)
# Events out (issue 15 item 5): signed webhooks. Each POST times out after WEBHOOK_TIMEOUT_SECONDS;
# a failed one is tried again after WEBHOOK_BACKOFF_SECONDS x 2^(attempt-1) (at most
# WEBHOOK_BACKOFF_MAX_SECONDS), WEBHOOK_MAX_ATTEMPTS times in all, then marked failed; beat sends
# due ones every WEBHOOK_SWEEP_SECONDS (a lost task or a dead worker still delivers). Targets on
# private, loopback or link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS
# (default: only with DEBUG), so a subscription cannot make the server call its own network.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=10)
WEBHOOK_BACKOFF_SECONDS = env.float("WEBHOOK_BACKOFF_SECONDS", default=30)
WEBHOOK_BACKOFF_MAX_SECONDS = env.float("WEBHOOK_BACKOFF_MAX_SECONDS", default=3600)
WEBHOOK_SWEEP_SECONDS = env.float("WEBHOOK_SWEEP_SECONDS", default=60)
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=DEBUG)

# --- Tables and forms ---------------------------------------------------------------------------
DJANGO_TABLES2_TEMPLATE = "partials/table.html"
DJANGO_TABLES2_PAGE_RANGE = 8

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Maps (issue 16 item 4; projects.maps) ------------------------------------------------------
# A tile server the district configures (an intranet's own; a public one for development), e.g.
# https://tiles.example.gov.cn/{z}/{x}/{y}.png. Empty: the maps draw the township outlines only.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
MAP_OUTLINES_FILE = env.path(
    "MAP_OUTLINES_FILE", default=BASE_DIR / "data" / "districts" / "yanqing" / "townships.geojson"
)
# "按地址定位" (projects.geocode): the district's gazetteer of township seats and villages with
# coordinates (township,village,longitude,latitude; village empty for a township's seat), matched
# by name without any network. Optionally a geocoder the district runs on its intranet, asked
# when the gazetteer finds no village: a URL with {address}, answering JSON as Nominatim does
# ([{"lat": "..", "lon": "..", "display_name": ".."}]) or {"latitude": .., "longitude": ..}.
# Empty (the default): never called.
GAZETTEER_FILE = env.path(
    "GAZETTEER_FILE", default=BASE_DIR / "data" / "districts" / "yanqing" / "places.csv"
)
GEOCODER_URL = env.str("GEOCODER_URL", default="")
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=5.0)

# --- Content-Security-Policy (issue 10 item 6; django-csp) -------------------------------------
# Every asset is vendored under static/, so the policy is 'self' only: no inline script, no
# inline style (templates use classes from static CSS; scripts set styles through the DOM), no
# eval. Images may also be data:/blob: (photos scaled on the phone, Leaflet's and Swagger UI's
# icons) and the district's tile server (MAP_TILE_URL's origin). Templates carry no <script>
# without src and no on*= attribute (tests/core/test_csp.py).
MAP_TILE_ORIGIN = conf.tile_origin("MAP_TILE_URL", MAP_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Backups (README, "Backups"): manage.py backup / restore / restore_drill and the nightly task.
# BACKUP_DIR may be a mounted object store (s3fs, ossfs). pg_dump/pg_restore: PG_BIN_DIR, else the
# embedded server's own, else PATH. Retention: the newest set of each of the last N days, weeks
# and months.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
PG_BIN_DIR = env.str("PG_BIN_DIR", "")
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=4)
BACKUP_KEEP_MONTHLY = env.int("BACKUP_KEEP_MONTHLY", default=6)
BACKUP_HOUR = env.int("BACKUP_HOUR", default=1)  # nightly, Asia/Shanghai; the drill follows it
