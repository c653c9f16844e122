"""Test set-up: a real database (SQLite file, or a fresh PostgreSQL database per run),
built by the migrations, emptied after every test."""

from __future__ import annotations

import os
import re
import secrets
from contextlib import contextmanager

import psycopg
import pyotp
import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

import config
from tests import compile_once
from wijkplatform import create_app
from wijkplatform.extensions import db

# URL builders and templates are compiled once per run, not once per app (tests/compile_once.py).
compile_once.install()

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


@event.listens_for(Engine, "connect")
def _sqlite_without_fsync(dbapi_connection, connection_record) -> None:
    """SQLite in the tests does not wait for each commit to reach the disk (about 4 ms a
    commit on this machine): the tests check what the app reads and writes, not what a power
    cut would leave. Every other setting stays the app's own (wijkplatform.core.db)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def _admin_connect(url):
    return psycopg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        dbname=url.database or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """SQLite by default; with TEST_DATABASE_URL (PostgreSQL) a fresh database for this run."""
    if not TEST_DATABASE_URL.startswith("postgresql"):
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    server = make_url(TEST_DATABASE_URL)
    name = f"wijkplatform_test_{secrets.token_hex(4)}"
    with _admin_connect(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        # The commits stay synchronous: with synchronous_commit = off, VACUUM leaves pages
        # not all-visible until the WAL is flushed, and the query-plan tests in
        # tests/core/test_indexes.py get other plans (no index-only scans).
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin_connect(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_database(database_url):
    """Build the schema once per run with the migrations (not create_all), so every test
    also proves the migrations."""
    app = create_app(_test_config(database_url))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return database_url


def _test_config(database_url, **overrides):
    settings = {
        key: getattr(config.TestConfig, key) for key in dir(config.TestConfig) if key.isupper()
    }
    settings["SQLALCHEMY_DATABASE_URI"] = database_url
    settings.update(overrides)
    return settings


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (own `g` and database session), as in a real
    server, even while the test itself holds an app context for factories and queries."""

    def open(self, *args, **kwargs):
        # End the test's own transaction first: on SQLite every transaction now starts with
        # BEGIN, so an open one would keep an old snapshot (stale reads after the request)
        # or hold the write lock the request needs ("database is locked").
        if has_app_context():
            db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def make_app(migrated_database, tmp_path):
    """Build an app on the test database, with settings changed for one test. Photos go to
    a folder of the test's own."""
    apps = []

    def build(**overrides):
        overrides.setdefault("PHOTO_STORAGE_DIR", str(tmp_path / "photos"))
        app = create_app(_test_config(migrated_database, **overrides))
        app.test_client_class = FreshContextClient
        compile_once.share_templates(app)
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            if app.config["SQLALCHEMY_DATABASE_URI"] == migrated_database:
                _empty_all_tables()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


def _empty_all_tables():
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        # A test that ran ANALYZE (the bench generator) leaves SQLite's planner statistics
        # behind; the next test would get query plans made for a city that is gone.
        if (
            connection.dialect.name == "sqlite"
            and connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
            ).first()
        ):
            connection.exec_driver_sql("DELETE FROM sqlite_stat1")
            connection.exec_driver_sql("ANALYZE sqlite_schema")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_app(make_app):
    """An app with CSRF protection on, as in production."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


# --- helpers -------------------------------------------------------------------------


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as counter:` block."""

    @contextmanager
    def counter():
        statements: list[str] = []

        def before_execute(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before_execute)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before_execute)

    return counter


CSRF_INPUT = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def sent_mails(app) -> list:
    """Run the mail worker once (as `flask mail send` does), then every message it handled
    so far (core.mail keeps the last ones in memory), oldest first."""
    from wijkplatform.core import mail

    with app.app_context():
        mail.send_queued()
        db.session.remove()
    return list(mail.outbox(app))


def mailed_link(app, path: str, *, to: str | None = None) -> str:
    """The path of the newest link to `path` (such as "/account/confirm/") in the mails the
    app sent (after running the mail worker), optionally only in mails to `to`."""
    pattern = re.compile(
        re.escape(app.config["PUBLIC_URL"].rstrip("/")) + r"(" + re.escape(path) + r"\S+)"
    )
    for sent in reversed(sent_mails(app)):
        match = pattern.search(sent.body)
        if match and (to is None or sent.to == to):
            return match.group(1)
    raise AssertionError(f"no mail with a link to {path}")


@pytest.fixture
def login(client):
    """Log a user in through the real login form (and the code step with two-factor on)."""
    from tests.factories import PASSWORD

    def do_login(user, password=PASSWORD):
        if user.totp_secret:
            user.totp_last_step = None  # so a second login in the same 30 s works
        db.session.commit()
        response = client.post("/account/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        if response.headers["Location"] == "/account/login/code":
            code = pyotp.TOTP(user.totp_secret).now()
            response = client.post("/account/login/code", data={"code": code})
            assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login
