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
