"""Database connection settings chosen from measurements (issue 18, bench/roundtrips.py)."""

from __future__ import annotations

import pytest

import config
from wijkplatform.extensions import db


def test_sqlite_options_stay_as_configured():
    options = {"pool_pre_ping": True}
    assert config.engine_options("sqlite:///x.sqlite", options) == options


def test_postgresql_never_prepares_statements_unless_told_otherwise():
    url = "postgresql+psycopg://app@db/wijk"
    options = config.engine_options(url, {"pool_pre_ping": True})
    assert options == {"pool_pre_ping": True, "connect_args": {"prepare_threshold": None}}
    chosen = config.engine_options(url, {"connect_args": {"prepare_threshold": 5}})
    assert chosen["connect_args"] == {"prepare_threshold": 5}


def test_pre_ping_is_on_unless_switched_off():
    assert config.Config.SQLALCHEMY_ENGINE_OPTIONS["pool_pre_ping"] is True
    assert config._flag("DATABASE_PRE_PING", True, environ={"DATABASE_PRE_PING": "false"}) is False


def test_app_connections_to_postgresql_do_not_prepare(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: run with TEST_DATABASE_URL")
    connection = db.engine.raw_connection()
    try:
        assert connection.driver_connection.prepare_threshold is None
    finally:
        connection.close()
