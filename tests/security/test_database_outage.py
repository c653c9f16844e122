"""The database going away gives a friendly 503, and the next request works once it is
back (pool_pre_ping replaces dead connections). PostgreSQL only: we cut the app's
connections with pg_terminate_backend."""

from __future__ import annotations

import os

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.factories import NeighbourhoodFactory
from wijkplatform.extensions import db

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (TEST_DATABASE_URL); make test runs it",
)


def _terminate_app_connections(url: str) -> int:
    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port or 5432, user=parsed.username,
        dbname="postgres", autocommit=True,
    ) as admin:  # fmt: skip
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (parsed.database,),
        ).fetchall()
    return len(rows)


def test_connections_killed_between_requests_are_replaced(app, client):
    NeighbourhoodFactory(name="Lombok")
    db.session.commit()
    assert client.get("/neighbourhoods/").status_code == 200
    db.session.remove()
    assert _terminate_app_connections(app.config["SQLALCHEMY_DATABASE_URI"]) >= 1
    response = client.get("/neighbourhoods/")
    assert response.status_code == 200
    assert "Lombok" in response.get_data(as_text=True)


def test_database_lost_mid_request_gives_503_and_the_next_request_works(make_app):
    app = make_app()
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    @app.route("/test-outage")
    def outage():
        db.session.execute(text("SELECT 1"))  # the request has its connection ...
        _terminate_app_connections(url)  # ... and the database drops it
        db.session.execute(text("SELECT 1"))
        return "unreachable"

    client = app.test_client()
    response = client.get("/test-outage")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Het platform werkt nu even niet" in html and "Traceback" not in html
    assert client.get("/neighbourhoods/").status_code == 200
    assert client.get("/readyz").status_code == 200
