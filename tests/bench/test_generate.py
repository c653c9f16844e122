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
            "backer_mismatch": 0,
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
    # The generator fills the kept figure (opgaven/backers.py) as the votes say.
    assert first.residents_behind == queries.residents_behind_live(opgaven[0])
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
    base = f"/neighbourhoods/{summary.slugs[0]}/team-design"
    for page in ("/worksheet", "/plan", "/", "/start-document"):
        assert client.get(base + page).status_code == 200, page
    assert "Actie 40" in client.get(base + "/plan").get_data(as_text=True)


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
    # The comments carry their HTML as the app stores it, so the thread renders none.
    from wijkplatform.contributions.services.comments import stale_html_ids

    assert stale_html_ids() == []
    assert "Meer reacties tonen" in page.get_data(as_text=True)


def test_sizes_take_explicit_numbers_and_every_endpoint_names_its_view():
    size = generate.parse_size("small", contributions=123)
    assert size.contributions == 123
    assert size.residents == generate.SIZES["small"].residents
    assert all(endpoint.view for endpoint in run.ENDPOINTS)


REVIEW_QUERY_BUDGET = 25


def test_review_page_of_the_generated_city_stays_within_its_query_budget(
    app, client, count_queries
):
    from wijkplatform.review import tallies

    summary = _generate()
    tallies.refresh_all()
    db.session.commit()
    response = client.post(
        "/account/login", data={"email": summary.reviewer_email, "password": generate.PASSWORD}
    )
    assert response.status_code == 302
    client.get("/review/")
    with count_queries() as statements:
        page = client.get("/review/")
    assert page.status_code == 200
    assert summary.slugs[-1] in page.get_data(as_text=True)
    assert len(statements) <= REVIEW_QUERY_BUDGET, "\n".join(statements)


def test_peer_size_is_one_neighbourhood_with_the_published_numbers(app, client):
    """`make bench SIZE=peer`: 5,000 contributions, 50,000 supports and 20,000 comments in
    one neighbourhood. A tiny city of the same shape (one neighbourhood) generates and
    serves the measured pages."""
    peer = generate.SIZES["peer"]
    assert (peer.neighbourhoods, peer.contributions, peer.supports, peer.comments) == (
        1,
        5_000,
        50_000,
        20_000,
    )
    tiny = generate.Size(
        neighbourhoods=1, residents=60, contributions=40, supports=400, comments=350,
        spare_voters=10,
    )  # fmt: skip
    db.session.remove()
    with db.engine.begin() as connection:
        summary = generate.generate(connection, tiny, echo=lambda line: None)
    assert db.session.scalar(select(func.count()).select_from(Contribution)) == 40
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 400
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 350
    with db.engine.connect() as connection:
        assert generate.check_counters(connection) == {
            "support_mismatch": 0,
            "comment_mismatch": 0,
            "duplicate_votes": 0,
            "backer_mismatch": 0,
        }
    slug = summary.slugs[0]
    assert client.get(f"/neighbourhoods/{slug}/contributions/").status_code == 200
    municipality = client.get("/municipalities/GM9999/contributions/")
    assert municipality.status_code == 200
    assert "Bijdrage" in municipality.get_data(as_text=True)
    assert client.get(f"/contributions/{summary.thread_contribution_id}").status_code == 200
