"""The migrations build exactly the schema the models describe, go down and up again on
SQLite and PostgreSQL, and upgrade a database that already holds data."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import TEST_DATABASE_URL, _admin_connect
from wijkplatform.core.db import include_object
from wijkplatform.extensions import db

FOUNDATION = "27526444ad56"  # accounts and places
SECURITY = "cfcb1ddf9f73"  # session token, TOTP, erasure


@pytest.fixture
def scratch_url(tmp_path):
    """An empty database of the kind this run tests (SQLite file or a new PostgreSQL db)."""
    if not TEST_DATABASE_URL.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'scratch.sqlite'}"
        return
    server = make_url(TEST_DATABASE_URL)
    name = f"wijkplatform_scratch_{secrets.token_hex(4)}"
    with _admin_connect(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin_connect(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tables():
    with db.engine.connect() as connection:
        return set(db.inspect(connection).get_table_names()) - {"alembic_version"}


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True, "include_object": include_object},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_go_down_to_nothing_and_up_again(make_app, scratch_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=scratch_url)
    with app.app_context():
        upgrade()
        assert "user_account" in _tables()
        downgrade(revision="base")
        assert _tables() == set()
        upgrade()
        assert "user_account" in _tables()
        downgrade(revision=FOUNDATION)
        upgrade()
        db.engine.dispose()


def test_security_migration_upgrades_a_database_with_accounts(make_app, scratch_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=scratch_url)
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(revision=FOUNDATION)
        with db.engine.begin() as connection:
            for n in range(3):
                connection.execute(
                    text(
                        "INSERT INTO user_account (email, display_name, password_hash, locale,"
                        " active, created_at, updated_at) VALUES (:email, :name, 'x', 'nl',"
                        " :active, :now, :now)"
                    ),
                    {"email": f"b{n}@example.nl", "name": f"Bewoner {n}", "active": True,
                     "now": now},
                )  # fmt: skip

        upgrade()

        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT email, session_token, totp_secret, erased_at FROM user_account")
            ).all()
        assert sorted(row.email for row in rows) == [f"b{n}@example.nl" for n in range(3)]
        tokens = [row.session_token for row in rows]
        assert all(tokens) and len(set(tokens)) == 3  # each account its own token
        assert all(row.totp_secret is None and row.erased_at is None for row in rows)

        downgrade(revision=FOUNDATION)
        with db.engine.connect() as connection:
            emails = connection.execute(text("SELECT email FROM user_account")).scalars().all()
        assert sorted(emails) == [f"b{n}@example.nl" for n in range(3)]
        db.engine.dispose()
