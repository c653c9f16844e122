"""Declarative base with a constraint naming convention and the timestamp mixin."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints from the first migration on, so later migrations can alter them on
# both SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Tables and indexes a feature makes by hand in its migration, outside the models (such as
# full-text search); autogenerate and the models-match-migrations test leave them alone.
HAND_MADE_TABLES: set[str] = set()
HAND_MADE_INDEXES: set[str] = set()


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: skip reflected hand-made tables and indexes."""
    if reflected and type_ == "table" and name in HAND_MADE_TABLES:
        return False
    return not (reflected and type_ == "index" and name in HAND_MADE_INDEXES)


def enum_column(enum_class, column: str) -> Enum:
    """Store an enum by its value as a short string, portable between databases.

    A CHECK constraint `ck_<table>_<column>_known` lets the database itself refuse a value
    the code does not know (a bulk load or a hand-written UPDATE never passes through the
    models). `column` is the name of the column, so the constraint name is predictable and
    a later migration can find it; adding a member to the enum needs a migration that
    replaces the constraint.
    """
    return Enum(
        enum_class,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        create_constraint=True,
        name=f"{column}_known",
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


# Set for requests that may write (POST and friends): on SQLite their transaction starts
# with BEGIN IMMEDIATE, so a second writer waits (busy_timeout) instead of failing with
# "database is locked" when it upgrades a read transaction to a write.
write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    """WAL, foreign keys and a busy timeout for every SQLite connection."""
    if not _is_sqlite(dbapi_connection):
        return
    # SQLAlchemy emits BEGIN itself (see _begin_sqlite), not the sqlite3 module.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    # On the driver connection itself, so statement counters see only real queries.
    connection.connection.driver_connection.execute(
        "BEGIN IMMEDIATE" if write_intent.get() else "BEGIN"
    )


def _mark_write_intent() -> None:
    from flask import request

    write_intent.set(request.method not in {"GET", "HEAD", "OPTIONS"})


def _clear_write_intent(error=None) -> None:
    write_intent.set(False)


def init_app(app) -> None:
    app.before_request(_mark_write_intent)
    app.teardown_request(_clear_write_intent)
