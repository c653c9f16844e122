"""Settings for Wijkplatform, all from the environment.

`Config` serves local trials (SQLite under instance/), `TestConfig` the test suite and
`ProductionConfig` real deployments, which refuse to start without a SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    # A fixed development key keeps local sessions working across restarts; production
    # refuses to start with it (see ProductionConfig.validate).
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'wijkplatform.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = {"nl": "Nederlands", "en": "English"}
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "10 per hour")
    # Per signed-in person. A new contribution takes two posts (preview, publish); a busy
    # resident comments a few times an hour; support is a toggle people click quickly.
    POST_RATE_LIMIT = os.environ.get("POST_RATE_LIMIT", "20 per 10 minutes;100 per day")
    SUPPORT_RATE_LIMIT = os.environ.get("SUPPORT_RATE_LIMIT", "60 per minute;600 per day")
    FLAG_RATE_LIMIT = os.environ.get("FLAG_RATE_LIMIT", "10 per 10 minutes;50 per day")

    REQUIRE_EMAIL_CONFIRMATION = _flag("REQUIRE_EMAIL_CONFIRMATION", True)
    EMAIL_CONFIRMATION_HOURS = int(os.environ.get("EMAIL_CONFIRMATION_HOURS", "48"))
    # Outgoing mail. Without MAIL_SERVER nothing is sent: the message is written to the log
    # (local trials only; production sets a server).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _flag("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Wijkplatform <noreply@wijkplatform.example>")

    # werkzeug's scrypt: a memory-hard KDF; the test config lowers its cost.
    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_MIN_LENGTH = 10

    WTF_CSRF_TIME_LIMIT = None  # a form left open during a home visit must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A logged-in session ends after this long without a request, and after this long in
    # any case; sensitive actions ask for the password again after REAUTH_AFTER_MINUTES.
    SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
    SESSION_ABSOLUTE_TIMEOUT_MINUTES = int(
        os.environ.get("SESSION_ABSOLUTE_TIMEOUT_MINUTES", str(12 * 60))
    )
    REAUTH_AFTER_MINUTES = int(os.environ.get("REAUTH_AFTER_MINUTES", "15"))
    # Roles that cannot act before setting up TOTP two-factor login.
    TWO_FACTOR_REQUIRED_ROLES = ("admin",)
    # Behind a reverse proxy that sets X-Forwarded-For/-Proto/-Host: the number of proxies
    # to trust (0: none). Needed for request.is_secure (HSTS) and the rate limits' client IP.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
    HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", str(365 * 24 * 3600)))

    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "application/javascript",
        "text/javascript",
        "application/json",
        "image/svg+xml",
    ]
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024

    # After this many different people reported an item, it is hidden until a neighbourhood
    # worker has looked at it.
    FLAG_HIDE_THRESHOLD = int(os.environ.get("FLAG_HIDE_THRESHOLD", "3"))

    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "privacy@wijkplatform.example")

    # The address the public uses (scheme, host, optional path prefix). Every absolute URL in
    # mail, the API and exports is built from it (core.urls.public_url), never from the
    # request's Host header. Local trials serve on 127.0.0.1:5000.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")

    # Load tests only (bench/): baseline routes and a SQL-statement count per response.
    BENCH = _flag("BENCH", False)

    # A variable a template uses but nobody passed renders as nothing (a missing optional
    # value must not break a resident's page); the test configuration makes it an error.
    JINJA_STRICT_UNDEFINED = False


class TestConfig(Config):
    TESTING = True
    PUBLIC_URL = "http://localhost"
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    REQUIRE_EMAIL_CONFIRMATION = False
    RATELIMIT_STORAGE_URI = os.environ.get("TEST_RATELIMIT_STORAGE_URI", "memory://")
    # Tests post a lot as one person; the limits themselves are tested with lower values.
    POST_RATE_LIMIT = "1000 per minute"
    SUPPORT_RATE_LIMIT = "1000 per minute"
    FLAG_RATE_LIMIT = "1000 per minute"
    COMPRESS_REGISTER = False
    # Off for most tests so they can post forms directly; tests/core/test_csrf.py and the
    # browser tests run with it on.
    WTF_CSRF_ENABLED = False
    # A page or partial rendered without one of its `{# args: … #}` fails the test instead of
    # printing nothing; the browser tests run with it too.
    JINJA_STRICT_UNDEFINED = True


class ProductionConfig(Config):
    BENCH = False
    # Secure cookies are never sent over plain HTTP; the __Host- prefix makes browsers
    # refuse the cookie unless it is Secure, for this host only, with Path=/.
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", True)
    SESSION_COOKIE_NAME = "__Host-session" if SESSION_COOKIE_SECURE else "session"
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def validate(cls) -> None:
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in production.")
