"""Rate limits on posting, supporting and reporting: counted per person, a friendly 429 page,
and nothing saved beyond the limit. With Redis as storage too, where it runs."""

from __future__ import annotations

import os
import secrets

import pytest
from sqlalchemy import func, select

from tests.factories import ContributionFactory, NeighbourhoodFactory, resident
from wijkplatform.contributions.models import Comment, Contribution, Vote
from wijkplatform.extensions import db
from wijkplatform.moderation.models import Flag


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _login(client, email: str):
    response = client.post(
        "/account/login", data={"email": email, "password": "correct horse battery"}
    )
    assert response.status_code == 302


def _contribution_form(slug: str, number: int) -> dict:
    return {
        "neighbourhood": slug,
        "kind": "issue",
        "title": f"Te weinig bankjes in het park {number}",
        "body": "Oudere bewoners kunnen nergens even zitten.",
        "categories": ["community"],
        "submission_key": f"sleutel-{number}",
        "action": "publish",
    }


@pytest.fixture
def people(make_app):
    def build(**limits):
        app = make_app(**limits)
        with app.app_context():
            neighbourhood = NeighbourhoodFactory()
            first, second = resident(neighbourhood), resident(neighbourhood)
            contribution = ContributionFactory(neighbourhood=neighbourhood)
            other = ContributionFactory(neighbourhood=neighbourhood)
            db.session.commit()
            ids = {"slug": neighbourhood.slug, "contribution": contribution.id, "other": other.id}
            return app, first.email, second.email, ids

    return build


def test_posting_contributions_is_limited_per_person_and_nothing_more_is_saved(people):
    app, first, second, ids = people(POST_RATE_LIMIT="2 per minute")
    client, other = app.test_client(), app.test_client()
    with app.app_context():
        _login(client, first)
        _login(other, second)
        statuses = [
            client.post("/contributions/new", data=_contribution_form(ids["slug"], n)).status_code
            for n in range(3)
        ]
        assert statuses == [302, 302, 429]
        refused = client.post("/contributions/new", data=_contribution_form(ids["slug"], 9))
        assert "Te vaak geprobeerd" in refused.get_data(as_text=True)
        # Another resident, even from the same address, is not held back.
        response = other.post("/contributions/new", data=_contribution_form(ids["slug"], 5))
        assert response.status_code == 302
        assert _count(Contribution) == 2 + 3


def test_comments_are_limited(people):
    app, first, _second, ids = people(POST_RATE_LIMIT="2 per minute")
    client = app.test_client()
    with app.app_context():
        _login(client, first)
        url = f"/contributions/{ids['contribution']}/comments"
        statuses = [
            client.post(url, data={"body": f"Reactie {n}", "stance": "neutral"}).status_code
            for n in range(3)
        ]
        assert statuses == [302, 302, 429]
        assert _count(Comment) == 2


def test_support_is_limited_and_the_count_stays_exact(people):
    app, first, _second, ids = people(SUPPORT_RATE_LIMIT="3 per minute")
    client = app.test_client()
    with app.app_context():
        _login(client, first)
        url = f"/contributions/{ids['contribution']}/support"
        statuses = [client.post(url).status_code for _ in range(4)]
        assert statuses == [302, 302, 302, 429]
        contribution = db.session.get(Contribution, ids["contribution"])
        db.session.refresh(contribution)
        assert contribution.support_count == _count(Vote) == 1  # on, off, on; the 4th refused


def test_reports_are_limited(people):
    app, first, _second, ids = people(FLAG_RATE_LIMIT="1 per minute")
    client = app.test_client()
    with app.app_context():
        _login(client, first)
        first_report = client.post(
            f"/moderation/report/contribution/{ids['contribution']}", data={"reason": "spam"}
        )
        second_report = client.post(
            f"/moderation/report/contribution/{ids['other']}", data={"reason": "spam"}
        )
        assert (first_report.status_code, second_report.status_code) == (302, 429)
        assert _count(Flag) == 1


def test_reading_is_never_limited_by_the_posting_limit(people):
    app, first, _second, ids = people(POST_RATE_LIMIT="1 per minute")
    client = app.test_client()
    with app.app_context():
        _login(client, first)
        for _ in range(5):
            assert client.get(f"/contributions/new?neighbourhood={ids['slug']}").status_code == 200


def test_posting_limit_works_with_redis_storage(people):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    app, first, _second, ids = people(
        SUPPORT_RATE_LIMIT="2 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
        RATELIMIT_KEY_PREFIX=f"wijkplatform-test-{secrets.token_hex(4)}",
    )
    client = app.test_client()
    with app.app_context():
        _login(client, first)
        url = f"/contributions/{ids['contribution']}/support"
        assert [client.post(url).status_code for _ in range(3)] == [302, 302, 429]


def test_an_htmx_click_over_the_limit_shows_the_message_in_the_page(people):
    app, first, _second, ids = people(SUPPORT_RATE_LIMIT="1 per minute")
    client = app.test_client()
    with app.app_context():
        _login(client, first)
        url = f"/contributions/{ids['contribution']}/support"
        headers = {"HX-Request": "true"}
        assert client.post(url, headers=headers).status_code == 200
        refused = client.post(url, headers=headers)
        assert refused.status_code == 429
        assert refused.headers["HX-Retarget"] == "#flash-region"
        text = refused.get_data(as_text=True)
        assert "Te vaak geprobeerd" in text and "<html" not in text
        page = client.get(f"/contributions/{ids['contribution']}").get_data(as_text=True)
        assert 'id="flash-region"' in page
        assert '"code": "[45]..", "swap": true' in page  # htmx swaps it in
