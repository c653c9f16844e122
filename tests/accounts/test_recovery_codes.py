"""Recovery codes for two-factor login: ten single-use codes, shown once, stored as keyed
hashes; the login's second step takes one instead of the app's code, spends it and says how
many are left; new codes void the old ones; turning two-factor login off deletes them."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, TOTP_SECRET, NeighbourhoodFactory, admin, moderator
from wijkplatform.accounts import recovery_codes
from wijkplatform.accounts.models import RecoveryCode
from wijkplatform.extensions import db

CODE = re.compile(r"<li><code>([A-Z2-9]{5}-[A-Z2-9]{5})</code></li>")


def _half_logged_in(client, user):
    user.totp_last_step = None
    db.session.commit()
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/login/code"


def _codes_for(user) -> list[str]:
    codes = recovery_codes.generate(user)
    db.session.commit()
    return codes


def test_ten_codes_are_made_and_only_hashes_are_stored(app):
    user = moderator(NeighbourhoodFactory(), totp_secret=TOTP_SECRET)
    codes = _codes_for(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code) for code in codes)
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    for code in codes:
        assert all(code not in value and code.replace("-", "") not in value for value in stored)


def test_codes_need_two_factor_login_first(app):
    from wijkplatform.core.errors import DomainError

    user = moderator(NeighbourhoodFactory())
    with pytest.raises(DomainError):
        recovery_codes.generate(user)


def test_login_with_a_recovery_code_spends_it_and_says_how_many_are_left(client):
    user = admin()
    codes = _codes_for(user)
    _half_logged_in(client, user)
    # Typed in lower case with a space instead of the dash: still the same code.
    response = client.post("/account/login/code", data={"code": codes[0].lower().replace("-", " ")})
    assert response.headers["Location"] == "/account/"
    page = client.get("/account/").get_data(as_text=True)
    assert "Je hebt een herstelcode gebruikt. Je hebt nog 9 herstelcodes." in page
    assert recovery_codes.count_left(user) == 9


def test_a_spent_recovery_code_is_refused_the_second_time(client):
    user = admin()
    codes = _codes_for(user)
    _half_logged_in(client, user)
    assert client.post("/account/login/code", data={"code": codes[3]}).status_code == 302
    client.post("/account/logout")
    _half_logged_in(client, user)
    response = client.post("/account/login/code", data={"code": codes[3]})
    assert response.status_code == 422
    assert 'id="code-error"' in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302
    assert recovery_codes.count_left(user) == 9


@pytest.mark.parametrize("code", ["ABCDE-FGHJK", "12345", "not a code at all", "0000000"])
def test_a_wrong_code_at_the_second_step_is_refused_with_a_message(client, code):
    user = admin()
    _codes_for(user)
    _half_logged_in(client, user)
    response = client.post("/account/login/code", data={"code": code})
    assert response.status_code == 422
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert recovery_codes.count_left(user) == 10


def test_a_code_of_another_account_is_refused(client):
    user = admin(email="een@example.nl")
    other = admin(email="twee@example.nl")
    others_codes = _codes_for(other)
    _codes_for(user)
    _half_logged_in(client, user)
    assert client.post("/account/login/code", data={"code": others_codes[0]}).status_code == 422
    assert recovery_codes.count_left(other) == 10


def test_the_app_code_still_works_beside_the_recovery_codes(client):
    user = admin()
    _codes_for(user)
    _half_logged_in(client, user)
    response = client.post("/account/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/account/"
    assert recovery_codes.count_left(user) == 10


def test_recovery_codes_count_toward_the_code_guess_limit(make_app):
    app = make_app(TWO_FACTOR_ACCOUNT_RATE_LIMIT="3 per hour")
    with app.app_context():
        user = admin(email="beheer@example.nl")
        codes = _codes_for(user)
        statuses = []
        for n in range(4):
            client = app.test_client()
            _half_logged_in(client, user)
            response = client.post(
                "/account/login/code",
                data={"code": "ZZZZZ-ZZZZ" + str(n + 2)},
                environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
            )
            statuses.append(response.status_code)
        assert statuses == [422, 422, 422, 429]
        # Even a right code waits once the limit is reached.
        client = app.test_client()
        _half_logged_in(client, user)
        assert client.post("/account/login/code", data={"code": codes[0]}).status_code == 429


def test_new_codes_make_the_old_ones_stop_working(client, login):
    user = admin()
    old = _codes_for(user)
    login(user)
    page = client.get("/account/two-factor/recovery-codes").get_data(as_text=True)
    assert "Je hebt 10 ongebruikte herstelcodes." in page
    response = client.post("/account/two-factor/recovery-codes")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    new = CODE.findall(response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert recovery_codes.use(user, old[0]) is None
    assert recovery_codes.use(user, new[0]) == 9


def test_making_new_codes_asks_for_the_password_when_the_last_check_is_old(client, login):
    user = admin()
    old = _codes_for(user)
    login(user)
    with client.session_transaction() as session:
        session["_auth_at"] = time.time() - 20 * 60
    response = client.post("/account/two-factor/recovery-codes")
    assert response.status_code == 302
    assert "/account/confirm-password" in response.headers["Location"]
    assert recovery_codes.use(user, old[0]) == 9  # nothing changed


def test_turning_on_two_factor_login_shows_the_codes_once(client, login):
    user = moderator(NeighbourhoodFactory())
    login(user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    shown = response.get_data(as_text=True)
    codes = CODE.findall(shown)
    assert len(codes) == 10
    assert "Druk deze pagina af" in shown
    # Never again: the page for the codes shows only how many are left.
    later = client.get("/account/two-factor/recovery-codes").get_data(as_text=True)
    assert not CODE.findall(later) and codes[0] not in later


def test_account_page_warns_when_few_codes_are_left(client, login):
    user = admin()
    codes = _codes_for(user)
    login(user)
    assert 'id="recovery-codes-warning"' not in client.get("/account/").get_data(as_text=True)
    for code in codes[:7]:
        recovery_codes.use(user, code)
    db.session.commit()
    page = client.get("/account/").get_data(as_text=True)
    assert 'id="recovery-codes-warning"' in page
    assert "Je hebt nog 3 herstelcodes." in page


def test_turning_two_factor_login_off_deletes_the_codes(client, login):
    user = moderator(NeighbourhoodFactory(), totp_secret=TOTP_SECRET)
    codes = _codes_for(user)
    login(user)
    response = client.post("/account/two-factor/off")
    assert response.headers["Location"] == "/account/"
    db.session.refresh(user)
    assert user.totp_secret is None
    assert db.session.scalars(select(RecoveryCode)).all() == []
    assert recovery_codes.use(user, codes[0]) is None


def test_a_role_that_needs_two_factor_login_cannot_turn_it_off(client, login):
    user = admin()
    _codes_for(user)
    login(user)
    assert "/account/two-factor/off" not in client.get("/account/").get_data(as_text=True)
    client.post("/account/two-factor/off")
    page = client.get("/account/").get_data(as_text=True)
    assert "Voor jouw rol is inloggen in twee stappen verplicht. Het blijft aan." in page
    db.session.refresh(user)
    assert user.totp_secret == TOTP_SECRET
    assert recovery_codes.count_left(user) == 10


def test_export_counts_the_codes_and_never_holds_one(client, login):
    user = admin()
    codes = _codes_for(user)
    login(user)
    response = client.get("/account/data/export.json")
    data = response.get_json()
    assert data["recovery_codes"] == {"unused_codes": 10}
    body = response.get_data(as_text=True)
    assert all(code not in body and code.replace("-", "") not in body for code in codes)
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert all(value not in body for value in stored)


def test_erasure_deletes_the_codes(client, login):
    user = moderator(NeighbourhoodFactory(), totp_secret=TOTP_SECRET)
    _codes_for(user)
    login(user)
    response = client.post("/account/data/erase", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert db.session.scalars(select(RecoveryCode)).all() == []
