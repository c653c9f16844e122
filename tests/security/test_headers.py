"""Security headers on every response of every route, for visitors and logged-in users."""

from __future__ import annotations

import pytest

from tests.factories import admin
from tests.security.routes import ROUTES, requests_to_try, samples
from wijkplatform.core.security import CONTENT_SECURITY_POLICY
from wijkplatform.extensions import db


def test_every_registered_route_is_in_the_routes_table(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert registered - set(ROUTES) == set(), "add the new routes to tests/security/routes.py"
    assert set(ROUTES) - registered == set(), "routes.py lists routes that no longer exist"


def test_every_registered_method_is_in_the_routes_table(app):
    for rule in app.url_map.iter_rules():
        methods = set(rule.methods) - {"HEAD", "OPTIONS"}
        assert methods == set(ROUTES[rule.endpoint].methods), rule.endpoint


def _assert_security_headers(response, *, secure=False, open_data=False):
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    if open_data:  # the read-only public API may be read by any site
        assert headers["Access-Control-Allow-Origin"] == "*"
    else:
        assert "Access-Control-Allow-Origin" not in headers  # no CORS: same-site only
    if response.mimetype == "text/html":
        assert "charset=utf-8" in headers["Content-Type"]
    if secure:
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    else:
        assert "Strict-Transport-Security" not in headers


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("who", ["visitor", "admin"])
def test_every_route_sends_the_security_headers(app, client, login, who, secure):
    values = samples()
    if who == "admin":
        login(admin())
    db.session.commit()
    base_url = "https://localhost" if secure else "http://localhost"
    checked = 0
    for endpoint, method, url in requests_to_try(values):
        if endpoint in {"accounts.logout", "accounts.erase_account"}:
            continue  # would end the session the rest of the walk needs; checked below
        response = client.open(url, method=method, base_url=base_url)
        response.close()
        assert response.status_code < 500, (endpoint, method, response.status_code)
        _assert_security_headers(response, secure=secure, open_data=url.startswith("/api/v1/"))
        # Pages for a logged-in user are never cached; public files (also the photo of a
        # public contribution: the same bytes for everyone) and open data may be.
        public_files = {"static", "contributions.photo"}
        if who == "admin" and endpoint not in public_files and not url.startswith("/api/v1/"):
            assert response.headers["Cache-Control"] == "no-store", endpoint
        checked += 1
    for url in ("/account/data/erase", "/account/logout"):
        response = client.post(url, base_url=base_url)
        _assert_security_headers(response, secure=secure)
        checked += 1
    assert checked >= len(ROUTES)


def test_error_pages_send_the_security_headers(client):
    _assert_security_headers(client.get("/bestaat/niet"))
    _assert_security_headers(client.get("/account/language"))  # 405


def test_https_behind_a_trusted_proxy_gets_hsts(make_app):
    app = make_app(TRUSTED_PROXY_COUNT=1)
    response = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_forwarded_https_is_ignored_without_a_trusted_proxy(client):
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_session_cookie_is_httponly_lax_and_secure_in_production(monkeypatch):
    import config

    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    assert config.Config.SESSION_COOKIE_HTTPONLY is True
    assert config.Config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.ProductionConfig.SESSION_COOKIE_SECURE is True
    assert config.ProductionConfig.REMEMBER_COOKIE_SECURE is True
    assert config.ProductionConfig.SESSION_COOKIE_NAME == "__Host-session"
    assert not getattr(config.ProductionConfig, "DEBUG", False)


def test_session_cookie_sent_with_secure_httponly_samesite(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    response = client.post("/account/language", data={"locale": "en"},
                           base_url="https://localhost")  # fmt: skip
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError):
        config.ProductionConfig.validate()


def test_logout_asks_the_browser_to_drop_cached_pages(client, login):
    from tests.factories import UserFactory

    login(UserFactory())
    response = client.post("/account/logout")
    assert response.headers["Clear-Site-Data"] == '"cache"'


@pytest.mark.parametrize(
    "path", ["/static/../config.py", "/static/%2e%2e/config.py", "/.git/config", "/static/"]
)
def test_no_files_outside_the_static_folder_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"SECRET_KEY" not in response.get_data()
