"""One settings module, read from the environment.

With nothing set, the app runs on a SQLite file with Celery tasks run eagerly in-process,
so a newcomer needs no other service. DATABASE_URL and CELERY_BROKER_URL switch to
PostgreSQL and Redis. Every variable is documented in .env.example.
"""

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


DEBUG = _read("DEBUG", env.bool, True)
SECRET_KEY = _read("SECRET_KEY", env.str, "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("环境变量 SECRET_KEY 未设置：DEBUG 关闭时必须提供。")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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

# Security (Django's deployment checklist). Cookies are secure whenever DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = _read("SECURE_SSL_REDIRECT", env.bool, not DEBUG)
SECURE_HSTS_SECONDS = _read("SECURE_HSTS_SECONDS", env.int, 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if _read("SECURE_PROXY_SSL_HEADER", env.bool, False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = _read("EMAIL_BACKEND", env.str, "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = _read("EMAIL_HOST", env.str, "localhost")
EMAIL_PORT = _read("EMAIL_PORT", env.int, 25)
DEFAULT_FROM_EMAIL = _read("DEFAULT_FROM_EMAIL", env.str, "noreply@localhost")

CACHES = {"default": _read("CACHE_URL", env.cache_url, "locmemcache://")}

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
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job whose worker died unacknowledged is redelivered after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _read("CELERY_VISIBILITY_TIMEOUT", env.int, 3600)
}

BULLETIN_CATCH_UP_DAYS = _read("BULLETIN_CATCH_UP_DAYS", env.int, 31)
# Figures marked for recomputing longer ago than this are queued again by the sweep (their job
# was lost: the broker was down, a worker died).
RECOMPUTE_SWEEP_SECONDS = _read("RECOMPUTE_SWEEP_SECONDS", env.int, 60)
REMINDER_DAYS_BEFORE = _read("REMINDER_DAYS_BEFORE", env.int, 3)
RED_NOTICE_DAYS_OVERDUE = _read("RED_NOTICE_DAYS_OVERDUE", env.int, 10)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
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
    "DEFAULT_THROTTLE_RATES": {"login": _read("LOGIN_THROTTLE_RATE", env.str, "10/min")},
    # Proxies in front of the app whose X-Forwarded-For may be trusted; with 0 a client
    # cannot dodge the login throttle by sending a made-up X-Forwarded-For.
    "NUM_PROXIES": _read("NUM_PROXIES", env.int, 0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "计划任务跟踪系统 API",
    "DESCRIPTION": "计划、任务、单位、报告期、进展报告、完成率与通报。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _read("LOG_LEVEL", env.str, "INFO")},
}
