"""Only the site's own host names are answered (TRUSTED_HOSTS, plus the host of PUBLIC_URL);
every absolute address is built from PUBLIC_URL, never from the Host header."""

from __future__ import annotations

import pytest

from tests.conftest import sent_mails
from tests.factories import PASSWORD, NeighbourhoodFactory, UserFactory
from wijkplatform.core.urls import public_url
from wijkplatform.extensions import db

REFUSED = "Er ging iets mis met je verzoek"


@pytest.mark.parametrize("path", ["/", "/account/login", "/neighbourhoods/"])
def test_a_request_for_another_host_gets_the_translated_400_page(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert REFUSED in html
    assert "evil.example" not in html
    assert "Content-Security-Policy" in response.headers


def test_an_api_request_for_another_host_gets_a_400_problem(client):
    response = client.get("/api/v1/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 400
    assert "evil.example" not in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers


def test_a_login_for_another_host_is_refused_before_the_password_is_checked(client):
    user = UserFactory(email="henk@example.nl")
    db.session.commit()
    response = client.post(
        "/account/login",
        data={"email": "henk@example.nl", "password": PASSWORD},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400
    assert client.get("/account/").status_code == 302  # not logged in
    db.session.refresh(user)
    assert user.last_login_at is None


def test_a_registration_for_another_host_sends_no_mail(make_app):
    """The attack of issue 14: a confirmation mail linking to http://evil.example/…"""
    app = make_app(REQUIRE_EMAIL_CONFIRMATION=True)
    with app.app_context():
        neighbourhood = NeighbourhoodFactory()
        db.session.commit()
        form = {
            "email": "nieuw@example.nl",
            "display_name": "Nieuwe buur",
            "password": "lange wandeling langs de haven",
            "password_confirm": "lange wandeling langs de haven",
            "neighbourhood_id": str(neighbourhood.id),
        }
    response = app.test_client().post(
        "/account/register", data=form, headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    assert not any("evil.example" in sent.body for sent in sent_mails(app))
    assert len(sent_mails(app)) == 0


@pytest.mark.parametrize(
    "host", ["localhost", "127.0.0.1:5123", "LOCALHOST", "localhost:80"]
)  # fmt: skip
def test_the_own_host_names_are_answered(client, host):
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_the_host_of_public_url_is_always_trusted(make_app):
    app = make_app(PUBLIC_URL="https://wijk.example/platform", TRUSTED_HOSTS=[])
    client = app.test_client()
    assert client.get("/", headers={"Host": "wijk.example"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost"}).status_code == 400


def test_health_checks_answer_the_balancer_asking_by_address(client):
    for path in ("/healthz", "/readyz"):
        assert client.get(path, headers={"Host": "10.0.0.5:8000"}).status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_host_is_checked(make_app):
    client = make_app(TRUSTED_PROXY_COUNT=1).test_client()
    forwarded_evil = client.get(
        "/api/v1/", headers={"Host": "localhost", "X-Forwarded-Host": "evil.example"}
    )
    assert forwarded_evil.status_code == 400
    # The proxy talks to the app by an internal name; the public name it passes on counts.
    response = client.get(
        "/api/v1/", headers={"Host": "app-server-2:8000", "X-Forwarded-Host": "localhost"}
    )
    assert response.status_code == 200
    assert response.get_json()["municipalities"] == "http://localhost/api/v1/municipalities"


def test_without_a_trusted_proxy_a_forwarded_host_changes_nothing(client):
    response = client.get("/api/v1/", headers={"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 200
    assert "evil.example" not in response.get_data(as_text=True)


def test_api_addresses_come_from_public_url_whatever_host_was_asked(client):
    # 127.0.0.1 is trusted (local trials, browser tests) but is not the public address.
    response = client.get("/api/v1/", base_url="http://127.0.0.1:5123")
    assert response.headers["Cache-Control"].startswith("public")
    assert set(response.get_json().values()) == {
        "http://localhost/api/v1/openapi.json",
        "http://localhost/api/v1/municipalities",
        "http://localhost/api/v1/neighbourhoods",
        "http://localhost/api/v1/indicators",
        "http://localhost/api/v1/contributions",
    }
    document = client.get("/api/v1/openapi.json", base_url="http://127.0.0.1:5123").get_json()
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]


def test_public_url_works_outside_a_request_and_keeps_a_path_prefix_once(make_app):
    app = make_app(PUBLIC_URL="https://wijk.example/platform/")
    with app.app_context():  # the command line and jobs have no request
        assert (
            public_url("contributions.detail", contribution_id=7)
            == "https://wijk.example/platform/contributions/7"
        )
        assert public_url("api.index") == "https://wijk.example/platform/api/v1/"
    with app.test_request_context("/", base_url="https://wijk.example/platform"):
        assert public_url("api.index", _anchor="top") == "https://wijk.example/platform/api/v1/#top"
