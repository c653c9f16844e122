"""Every moderation route for every role: one table, one parametrised test.

"allowed" means the route did its work (a page or a redirect after the change); a visitor
who is refused is sent to the login page, everyone else who is refused gets 403.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation import services

ROLES = ["visitor", "resident", "moderator elsewhere", "moderator", "reviewer", "admin"]
MODERATORS = {"moderator", "admin"}
LOG_READERS = {"moderator", "admin", "reviewer"}
SIGNED_IN = set(ROLES) - {"visitor"}


def _hidden_comment(w):
    services.hide(w.moderator, w.comment, reason="Kwetsend")
    db.session.commit()
    return w.comment.id


def _block(w):
    block = services.block(
        w.moderator,
        w.author,
        w.neighbourhood,
        until=utcnow().date() + timedelta(days=3),
        reason="Afkoelen",
    )
    db.session.commit()
    return block.id


def _photo(w):
    """A photo row on the sample contribution (its files are not needed here)."""
    from wijkplatform.contributions.photos.models import Photo

    photo = Photo(contribution_id=w.contribution.id, uploader_id=w.author.id, alt_text="Een hek",
                  key=f"{w.contribution.id:032x}", width=64, height=48, thumb_width=64,
                  thumb_height=48)  # fmt: skip
    db.session.add(photo)
    db.session.commit()
    return photo.id


UNTIL = (utcnow().date() + timedelta(days=5)).isoformat()

# name: (method, url(world), form data(world), roles allowed)
ROUTES = {
    "queue": ("GET", lambda w: "/moderation/oude-haven/", None, MODERATORS),
    "inbox": ("GET", lambda w: "/moderation/oude-haven/inbox", None, MODERATORS),
    "inbox more": ("GET", lambda w: "/moderation/oude-haven/inbox/more", None, MODERATORS),
    "log": ("GET", lambda w: "/moderation/oude-haven/log", None, LOG_READERS),
    "item": ("GET", lambda w: f"/moderation/oude-haven/contribution/{w.contribution.id}", None,
             LOG_READERS),
    "hide": ("POST", lambda w: f"/moderation/oude-haven/contribution/{w.contribution.id}/hide",
             lambda w: {"hide-reason": "Scheldwoorden"}, MODERATORS),
    "restore": ("POST", lambda w: f"/moderation/oude-haven/comment/{_hidden_comment(w)}/restore",
                lambda w: {"restore-reason": "In orde"}, MODERATORS),
    "dismiss": ("POST", lambda w: f"/moderation/oude-haven/comment/{w.comment.id}/dismiss",
                lambda w: {"dismiss-reason": ""}, MODERATORS),
    "merge": ("POST", lambda w: f"/moderation/oude-haven/contribution/{w.duplicate.id}/merge",
              lambda w: {"merge-survivor_id": w.contribution.id, "merge-reason": "Dubbel"},
              MODERATORS),
    "answer": ("POST", lambda w: f"/moderation/oude-haven/contribution/{w.contribution.id}/answer",
               lambda w: {"answer-status": "answered", "answer-body": "Zie het plan."},
               MODERATORS),
    "block form": ("GET", lambda w: f"/moderation/oude-haven/users/{w.author.id}/block", None,
                   MODERATORS),
    "block": ("POST", lambda w: f"/moderation/oude-haven/users/{w.author.id}/block",
              lambda w: {"until": UNTIL, "reason": "Afkoelen"}, MODERATORS),
    "lift block": ("POST", lambda w: f"/moderation/oude-haven/blocks/{_block(w)}/lift",
                   lambda w: {"reason": ""}, MODERATORS),
    "verify organisation": (
        "POST", lambda w: f"/moderation/oude-haven/organisations/{w.organisation.id}/verify",
        lambda w: {"reason": ""}, MODERATORS),
    "reject organisation": (
        "POST", lambda w: f"/moderation/oude-haven/organisations/{w.organisation.id}/reject",
        lambda w: {f"org{w.organisation.id}-reason": "Onbekend"}, MODERATORS),
    "report form": ("GET", lambda w: f"/moderation/report/contribution/{w.contribution.id}",
                    None, SIGNED_IN),
    "report": ("POST", lambda w: f"/moderation/report/comment/{w.comment.id}",
               lambda w: {"reason": "spam"}, SIGNED_IN),
    "notices": ("GET", lambda w: "/moderation/notices", None, SIGNED_IN),
    "remove photo form": ("GET", lambda w: f"/moderation/oude-haven/photos/{_photo(w)}/remove",
                          None, MODERATORS),
    "remove photo": ("POST", lambda w: f"/moderation/oude-haven/photos/{_photo(w)}/remove",
                     lambda w: {"reason": "Een kenteken in beeld"}, MODERATORS),
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(ROUTES))
def test_moderation_route_permissions(world, client, login, route, role):
    method, url, data, allowed = ROUTES[route]
    user = world.user(role)
    target = url(world)
    if user is not None:
        login(user)
    response = client.open(target, method=method, data=data(world) if data else None)
    if role in allowed:
        # A page is shown; a change is made and followed by a redirect (not to the login).
        expected = 200 if method == "GET" else 302
        assert response.status_code == expected, response.get_data(as_text=True)[:2000]
        if expected == 302:
            assert "/account/login" not in response.headers["Location"]
    elif role == "visitor":
        assert response.status_code == 302
        assert "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


def test_every_moderation_route_is_in_the_table(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("moderation.")}
    # block, report and remove photo share their form's address
    assert len(rules) == len(ROUTES) - 3
