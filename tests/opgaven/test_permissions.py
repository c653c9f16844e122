"""Who may do what with an Opgave: every role against every action, through the web."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.opgaven.conftest import draft
from wijkplatform.extensions import db
from wijkplatform.opgaven import services

ROLES = [
    "visitor",
    "resident",
    "resident elsewhere",
    "moderator",
    "moderator elsewhere",
    "reviewer",
    "reviewer elsewhere",
    "admin",
]
LOGIN = 302  # a visitor is sent to the login page
REFUSED = 403
HIDDEN = 404  # a draft not yet shown to residents does not exist for them

# (action, stage of the draft, method, url) -> outcome per role, in the order of ROLES.
# fmt: off
MATRIX = {
    ("read", "unpublished", "GET", "/opgaven/{id}"):
        [HIDDEN, HIDDEN, HIDDEN, 200, HIDDEN, 200, HIDDEN, 200],
    ("read", "open", "GET", "/opgaven/{id}"):
        [200, 200, 200, 200, 200, 200, 200, 200],
    ("export", "open", "GET", "/opgaven/{id}/export.md"):
        [200, 200, 200, 200, 200, 200, 200, 200],
    ("start", "open", "GET", "/neighbourhoods/oude-haven/opgaven/new"):
        [LOGIN, REFUSED, REFUSED, 200, REFUSED, REFUSED, REFUSED, REFUSED],
    ("edit", "open", "GET", "/opgaven/{id}/edit"):
        [LOGIN, REFUSED, REFUSED, 200, REFUSED, REFUSED, REFUSED, REFUSED],
    ("edit", "open", "POST", "/opgaven/{id}/edit"):
        [LOGIN, REFUSED, REFUSED, 302, REFUSED, REFUSED, REFUSED, REFUSED],
    ("link", "open", "GET", "/opgaven/{id}/evidence"):
        [LOGIN, REFUSED, REFUSED, 200, REFUSED, REFUSED, REFUSED, REFUSED],
    ("link", "open", "POST", "/opgaven/{id}/evidence"):
        [LOGIN, REFUSED, REFUSED, 302, REFUSED, REFUSED, REFUSED, REFUSED],
    ("react", "open", "GET", "/opgaven/{id}/react"):
        [LOGIN, 200, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
    ("react", "open", "POST", "/opgaven/{id}/react"):
        [LOGIN, 302, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
    ("close", "open", "POST", "/opgaven/{id}/reactions/close"):
        [LOGIN, REFUSED, REFUSED, 302, REFUSED, REFUSED, REFUSED, REFUSED],
    ("submit", "open", "POST", "/opgaven/{id}/submit"):
        [LOGIN, REFUSED, REFUSED, 302, REFUSED, REFUSED, REFUSED, REFUSED],
    ("decide", "submitted", "POST", "/opgaven/{id}/decision"):
        [LOGIN, REFUSED, REFUSED, REFUSED, REFUSED, 302, REFUSED, REFUSED],
    ("new draft", "accepted", "POST", "/opgaven/{id}/new-draft"):
        [LOGIN, REFUSED, REFUSED, 302, REFUSED, REFUSED, REFUSED, REFUSED],
}
# fmt: on

FORMS = {
    "/opgaven/{id}/edit": lambda world, opgave: {
        "title": opgave.title,
        "base_version": str(opgave.current_version),
        "task": "Een andere taak.",
    },
    "/opgaven/{id}/evidence": lambda world, opgave: {
        "contribution_id": str(world.issue.id),
        "section": "problems",
    },
    "/opgaven/{id}/react": lambda world, opgave: {"whole-answer": "yes"},
    "/opgaven/{id}/decision": lambda world, opgave: {"decision-decision": "accept"},
    # Open for reactions until a later day: submitting now needs the reason.
    "/opgaven/{id}/submit": lambda world, opgave: {"submit-reason": "De raad vergadert morgen."},
}


def _opgave(world, stage: str):
    opgave = draft(world)
    if stage != "unpublished":
        today = date.today()
        services.open_reactions(
            world.moderator, opgave, until=today + timedelta(days=14), today=today
        )
    if stage in ("submitted", "accepted"):
        services.submit(world.moderator, opgave, reason="De bewonersavond was al.", today=today)
    if stage == "accepted":
        services.accept(world.reviewer, opgave)
    db.session.commit()
    return opgave


@pytest.mark.parametrize(
    ("key", "role", "expected"),
    [
        (key, role, outcome)
        for key, outcomes in MATRIX.items()
        for role, outcome in zip(ROLES, outcomes, strict=True)
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_permission_matrix(world, client, login, key, role, expected):
    _action, stage, method, url_pattern = key
    opgave = _opgave(world, stage)
    user = world.user(role)
    if user is not None:
        login(user)
    url = url_pattern.format(id=opgave.id)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data=FORMS.get(url_pattern, lambda w, o: {})(world, opgave))
    assert response.status_code == expected, (role, method, url, response.headers.get("Location"))
    if expected == LOGIN and user is None:
        assert "/account/login" in response.headers["Location"]
