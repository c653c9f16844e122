"""Alembic environment: the app's engine and metadata, batch mode for SQLite."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")


def _database():
    return current_app.extensions["migrate"].db


def _metadata():
    return _database().metadata


config.set_main_option(
    "sqlalchemy.url",
    _database().engine.url.render_as_string(hide_password=False).replace("%", "%%"),
)


def include_object(obj, name, type_, reflected, compare_to):
    # Hand-made tables and indexes (such as full-text search) registered by the features.
    from wijkplatform.core.db import include_object as include

    return include(obj, name, type_, reflected, compare_to)


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=_metadata(),
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        # Do not write an empty migration when nothing changed.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    configure_args = dict(current_app.extensions["migrate"].configure_args)
    configure_args.setdefault("process_revision_directives", process_revision_directives)
    configure_args.setdefault("include_object", include_object)

    with _database().engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(connection=connection, target_metadata=_metadata(), **configure_args)
            with context.begin_transaction():
                _wait_for_other_migrations(connection)
                context.run_migrations()
                if sqlite:
                    _refuse_broken_references(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


# Any fixed number, the same on every app server: the key of PostgreSQL's advisory lock.
MIGRATION_LOCK_KEY = 7_305_142_019


def _wait_for_other_migrations(connection) -> None:
    """Several app servers may run `flask db upgrade` as they start. On PostgreSQL the first
    takes a transaction-level advisory lock; the others wait for it here, before Alembic reads
    the version table, and then find the database at the head with nothing left to do. The
    lock ends with the migration's transaction. SQLite is one machine: its write lock is
    enough."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy import text

        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def _sqlite_foreign_keys(connection, *, on: bool) -> None:
    """Batch mode on SQLite copies a table and drops the old one. With foreign keys on, that
    drop deletes every row that refers to the old table (ON DELETE CASCADE): a migration of
    `contribution` would delete every vote and comment. The pragma only works outside a
    transaction, so it is set on the driver connection before Alembic begins one."""
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _refuse_broken_references(connection) -> None:
    """With foreign keys off nothing checked the references: check them all before commit."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the migration left rows that refer to nothing: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
