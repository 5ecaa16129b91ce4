"""One settings module, read from the environment.

With nothing set, the app runs on a SQLite file with Celery tasks run eagerly in-process,
so a newcomer needs no other service. DATABASE_URL and CELERY_BROKER_URL switch to
PostgreSQL and Redis. Every variable is documented in .env.example.
"""

import importlib.util
import ipaddress
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _read(name, reader, default):
    try:
        return reader(name, default=default)
    except (ValueError, ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"环境变量 {name} 的值无效：{exc}") from exc


TRUE = ("true", "1", "yes", "on")
FALSE = ("false", "0", "no", "off")


def _bool(name, default):
    """A yes or no: true/false, 1/0, yes/no, on/off (any case); anything else stops the start
    (django-environ reads "ture" as False)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE or value in FALSE:
        return value in TRUE
    raise ImproperlyConfigured(
        f"环境变量 {name} 的值“{raw}”无效：只接受 true/false、1/0、yes/no、on/off。"
    )


# Off unless set: a deployment that forgets it must not show tracebacks. `make` sets it on
# for a developer's machine (Makefile), the tests through pytest-env (pyproject.toml).
DEBUG = _bool("DEBUG", False)

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY_PLACEHOLDERS = (
    "change-me",
    "changeme",
    "change_me",
    "replace-me",
    "placeholder",
    "example",
    "insecure",
    "do-not-use",
    "not-used",
)


def _secret_key_problem(key):
    """Why `key` must not sign sessions and tokens in production, or None."""
    if not key:
        return "未设置"
    if len(key) < 50:
        return f"太短（{len(key)} 个字符，至少 50 个）"
    if len(set(key)) < 5 or any(word in key.lower() for word in SECRET_KEY_PLACEHOLDERS):
        return "是示例或占位值（如 .env.example 中的那个）"
    return None


SECRET_KEY = _read("SECRET_KEY", env.str, "")
if not DEBUG and (problem := _secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"环境变量 SECRET_KEY {problem}：DEBUG 关闭时必须提供至少 50 个字符的随机密钥，"
        "可用 python -c 'import secrets; print(secrets.token_urlsafe(50))' 生成。"
    )
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
ALLOWED_HOSTS = _read("ALLOWED_HOSTS", env.list, ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _read("CSRF_TRUSTED_ORIGINS", env.list, [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "plans",
    "tasks",
    "progress",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "config.security.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "config.context.role",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": _read("DATABASE_URL", env.db_url, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A connection kept for a minute (checked before reuse) unless DATABASE_URL says
    # ?conn_max_age=: a connection a request halved what the servers served (README, Benchmarks).
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(_read("MEDIA_ROOT", env.str, str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Where 佐证材料 (files attached to progress reports) are kept, the storage "attachments": the
# local MEDIA_ROOT by default; an S3-compatible object store (MinIO, a government cloud's
# OSS/OBS/COS) through django-storages when STORAGE_BACKEND=s3, or when AWS_STORAGE_BUCKET_NAME
# is set. django-storages is an optional extra (pip install ".[s3]"): a default install runs
# without it. (Bulletins are still written to MEDIA_ROOT as files, so "default" stays local.)
STORAGES["attachments"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
AWS_STORAGE_BUCKET_NAME = _read("AWS_STORAGE_BUCKET_NAME", env.str, "")
STORAGE_BACKEND = _read("STORAGE_BACKEND", env.str, "") or (
    "s3" if AWS_STORAGE_BUCKET_NAME else "local"
)
if STORAGE_BACKEND == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "环境变量 STORAGE_BACKEND=s3（或设置了 AWS_STORAGE_BUCKET_NAME）需要 django-storages："
            '请安装 pip install ".[s3]"。'
        )
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured(
            "环境变量 AWS_STORAGE_BUCKET_NAME 未设置：STORAGE_BACKEND=s3 时必须提供。"
        )
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _read("AWS_S3_ENDPOINT_URL", env.str, "") or None,
            "region_name": _read("AWS_S3_REGION_NAME", env.str, "") or None,
            "access_key": _read("AWS_ACCESS_KEY_ID", env.str, "") or None,
            "secret_key": _read("AWS_SECRET_ACCESS_KEY", env.str, "") or None,
            "location": _read("AWS_LOCATION", env.str, ""),
            "addressing_style": _read("AWS_S3_ADDRESSING_STYLE", env.str, "") or None,
            # No ACL header (stores that disable ACLs refuse one): keep the bucket private;
            # files are read only through the app's checked download views.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "local":
    raise ImproperlyConfigured(
        f"环境变量 STORAGE_BACKEND 的值无效：{STORAGE_BACKEND!r}（可选 local 或 s3）。"
    )

# 佐证材料 (evidence files on progress reports): at most this large, this many per report; a
# zip-based file (.docx, .xlsx, .ofd) declaring more than the unzipped limit, and an image of
# more pixels than the last, are refused before anything is unpacked or decoded.
ATTACHMENT_MAX_BYTES = _read("ATTACHMENT_MAX_BYTES", env.int, 20 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = _read("ATTACHMENT_MAX_COUNT", env.int, 20)
ATTACHMENT_MAX_UNZIPPED_BYTES = _read("ATTACHMENT_MAX_UNZIPPED_BYTES", env.int, 200 * 1024 * 1024)
ATTACHMENT_MAX_IMAGE_PIXELS = _read("ATTACHMENT_MAX_IMAGE_PIXELS", env.int, 64_000_000)
for _name in (
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_MAX_COUNT",
    "ATTACHMENT_MAX_UNZIPPED_BYTES",
    "ATTACHMENT_MAX_IMAGE_PIXELS",
):
    if globals()[_name] <= 0:
        raise ImproperlyConfigured(f"环境变量 {_name} 的值无效：须为正整数。")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Request bodies above this are refused; an uploaded file above the second goes to a temporary
# file instead of memory (the Excel and plan readers refuse large files themselves).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Plan files in .xlsx or .docx (zip archives) are refused before they are opened when the file,
# what its entries declare they unpack to, or the one XML part its reader holds whole
# (word/document.xml, xl/sharedStrings.xml) is larger than these.
PLAN_FILE_MAX_BYTES = _read("PLAN_FILE_MAX_BYTES", env.int, 10 * 1024 * 1024)
PLAN_FILE_MAX_UNZIPPED_BYTES = _read("PLAN_FILE_MAX_UNZIPPED_BYTES", env.int, 200 * 1024 * 1024)
PLAN_FILE_MAX_PART_BYTES = _read("PLAN_FILE_MAX_PART_BYTES", env.int, 20 * 1024 * 1024)

# Uploaded workbooks (progress templates, plan tables: these besides PLAN_FILE_MAX_*) are
# refused before openpyxl reads them when their zip declares or their sheets hold more than
# this (plans/workbooks.py).
WORKBOOK_MAX_ENTRIES = _read("WORKBOOK_MAX_ENTRIES", env.int, 200)
WORKBOOK_MAX_ENTRY_BYTES = _read("WORKBOOK_MAX_ENTRY_BYTES", env.int, 10 * 1024 * 1024)
WORKBOOK_MAX_TOTAL_BYTES = _read("WORKBOOK_MAX_TOTAL_BYTES", env.int, 30 * 1024 * 1024)
WORKBOOK_MAX_CELLS = _read("WORKBOOK_MAX_CELLS", env.int, 100_000)
WORKBOOK_MAX_XML_ELEMENTS = _read("WORKBOOK_MAX_XML_ELEMENTS", env.int, 500_000)

# Text people type is refused above these many characters (progress/text.py), never cut: the
# three texts of a progress report (进展情况, 存在问题, 下步打算) each, and comments and reasons
# (审核意见, 办结说明, 报告期关闭说明). At most 32,767: what one Excel cell holds.
_EXCEL_CELL = 32_767  # progress/text.py EXCEL_CELL_MAX
REPORT_TEXT_MAX_CHARS = _read("REPORT_TEXT_MAX_CHARS", env.int, 4000)
COMMENT_MAX_CHARS = _read("COMMENT_MAX_CHARS", env.int, 2000)
for _name in ("REPORT_TEXT_MAX_CHARS", "COMMENT_MAX_CHARS"):
    if not 1 <= globals()[_name] <= _EXCEL_CELL:
        raise ImproperlyConfigured(
            f"环境变量 {_name} 的值无效：须在 1 到 {_EXCEL_CELL}（Excel 单元格的上限）之间。"
        )

# Security (Django's deployment checklist). Cookies are secure whenever DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = _read("SECURE_HSTS_SECONDS", env.int, 0 if DEBUG else 31536000)
# Everything from this site only (config/security.py); data: for the images Swagger UI's
# stylesheet embeds; {nonce} is each request's, for the <style> elements plotly.js adds.
# Style attributes (which run no code) are allowed because plotly.js sets a few itself
# (heatmaps, colour bars); our templates have none (tests/security).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'nonce-{nonce}'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if _bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = _read("EMAIL_BACKEND", env.str, "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = _read("EMAIL_HOST", env.str, "localhost")
EMAIL_PORT = _read("EMAIL_PORT", env.int, 25)
DEFAULT_FROM_EMAIL = _read("DEFAULT_FROM_EMAIL", env.str, "noreply@localhost")

# The doors (config/doors.py): failed logins and API throttles count in the "doors" cache,
# which must be shared by every process (gunicorn workers): CACHE_URL's (Redis under
# docker-compose) while it answers, else the database's table (`createcachetable`), else
# this process's memory; a login never fails because a cache is down.
CACHE_URL = _read("CACHE_URL", env.str, "")
try:
    _cache = env.cache_url_config(CACHE_URL) if CACHE_URL else {}
except Exception as exc:  # django-environ raises several kinds for a bad URL
    raise ImproperlyConfigured(f"环境变量 CACHE_URL 的值无效：{exc}") from exc
if _cache.get("BACKEND", "").endswith("RedisCache"):
    # Seconds, not the default forever, before a dead Redis gives way to the database.
    _cache.setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)
CACHES = {
    "default": _cache or {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "plantrack_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "doors": {
        "BACKEND": "config.cache.FallbackCache",
        "OPTIONS": {"CHAIN": ["default", "database"] if _cache else ["database"]},
    },
    # Answers built from snapshots (reports/figures_cache.py): their keys name the snapshots'
    # versions, so no process ever needs to be told of a change. Kept in CACHE_URL's cache
    # (Redis) while it answers, so that the web processes build each version once between
    # them, else in each process's own memory.
    "figures": {
        "BACKEND": "config.cache.FallbackCache",
        "LOCATION": "figures",
        "TIMEOUT": _read("FIGURES_CACHE_SECONDS", env.int, 300),
        "OPTIONS": {"CHAIN": ["default"] if _cache else [], "MEMORY_MAX_ENTRIES": 100},
    },
}

# Proxies whose X-Forwarded-For is believed (addresses or networks, comma separated): the
# client is the last address in that header that is not one of them. Empty: the peer itself.
TRUSTED_PROXIES = _read("TRUSTED_PROXIES", env.list, [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"环境变量 TRUSTED_PROXIES 中的“{_proxy}”不是 IP 地址或网段（如 10.0.0.2 或 10.0.0.0/24）。"
        ) from None
if "NUM_PROXIES" in os.environ:
    raise ImproperlyConfigured(
        "环境变量 NUM_PROXIES 已不再使用：请改用 TRUSTED_PROXIES（可信代理的地址，逗号分隔）。"
    )
# After this many wrong passwords for one account, or from one client address, logins are
# refused for LOGIN_LOCKOUT_SECONDS (web login, admin login and the API token alike). An
# office whose people all come from one address (NAT) may raise the second.
LOGIN_MAX_FAILURES = _read("LOGIN_MAX_FAILURES", env.int, 5)
LOGIN_MAX_FAILURES_PER_ADDRESS = _read("LOGIN_MAX_FAILURES_PER_ADDRESS", env.int, 5)
LOGIN_LOCKOUT_SECONDS = _read("LOGIN_LOCKOUT_SECONDS", env.int, 900)
# An API token is valid this many days from its issue (and dies with a password change).
API_TOKEN_DAYS = _read("API_TOKEN_DAYS", env.int, 30)

# Celery: eager in-process unless a broker is given.
CELERY_BROKER_URL = _read("CELERY_BROKER_URL", env.str, "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = (
    _read(
        "CELERY_RESULT_BACKEND", env.str, CELERY_BROKER_URL if not CELERY_TASK_ALWAYS_EAGER else ""
    )
    or None
)
CELERY_TASK_ACKS_LATE = True
# No job runs for ever: the soft limit raises inside the job (a bulletin is marked failed and
# retried), the hard one kills it. A full recompute of a million reports takes well under it.
CELERY_TASK_SOFT_TIME_LIMIT = _read("CELERY_TASK_SOFT_TIME_LIMIT", env.int, 840)
CELERY_TASK_TIME_LIMIT = _read("CELERY_TASK_TIME_LIMIT", env.int, 900)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker's CPU priority below the web's (os.nice increment, config/celery.py): when both
# want the CPU, pages come first and jobs take the rest.
WORKER_NICE = _read("WORKER_NICE", env.int, 10)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job whose worker died unacknowledged is redelivered after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _read("CELERY_VISIBILITY_TIMEOUT", env.int, 3600),
    # Above the workers' 1-second BRPOP, so they never time out waiting for work.
    "socket_timeout": 2,
    "socket_connect_timeout": 1,
}
# A request queues its jobs after its commit (reports/snapshots/requests.py); with Redis down
# that must cost it about a second (bench/broker_down.py), not Celery's defaults: a 4-second
# connect timeout, three publish retries, twenty one-second retries of the result store (20 s
# measured), and no timeout at all reading from a Redis that accepts and never answers. What
# is not queued stays marked in the database and is queued by the sweep once Redis is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
}

BULLETIN_CATCH_UP_DAYS = _read("BULLETIN_CATCH_UP_DAYS", env.int, 31)
# A bulletin being made says it is alive this often; one silent for BULLETIN_STALE_SECONDS
# (its worker was killed) is made again by the sweep, every minute.
BULLETIN_HEARTBEAT_SECONDS = _read("BULLETIN_HEARTBEAT_SECONDS", env.int, 10)
BULLETIN_STALE_SECONDS = _read("BULLETIN_STALE_SECONDS", env.int, 45)
# Figures marked for recomputing longer ago than this are queued again by the sweep (their job
# was lost: the broker was down, a worker died).
RECOMPUTE_SWEEP_SECONDS = _read("RECOMPUTE_SWEEP_SECONDS", env.int, 60)
REMINDER_DAYS_BEFORE = _read("REMINDER_DAYS_BEFORE", env.int, 3)
RED_NOTICE_DAYS_OVERDUE = _read("RED_NOTICE_DAYS_OVERDUE", env.int, 10)
# A 督办单 asks the unit to report and reply within this many working days.
SUPERVISION_REPLY_WORKING_DAYS = _read("SUPERVISION_REPLY_WORKING_DAYS", env.int, 5)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "progress.api.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in and given a role (progress/roles.py); anonymous requests get 401.
    "DEFAULT_PERMISSION_CLASSES": ["progress.api.permissions.HasRole"],
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["config.browsable.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The browsable API in Chinese (接口目录, 单位列表 …) rather than class names.
    "VIEW_NAME_FUNCTION": "config.browsable.view_name",
    "VIEW_DESCRIPTION_FUNCTION": "config.browsable.view_description",
    # Requests for a token per client address (config/doors.py), wrong or right.
    "DEFAULT_THROTTLE_RATES": {"login": _read("LOGIN_THROTTLE_RATE", env.str, "10/min")},
    # Our throttles take the client from TRUSTED_PROXIES; any other sees the peer only.
    "NUM_PROXIES": 0,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "计划任务跟踪系统 API",
    "DESCRIPTION": "计划、任务、单位、报告期、进展报告、完成率与通报。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are for signed-in users (an API token or a session).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two fields named "status" with different choices (completion statuses, bulk results).
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "reports.api.STATUS_FIELDS",
        "BulkResultStatusEnum": "progress.services.review.RESULT_STATUSES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _read("LOG_LEVEL", env.str, "INFO")},
}
