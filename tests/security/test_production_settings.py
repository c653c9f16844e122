"""Production refuses to start without the settings that keep it safe, and says which one."""

from __future__ import annotations

import os

import pytest

import config

GOOD = {
    "SECRET_KEY": "een-lange-willekeurige-waarde",
    "PUBLIC_URL": "https://wijkplatform.example.nl",
    "MAIL_SERVER": "smtp.example.nl",
    "RATELIMIT_STORAGE_URI": "redis://redis-host:6379/0",
}


def test_production_starts_with_every_setting_in_place():
    config.ProductionConfig.validate(GOOD)
    config.ProductionConfig.validate({**GOOD, "PUBLIC_URL": "https://example.nl/wijk/"})


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"PUBLIC_URL": ""}, "PUBLIC_URL must be set"),
        ({"PUBLIC_URL": "http://wijkplatform.example.nl"}, "must start with https://"),
        ({"PUBLIC_URL": "wijkplatform.example.nl"}, "is not an address"),
        ({"PUBLIC_URL": "https://wijkplatform.example.nl/?x=1"}, "is not an address"),
        ({"MAIL_SERVER": ""}, "MAIL_SERVER must be set"),
        ({"RATELIMIT_STORAGE_URI": ""}, "RATELIMIT_STORAGE_URI must name a shared store"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI must name a shared store"),
    ],
)
def test_production_refuses_to_start_and_names_the_setting(changes, named):
    with pytest.raises(RuntimeError, match="will not start in production") as refusal:
        config.ProductionConfig.validate({**GOOD, **changes})
    assert named in str(refusal.value)


def test_every_missing_setting_is_named_at_once():
    with pytest.raises(RuntimeError) as refusal:
        config.ProductionConfig.validate({})
    for name in ("SECRET_KEY", "PUBLIC_URL", "MAIL_SERVER", "RATELIMIT_STORAGE_URI"):
        assert name in str(refusal.value)


def test_plain_http_public_url_only_when_explicitly_allowed():
    config.ProductionConfig.validate(
        {**GOOD, "PUBLIC_URL": "http://wijk.test.lan", "PUBLIC_URL_ALLOW_HTTP": "1"}
    )


def test_the_app_refuses_to_start_from_the_environment(monkeypatch):
    from wijkplatform import create_app

    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MAIL_SERVER")
    monkeypatch.setenv("WIJKPLATFORM_CONFIG", "production")
    with pytest.raises(RuntimeError, match="MAIL_SERVER"):
        create_app()


def test_production_answers_only_its_public_host_unless_told_more(make_app):
    if os.environ.get("TRUSTED_HOSTS"):
        pytest.skip("TRUSTED_HOSTS is set in this environment")
    app = make_app(
        TRUSTED_HOSTS=config.ProductionConfig.TRUSTED_HOSTS, PUBLIC_URL="https://wijk.example"
    )
    client = app.test_client()
    assert client.get("/", headers={"Host": "wijk.example"}).status_code == 200
    for host in ("127.0.0.1", "localhost"):
        assert client.get("/", headers={"Host": host}).status_code == 400
