"""The migrations build exactly the schema the models describe, go down and up again on
SQLite and PostgreSQL, and upgrade a database that already holds data."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import Enum, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from tests.conftest import TEST_DATABASE_URL, _admin_connect
from wijkplatform.core.db import include_object
from wijkplatform.extensions import db

FOUNDATION = "27526444ad56"  # accounts and places
SECURITY = "cfcb1ddf9f73"  # session token, TOTP, erasure
MODERATION = "af4c55331de5"  # recreates `contribution` on SQLite (batch mode)
BEFORE_ENUM_CHECKS = "057170d2c040"  # mailed links, the head before the enum checks


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


def test_moderation_migration_keeps_the_votes_and_comments_of_existing_contributions(
    make_app, scratch_url
):
    app = make_app(SQLALCHEMY_DATABASE_URI=scratch_url)
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(revision=SECURITY)
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO municipality (id, name, cbs_code, created_at, updated_at)"
                " VALUES (1, 'Lindenhoven', 'GM0001', :now, :now)",
                "INSERT INTO neighbourhood (id, municipality_id, name, slug, description,"
                " created_at, updated_at)"
                " VALUES (1, 1, 'Oude Haven', 'oude-haven', '', :now, :now)",
                "INSERT INTO user_account (id, email, display_name, password_hash, locale, active,"
                " session_token, created_at, updated_at) VALUES (1, 'b@example.nl', 'Bewoner',"
                " 'x', 'nl', :yes, 't', :now, :now)",
                "INSERT INTO contribution (id, kind, neighbourhood_id, author_id, title, body,"
                " status, support_count, comment_count, hidden, created_at, updated_at)"
                " VALUES (1, 'issue', 1, 1, 'Meer bankjes', 'Bij de haven', 'open', 1, 1, :no,"
                " :now, :now)",
                "INSERT INTO vote (user_id, contribution_id, created_at) VALUES (1, 1, :now)",
                "INSERT INTO comment (contribution_id, author_id, stance, body, hidden, created_at,"
                " updated_at) VALUES (1, 1, 'for', 'Goed idee', :no, :now, :now)",
            ):
                connection.execute(text(statement), {"now": now, "yes": True, "no": False})

        upgrade(revision=MODERATION)

        counts = _row_counts_of("contribution", "vote", "comment")
        assert counts == {"contribution": 1, "vote": 1, "comment": 1}
        db.engine.dispose()


def test_municipality_migration_fills_in_the_municipality_of_existing_contributions(
    make_app, scratch_url
):
    """Issue 18: contributions made before `municipality_id` existed appear in their
    municipality's list after the upgrade, and the downgrade takes the column away again."""
    app = make_app(SQLALCHEMY_DATABASE_URI=scratch_url)
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(revision="a1c5e7d9f3b2")
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO municipality (id, name, cbs_code, created_at, updated_at) VALUES"
                " (1, 'Lindenhoven', 'GM0001', :now, :now), (2, 'Eikendal', 'GM0002', :now, :now)",
                "INSERT INTO neighbourhood (id, municipality_id, name, slug, description,"
                " created_at, updated_at) VALUES (1, 1, 'Oude Haven', 'oude-haven', '', :now,"
                " :now), (2, 2, 'Het Veld', 'het-veld', '', :now, :now)",
                "INSERT INTO user_account (id, email, display_name, password_hash, locale, active,"
                " session_token, created_at, updated_at) VALUES (1, 'b@example.nl', 'Bewoner',"
                " 'x', 'nl', :yes, 't', :now, :now)",
                "INSERT INTO contribution (id, kind, neighbourhood_id, author_id, title, body,"
                " status, support_count, comment_count, hidden, created_at, updated_at)"
                " VALUES (1, 'issue', 1, 1, 'Meer bankjes', 'Bij de haven', 'open', 0, 0, :no,"
                " :now, :now), (2, 'issue', 2, 1, 'Een speeltuin', 'In het veld', 'open', 0, 0,"
                " :no, :now, :now)",
            ):
                connection.execute(text(statement), {"now": now, "yes": True, "no": False})

        upgrade(revision="c3e7a9b1d5f6")
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, municipality_id FROM contribution ORDER BY id")
            ).all()
        assert [tuple(row) for row in rows] == [(1, 1), (2, 2)]

        downgrade(revision="a1c5e7d9f3b2")
        with db.engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("contribution")}
        assert "municipality_id" not in columns
        assert _row_counts_of("contribution") == {"contribution": 2}
        db.engine.dispose()


def _row_counts_of(*tables) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table: connection.scalar(text(f"SELECT count(*) FROM {table}")) for table in tables}


def _enum_checks() -> dict[tuple[str, str], list[str]]:
    """(table, constraint name) -> the values, for every enum column of the models."""
    return {
        (table.name, f"ck_{table.name}_{column.name}_known"): list(column.type.enums)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Enum)
    }


def _checks_in_database() -> dict[tuple[str, str], str]:
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        return {
            (table, check["name"]): check["sqltext"]
            for table in inspector.get_table_names()
            for check in inspector.get_check_constraints(table)
        }


def _row_counts() -> dict[str, int]:
    """Rows per model table that exists at the database's revision (tables of later
    migrations are gone after a downgrade)."""
    present = _tables()
    return _row_counts_of(*(t.name for t in db.metadata.sorted_tables if t.name in present))


def test_every_enum_column_has_a_check_with_its_values_in_the_database(app):
    in_database = _checks_in_database()
    expected = _enum_checks()
    assert len(expected) >= 18
    for key, values in expected.items():
        assert key in in_database, key
        assert all(f"'{value}'" in in_database[key] for value in values), (key, in_database[key])


def _found_by_search(word: str) -> list[int]:
    from wijkplatform.contributions.queries import ListFilters, list_contributions

    db.session.expire_all()
    return [c.id for c in list_contributions(ListFilters(q=word), per_page=50).items]


def test_enum_check_migration_keeps_the_demo_and_goes_down_and_up(make_app, scratch_url):
    from wijkplatform.demo import load_demo

    app = make_app(SQLALCHEMY_DATABASE_URI=scratch_url)
    with app.app_context():
        # The demo is written by today's models, so at the head; then down past the enum
        # checks (and the migrations after them) and up again, with the data in place.
        upgrade()
        load_demo(echo=lambda line: None)
        db.session.commit()
        before = _row_counts()
        assert before["vote"] and before["comment"] and before["opgave_evidence"]
        assert before["moderation_event"] and before["indicator_value"]
        db.session.remove()

        downgrade(revision=BEFORE_ENUM_CHECKS)
        # Tables made by later migrations (such as the review figures) are gone now; every
        # table that stays keeps its rows: nothing deleted with a copied table.
        before = {table: rows for table, rows in before.items() if table in _tables()}
        assert _row_counts_of(*before) == before
        assert not set(_enum_checks()) & set(_checks_in_database())
        contribution_id = db.session.scalar(text("SELECT min(id) FROM contribution"))
        db.session.remove()

        upgrade()
        assert _row_counts_of(*before) == before
        assert set(_enum_checks()) <= set(_checks_in_database())
        # Search still follows the text (SQLite's full-text triggers were made again).
        db.session.execute(
            text("UPDATE contribution SET title = 'Zonnepanelenfeest op het plein' WHERE id = :id"),
            {"id": contribution_id},
        )
        db.session.commit()
        assert _found_by_search("Zonnepanelenfeest") == [contribution_id]
        db.session.remove()
        db.engine.dispose()


REFUSED_BULK_WRITES = {
    "a report about an unknown kind of item": (
        "INSERT INTO flag (reporter_id, target_type, target_id, neighbourhood_id, reason,"
        " created_at) VALUES (:user, 'contribution', :contribution, :neighbourhood, 'spam',"
        " :now), (:user, 'rumour', :contribution, :neighbourhood, 'spam', :now)"
    ),
    "a moderation log line with an unknown action": (
        "INSERT INTO moderation_event (action, target_type, target_id, created_at)"
        " VALUES ('shadow_banned', 'contribution', :contribution, :now)"
    ),
    "contributions moved to an unknown status": (
        "UPDATE contribution SET status = 'deleted' WHERE neighbourhood_id = :neighbourhood"
    ),
    "a contribution of an unknown kind": (
        "INSERT INTO contribution (kind, neighbourhood_id, author_id, title, body, status,"
        " support_count, comment_count, hidden, created_at, updated_at) VALUES ('complaint',"
        " :neighbourhood, :user, 'Een titel', 'Tekst', 'open', 0, 0, false, :now, :now)"
    ),
}


@pytest.mark.parametrize("statement", REFUSED_BULK_WRITES.values(), ids=REFUSED_BULK_WRITES)
def test_database_refuses_a_value_the_code_does_not_know(app, statement):
    from tests.factories import ContributionFactory, NeighbourhoodFactory, resident

    neighbourhood = NeighbourhoodFactory()
    user = resident(neighbourhood)
    contribution = ContributionFactory(neighbourhood=neighbourhood, author=user)
    db.session.commit()
    values = {
        "user": user.id,
        "neighbourhood": neighbourhood.id,
        "contribution": contribution.id,
        "now": datetime.now(UTC),
    }
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(text(statement), values)
    with db.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM flag")) == 0
        assert connection.scalar(text("SELECT count(*) FROM moderation_event")) == 0
        statuses = connection.scalars(text("SELECT DISTINCT status FROM contribution")).all()
    assert statuses == ["open"]
