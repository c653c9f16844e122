"""No account enumeration through login timing; registration's trade-off is documented in
SECURITY.md (an address that is taken must be refused)."""

from __future__ import annotations

import time

from tests.factories import UserFactory
from wijkplatform.extensions import db


def _median_seconds(client, email, rounds=7):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.post("/account/login", data={"email": email, "password": "niet het wachtwoord"})
        times.append(time.perf_counter() - started)
    return sorted(times)[rounds // 2]


def test_login_for_unknown_and_known_address_takes_about_as_long(make_app):
    # Real password-hash cost, so a skipped hash check would stand out.
    app = make_app(PASSWORD_HASH_METHOD="scrypt", RATELIMIT_ENABLED=False)
    with app.app_context():
        from wijkplatform.accounts.services import hash_password

        UserFactory(email="henk@example.nl", password_hash=hash_password("iets heel anders"))
        db.session.commit()
        client = app.test_client()
        _median_seconds(client, "henk@example.nl", rounds=1)  # warm up the dummy hash
        known = _median_seconds(client, "henk@example.nl")
        unknown = _median_seconds(client, "niemand@example.nl")
    assert known > 0.005  # a real hash check happened
    assert 0.5 < unknown / known < 2.0


def test_registration_takes_as_long_for_a_taken_address(make_app):
    from tests.factories import NeighbourhoodFactory

    app = make_app(PASSWORD_HASH_METHOD="scrypt", RATELIMIT_ENABLED=False)
    with app.app_context():
        UserFactory(email="henk@example.nl")
        neighbourhood_id = NeighbourhoodFactory().id
        db.session.commit()
    client = app.test_client()

    def median(make_email, expected_status, rounds=5):
        times = []
        for n in range(rounds):
            started = time.perf_counter()
            response = client.post(
                "/account/register",
                data={"email": make_email(n), "display_name": "Henk",
                      "neighbourhood_id": neighbourhood_id,
                      "password": "een lange zin hier", "password_confirm": "een lange zin hier"},
            )  # fmt: skip
            times.append(time.perf_counter() - started)
            client.post("/account/logout")
            assert response.status_code == expected_status
        return sorted(times)[rounds // 2]

    taken = median(lambda n: "henk@example.nl", 422)  # the form says the address is taken
    new = median(lambda n: f"nieuw{n}@example.nl", 302)  # registered and logged in
    assert 0.5 < taken / new < 2.0
