"""Keyboard and screen-reader users keep their place (issue 20, item 3): htmx answers say
what to announce and where focus goes; without JavaScript the redirect returns to the item."""

from __future__ import annotations

from tests.factories import ContributionFactory, NeighbourhoodFactory, resident
from wijkplatform.extensions import db

HTMX = {"HX-Request": "true"}


def _setup(login):
    neighbourhood = NeighbourhoodFactory()
    contribution = ContributionFactory(neighbourhood=neighbourhood)
    user = resident(neighbourhood)
    login(user)
    return neighbourhood, contribution


def test_support_without_javascript_returns_to_the_card_in_the_list(client, login):
    neighbourhood, contribution = _setup(login)
    listing = f"/neighbourhoods/{neighbourhood.slug}/contributions/?sort=new"
    response = client.post(
        f"/contributions/{contribution.id}/support", data={"supported": "1", "next": listing}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"{listing}#contribution-{contribution.id}-votes"


def test_follow_without_javascript_returns_to_the_follow_control(client, login):
    _neighbourhood, contribution = _setup(login)
    response = client.post(f"/contributions/{contribution.id}/follow", data={"following": "1"})
    assert response.headers["Location"].endswith(
        f"/contributions/{contribution.id}#contribution-{contribution.id}-follow"
    )


def test_htmx_support_and_follow_say_what_happened(client, login):
    _neighbourhood, contribution = _setup(login)
    html = client.post(
        f"/contributions/{contribution.id}/support", data={"supported": "1"}, headers=HTMX
    ).get_data(as_text=True)
    assert 'data-announce="Bedankt voor je steun."' in html or "data-announce=" in html
    html = client.post(
        f"/contributions/{contribution.id}/follow", data={"following": "1"}, headers=HTMX
    ).get_data(as_text=True)
    assert "data-announce=" in html


def test_htmx_comment_moves_focus_to_the_new_reaction(client, login):
    _neighbourhood, contribution = _setup(login)
    response = client.post(
        f"/contributions/{contribution.id}/comments",
        data={"body": "Goed plan.", "stance": "for", "submission_key": "k1"},
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    db.session.expire_all()
    from wijkplatform.contributions.models import Comment

    comment = db.session.query(Comment).filter_by(contribution_id=contribution.id).one()
    assert f'data-focus="comment-{comment.id}"' in html
    assert "data-announce=" in html


def test_the_page_has_one_live_region_for_announcements(client):
    html = client.get("/").get_data(as_text=True)
    assert html.count('id="live-announcer"') == 1
    assert 'id="live-announcer" role="status" aria-live="polite"' in html
