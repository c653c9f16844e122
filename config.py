"""Settings for Wijkplatform, all from the environment.

`Config` serves local trials (SQLite under instance/), `TestConfig` the test suite and
`ProductionConfig` real deployments, which refuse to start without SECRET_KEY, an https
PUBLIC_URL, MAIL_SERVER and a shared rate-limit store (README: "Production settings").
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _flag(name: str, default: bool, environ=os.environ) -> bool:
    value = environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _names(value: str | None) -> list[str]:
    """A comma-separated setting ("wijk.example, www.wijk.example") as a list."""
    return [name.strip().lower() for name in (value or "").split(",") if name.strip()]


def engine_options(database_uri: str, options: dict) -> dict:
    """SQLAlchemy engine options for this database, on top of the configured ones.

    PostgreSQL with psycopg 3: `prepare_threshold=None`, never prepare statements. psycopg
    prepares a statement on its 5th run on a connection, but clears that cache at every
    ROLLBACK, and every read request ends with one: measured, no list page statement was
    ever run prepared (6 parsed, 0 prepared per request), and preparing at once doubles the
    round trips (17 instead of 9, with a DEALLOCATE ALL per request). Turning it off costs
    nothing measurable and keeps PgBouncer in transaction mode (docs/scaling.md) safe.
    JIT is left as the server has it: no statement of the list pages comes near
    jit_above_cost (100,000; the costliest, the old municipality list on 15,000
    contributions, planned at 1,776), and `jit=off` changed nothing measured."""
    if not database_uri.startswith("postgresql+psycopg"):
        return options
    connect_args = {"prepare_threshold": None, **options.get("connect_args", {})}
    return {**options, "connect_args": connect_args}


class Config:
    # A fixed development key keeps local sessions working across restarts; production
    # refuses to start with it (see ProductionConfig.validate).
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'wijkplatform.sqlite'}"
    )
    # Measured with `python -m bench.roundtrips` (issue 18, docs/scaling.md "PostgreSQL under
    # load"): a list page on PostgreSQL makes 9 round trips, the pre-ping, BEGIN, its 5-6
    # SELECTs and the ROLLBACK that ends every request. The pre-ping is one of them (an
    # empty query, ~0.1 ms on loopback, no measurable server CPU) and lets the app survive a
    # database restart without errors (tests/security/test_database_outage.py), so it stays
    # on; DATABASE_PRE_PING=false drops it where something else (PgBouncer) handles that.
    # More settings per database in `engine_options` below.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": _flag("DATABASE_PRE_PING", True)}

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = {"nl": "Nederlands", "en": "English"}
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    # Per account, from whatever address: wrong passwords (login, password confirmation,
    # e-mail and password change, erasure) and wrong two-factor codes. Only refused attempts
    # count, so the owner logging in normally never uses them up.
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get(
        "LOGIN_ACCOUNT_RATE_LIMIT", "10 per 15 minutes;50 per day"
    )
    TWO_FACTOR_ACCOUNT_RATE_LIMIT = os.environ.get(
        "TWO_FACTOR_ACCOUNT_RATE_LIMIT", "5 per 5 minutes;20 per day"
    )
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "10 per hour")
    # Per signed-in person. A new contribution takes two posts (preview, publish); a busy
    # resident comments a few times an hour; support is a toggle people click quickly.
    POST_RATE_LIMIT = os.environ.get("POST_RATE_LIMIT", "20 per 10 minutes;100 per day")
    SUPPORT_RATE_LIMIT = os.environ.get("SUPPORT_RATE_LIMIT", "60 per minute;600 per day")
    FLAG_RATE_LIMIT = os.environ.get("FLAG_RATE_LIMIT", "10 per 10 minutes;50 per day")

    REQUIRE_EMAIL_CONFIRMATION = _flag("REQUIRE_EMAIL_CONFIRMATION", True)
    # How long a mailed link works: confirming an address (also a new address), and choosing
    # a new password. Each link works once (accounts/mailed_links.py).
    EMAIL_CONFIRMATION_HOURS = int(os.environ.get("EMAIL_CONFIRMATION_HOURS", "48"))
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
    # Asking for a reset link or a new confirmation link: per client address, and again per
    # e-mail address asked for (so nobody can flood one mailbox from many places).
    MAIL_LINK_RATE_LIMIT = os.environ.get("MAIL_LINK_RATE_LIMIT", "5 per 15 minutes;20 per day")
    # Outgoing mail. Without MAIL_SERVER nothing is sent: each message is written as a file
    # to MAIL_OUTBOX_DIR (local trials only; production sets a server).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _flag("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Wijkplatform <noreply@wijkplatform.example>")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
    # The mail queue (core/mail.py): tries before a message is set aside as failed, and how
    # long a worker's claim lasts before another worker may take the message over.
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_CLAIM_MINUTES = int(os.environ.get("MAIL_CLAIM_MINUTES", "15"))

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
    # Every request; a view that takes files allows more (core/uploads.py): the
    # contribution forms take MAX_PHOTOS photos of PHOTO_MAX_BYTES each.
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    # Photos on contributions (contributions/photos/). With several app servers the folder
    # must be one folder shared by all of them (docs/deploy.md).
    PHOTO_STORAGE_DIR = os.environ.get("PHOTO_STORAGE_DIR", str(INSTANCE_DIR / "photos"))
    PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
    # Width x height, read from the file's header before its pixels are decoded.
    PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", str(40_000_000)))

    # Whose voice counts in a neighbourhood (accounts/permissions.py, docs/moderation.md): a
    # resident of it with a confirmed address whose account is at least this many days old.
    # Anyone may support and report; only these people count toward auto-hide, the residents
    # behind an Opgave, reactions to it and the support per subject in the area analysis.
    RESIDENT_MIN_ACCOUNT_AGE_DAYS = int(os.environ.get("RESIDENT_MIN_ACCOUNT_AGE_DAYS", "3"))
    # After this many reports from people who count, an item is hidden until a neighbourhood
    # worker has looked at it; every FLAG_SUPPORTERS_PER_EXTRA_REPORT residents who count and
    # support it raise that by one.
    FLAG_HIDE_THRESHOLD = int(os.environ.get("FLAG_HIDE_THRESHOLD", "3"))
    FLAG_SUPPORTERS_PER_EXTRA_REPORT = int(os.environ.get("FLAG_SUPPORTERS_PER_EXTRA_REPORT", "5"))
    # The moderation queue marks reports from accounts younger than this many days.
    NEW_ACCOUNT_DAYS = int(os.environ.get("NEW_ACCOUNT_DAYS", "7"))

    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "privacy@wijkplatform.example")

    # The address the public uses (scheme, host, optional path prefix). Every absolute URL in
    # mail, the API and exports is built from it (core.urls.public_url), never from the
    # request's Host header. Local trials serve on 127.0.0.1:5000.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Host names the site answers to; a request for any other host gets 400 (behind a proxy
    # with TRUSTED_PROXY_COUNT: the X-Forwarded-Host it passes on). The host of PUBLIC_URL is
    # always added (core/security.py). Local trials also answer on 127.0.0.1 and localhost.
    TRUSTED_HOSTS = _names(os.environ.get("TRUSTED_HOSTS")) or ["127.0.0.1", "localhost"]

    # A variable a template uses but nobody passed renders as nothing (a missing optional
    # value must not break a resident's page); the test configuration makes it an error.
    JINJA_STRICT_UNDEFINED = False


class TestConfig(Config):
    TESTING = True
    PUBLIC_URL = "http://localhost"
    # The test client asks for localhost; the browser tests serve on 127.0.0.1.
    TRUSTED_HOSTS = ["localhost", "127.0.0.1"]
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    REQUIRE_EMAIL_CONFIRMATION = False
    MAIL_OUTBOX_DIR = ""  # mails stay in memory (core.mail.outbox), no files
    RATELIMIT_STORAGE_URI = os.environ.get("TEST_RATELIMIT_STORAGE_URI", "memory://")
    # Tests post a lot as one person; the limits themselves are tested with lower values.
    POST_RATE_LIMIT = "1000 per minute"
    SUPPORT_RATE_LIMIT = "1000 per minute"
    FLAG_RATE_LIMIT = "1000 per minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "1000 per minute"
    TWO_FACTOR_ACCOUNT_RATE_LIMIT = "1000 per minute"
    COMPRESS_REGISTER = False
    # Off for most tests so they can post forms directly; tests/core/test_csrf.py and the
    # browser tests run with it on.
    WTF_CSRF_ENABLED = False
    # A page or partial rendered without one of its `{# args: … #}` fails the test instead of
    # printing nothing; the browser tests run with it too.
    JINJA_STRICT_UNDEFINED = True


class ProductionConfig(Config):
    # Secure cookies are never sent over plain HTTP; the __Host- prefix makes browsers
    # refuse the cookie unless it is Secure, for this host only, with Path=/.
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", True)
    SESSION_COOKIE_NAME = "__Host-session" if SESSION_COOKIE_SECURE else "session"
    REMEMBER_COOKIE_SECURE = True
    # No local default: links in mail and the API must never point at 127.0.0.1.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    # Only the host of PUBLIC_URL unless more names are given.
    TRUSTED_HOSTS = _names(os.environ.get("TRUSTED_HOSTS"))

    @classmethod
    def validate(cls, environ=None) -> None:
        """Refuse to start with a setting that would make the site unsafe, naming each one."""
        problems = production_problems(os.environ if environ is None else environ)
        if problems:
            raise RuntimeError(
                "Wijkplatform will not start in production until these settings are fixed:\n- "
                + "\n- ".join(problems)
            )


def production_problems(environ) -> list[str]:
    problems = []
    if not environ.get("SECRET_KEY"):
        problems.append("SECRET_KEY must be set (a long random value, the same on every server).")
    public_url = environ.get("PUBLIC_URL", "")
    parts = urlsplit(public_url)
    if not public_url:
        problems.append(
            "PUBLIC_URL must be set to the address the public uses, like "
            "https://wijkplatform.example.nl: links in mail and the API are built from it."
        )
    elif (
        parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
    ):
        problems.append(
            f"PUBLIC_URL {public_url!r} is not an address like https://wijkplatform.example.nl."
        )
    elif parts.scheme != "https" and not _flag("PUBLIC_URL_ALLOW_HTTP", False, environ):
        problems.append(
            f"PUBLIC_URL {public_url!r} must start with https:// (set PUBLIC_URL_ALLOW_HTTP=1 "
            "only for a closed test network without TLS)."
        )
    if not environ.get("MAIL_SERVER"):
        problems.append("MAIL_SERVER must be set: without it confirmation mails are never sent.")
    storage = environ.get("RATELIMIT_STORAGE_URI", "")
    if not storage or storage.startswith("memory://"):
        problems.append(
            "RATELIMIT_STORAGE_URI must name a shared store such as redis://redis-host:6379/0: "
            "with memory:// every worker counts on its own and the login limits multiply."
        )
    return problems
