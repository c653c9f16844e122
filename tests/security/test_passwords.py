"""Password rules per NIST SP 800-63B: length 10 to 128, no composition rules, and no
password from the shipped list of most common passwords."""

from __future__ import annotations

import pytest

from wijkplatform.accounts import passwords
from wijkplatform.accounts.services import password_problem


def test_the_common_password_list_is_shipped_with_source_and_licence():
    text = passwords.COMMON_PASSWORDS_FILE.read_text(encoding="utf-8")
    assert "MIT License" in text and "zxcvbn" in text
    assert len(passwords.common_passwords()) > 10_000


@pytest.mark.parametrize(
    "password",
    ["wachtwoord", "Wachtwoord123", "1234567890", "qwertyuiop", "welkom2025", "PASSWORD123"],
)
def test_common_passwords_are_refused(app, password):
    assert password_problem(password) is not None


@pytest.mark.parametrize(
    "password",
    ["paarse fiets op het dak", "alllowercaseletters", "ZONDERCIJFERSOFTEKENS", "x" * 9 + "yz!"],
)
def test_long_uncommon_passwords_need_no_digits_or_symbols(app, password):
    assert password_problem(password) is None


def test_length_limits(app):
    assert password_problem("kort wacht") is None  # exactly 10
    assert password_problem("kortwacht") is not None  # 9
    assert password_problem("lang " * 25 + "abc") is None  # 128
    assert password_problem("lang " * 25 + "abcd") is not None  # 129


def test_registration_refuses_a_common_password_beside_the_field(client):
    from tests.factories import NeighbourhoodFactory
    from wijkplatform.extensions import db

    neighbourhood = NeighbourhoodFactory()
    db.session.commit()
    response = client.post(
        "/account/register",
        data={
            "email": "nieuw@example.nl",
            "display_name": "Nieuw",
            "neighbourhood_id": neighbourhood.id,
            "password": "wachtwoord123",
            "password_confirm": "wachtwoord123",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="password-error"' in html
    assert 'value="nieuw@example.nl"' in html


def test_long_passwords_are_not_truncated(app):
    from werkzeug.security import check_password_hash

    from wijkplatform.accounts.services import hash_password

    password = "een lange zin " * 9  # 126 characters
    stored = hash_password(password)
    assert stored.startswith("scrypt:")  # a salted, memory-hard KDF
    assert check_password_hash(stored, password)
    assert not check_password_hash(stored, password[:-1] + "X")


def test_any_unicode_is_allowed_in_passwords(app):
    assert password_problem("wachtwoord met ë, 漢字 en 🚲🚲") is None


def test_login_logs_neither_password_nor_address(client, caplog):
    import logging

    from tests.factories import PASSWORD, UserFactory
    from wijkplatform.extensions import db

    UserFactory(email="geheim.adres@example.nl")
    db.session.commit()
    with caplog.at_level(logging.DEBUG):
        client.post("/account/login", data={"email": "geheim.adres@example.nl", "password": "x"})
        client.post(
            "/account/login", data={"email": "geheim.adres@example.nl", "password": PASSWORD}
        )
    assert "login refused for user" in caplog.text and "passed the password check" in caplog.text
    assert "geheim.adres" not in caplog.text and PASSWORD not in caplog.text
