"""The support count stays exact when many residents vote at the same moment.

A real server (werkzeug, threaded) runs on 127.0.0.1 on a free port; every resident logs in
with their own cookie jar, and all votes are fired at once from threads, each resident
clicking twice. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import http.cookiejar
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from tests.factories import PASSWORD, ContributionFactory, UserFactory
from wijkplatform.contributions.models import Contribution, Vote
from wijkplatform.extensions import db

RESIDENTS = 20
CLICKS_EACH = 2


@pytest.fixture
def live_server(make_app):
    app = make_app(RATELIMIT_ENABLED=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def _session(base_url: str, email: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    data = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
    with opener.open(f"{base_url}/account/login", data=data, timeout=30) as response:
        assert response.status == 200
        assert response.url.endswith("/account/"), "login failed"
    return opener


def _fire_together(openers, url: str, values_for) -> list[str]:
    """POST to `url` from every opener CLICKS_EACH times, all released at one moment."""
    barrier = threading.Barrier(len(openers) * CLICKS_EACH)
    problems: list[str] = []

    def click(index, opener):
        data = urllib.parse.urlencode(values_for(index)).encode()
        barrier.wait(timeout=30)
        try:
            with opener.open(url, data=data, timeout=60) as response:
                if response.status != 200:
                    problems.append(f"status {response.status}")
        except urllib.error.HTTPError as error:
            problems.append(f"HTTP {error.code}")
        except Exception as error:
            problems.append(repr(error))

    threads = [
        threading.Thread(target=click, args=(index, opener))
        for index, opener in enumerate(openers)
        for _ in range(CLICKS_EACH)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return problems


def _stored(contribution_id: int) -> tuple[int, int]:
    db.session.remove()
    count = db.session.scalar(
        select(Contribution.support_count).where(Contribution.id == contribution_id)
    )
    votes = db.session.scalar(
        select(func.count()).select_from(Vote).where(Vote.contribution_id == contribution_id)
    )
    return count, votes


def _tallied(neighbourhood_id: int) -> int:
    """The supports the municipal review counted (review/tallies.py, an upsert per support)."""
    from wijkplatform.review.models import ALL_CATEGORIES, ReviewTally

    return db.session.scalar(
        select(func.coalesce(func.sum(ReviewTally.supports), 0)).where(
            ReviewTally.neighbourhood_id == neighbourhood_id,
            ReviewTally.category == ALL_CATEGORIES,
        )
    )


def test_support_count_stays_exact_under_simultaneous_votes(live_server):
    app, base_url = live_server
    with app.app_context():
        contribution = ContributionFactory()
        users = [UserFactory() for _ in range(RESIDENTS)]
        db.session.commit()
        contribution_id = contribution.id
        neighbourhood_id = contribution.neighbourhood_id
        emails = [user.email for user in users]

        openers = [_session(base_url, email) for email in emails]
        url = f"{base_url}/contributions/{contribution_id}/support"

        started = time.perf_counter()
        problems = _fire_together(openers, url, lambda index: {"supported": "1"})
        elapsed = time.perf_counter() - started
        assert problems == []
        assert _stored(contribution_id) == (RESIDENTS, RESIDENTS)
        assert _tallied(neighbourhood_id) == RESIDENTS

        # Half withdraw their support while the other half click "support" again.
        half = RESIDENTS // 2
        problems = _fire_together(
            openers, url, lambda index: {"supported": "0" if index < half else "1"}
        )
        assert problems == []
        assert _stored(contribution_id) == (RESIDENTS - half, RESIDENTS - half)
        assert _tallied(neighbourhood_id) == RESIDENTS - half
        print(
            f"\n{db.engine.dialect.name}: {RESIDENTS * CLICKS_EACH} simultaneous support "
            f"requests in {elapsed:.2f} s, count exact"
        )
