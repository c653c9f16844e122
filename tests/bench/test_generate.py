"""The city generator runs in the normal suite, so it cannot rot."""

from __future__ import annotations

from sqlalchemy import func, select

from bench import generate, run
from wijkplatform.contributions.models import Comment, Contribution, Vote
from wijkplatform.extensions import db

TINY = generate.Size(
    neighbourhoods=3, residents=60, contributions=30, supports=400, comments=350, spare_voters=10
)


def _generate():
    db.session.remove()
    with db.engine.begin() as connection:
        return generate.generate(connection, TINY, echo=lambda line: None)


def test_generated_city_has_the_asked_rows_and_counters_that_match_them(app):
    summary = _generate()
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 400
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 350
    assert db.session.scalar(select(func.sum(Contribution.support_count))) == 400
    thread = db.session.get(Contribution, summary.thread_contribution_id)
    assert thread.comment_count == generate.THREAD_COMMENTS
    with db.engine.connect() as connection:
        assert generate.check_counters(connection) == {
            "support_mismatch": 0,
            "comment_mismatch": 0,
            "duplicate_votes": 0,
        }
    assert summary.not_available == []
    assert len(summary.spare_voter_emails) == 10


def test_generated_city_has_opgaven_with_evidence_reactions_and_a_moderation_queue(app, client):
    from wijkplatform.moderation.models import Flag
    from wijkplatform.opgaven import queries
    from wijkplatform.opgaven.models import Opgave

    summary = _generate()
    opgaven = db.session.scalars(select(Opgave).order_by(Opgave.id)).all()
    assert len(opgaven) == TINY.opgaven
    first = queries.evidence(opgaven[0])
    assert first.count == 10  # every contribution of its neighbourhood (100 in a full city)
    assert first.residents_behind > 0
    assert queries.residents_reacted(opgaven[0]) > 0
    assert {o.status.value for o in opgaven} >= {"accepted", "submitted", "open_for_reactions"}
    assert client.get(f"/opgaven/{opgaven[0].id}").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Flag)) > 0
    response = client.post(
        "/account/login",
        data={"email": summary.moderator_emails[0], "password": generate.PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(f"/moderation/{summary.slugs[0]}/").status_code == 200


def test_spare_voters_have_no_generated_votes_and_can_log_in(app, client):
    summary = _generate()
    email = summary.spare_voter_emails[0]
    user_id = int(email.removeprefix("bewoner").split("@")[0])
    assert db.session.scalar(select(func.count()).where(Vote.user_id == user_id)) == 0
    response = client.post("/account/login", data={"email": email, "password": generate.PASSWORD})
    assert response.status_code == 302


def test_generated_city_serves_its_list_and_thread_pages(app, client):
    summary = _generate()
    slug = summary.slugs[0]
    assert client.get(f"/neighbourhoods/{slug}/contributions/?page=50").status_code == 200
    page = client.get(f"/contributions/{summary.thread_contribution_id}")
    assert page.status_code == 200


def test_sizes_take_explicit_numbers_and_every_endpoint_names_its_view():
    size = generate.parse_size("small", contributions=123)
    assert size.contributions == 123
    assert size.residents == generate.SIZES["small"].residents
    assert all(endpoint.view for endpoint in run.ENDPOINTS)
