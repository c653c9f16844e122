"""/healthz answers without the database; /readyz only when the database answers."""

from __future__ import annotations


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_answers_ok_with_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_without_database_healthz_is_ok_and_readyz_is_503(make_app):
    broken = make_app(SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent-directory/x.sqlite")
    client = broken.test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_health_checks_are_not_rate_limited(make_app):
    from wijkplatform.extensions import limiter

    # The limiter is shared by every app in the test run: undo the default limit after.
    try:
        client = make_app(RATELIMIT_DEFAULT="2 per minute").test_client()
        for _ in range(5):
            assert client.get("/healthz").status_code == 200
            assert client.get("/readyz").status_code == 200
        assert client.get("/privacy").status_code == 200
        assert client.get("/privacy").status_code == 200
        assert client.get("/privacy").status_code == 429  # the default limit applies elsewhere
    finally:
        limiter.limit_manager.set_default_limits([])
