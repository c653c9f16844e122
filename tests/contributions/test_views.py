"""Contribution pages and actions, with and without htmx (the HX-Request header)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import (
    CommentFactory,
    ContributionFactory,
    NeighbourhoodFactory,
    UserFactory,
    moderator,
    resident,
)
from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    ContributionKind,
    ContributionLink,
    Follow,
    Vote,
)
from wijkplatform.extensions import db

HTMX = {"HX-Request": "true"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _form(neighbourhood, **changes):
    data = {
        "neighbourhood": neighbourhood.slug,
        "kind": "issue",
        "title": "Te weinig bankjes in het park",
        "body": "Oudere bewoners kunnen nergens even zitten.",
        "categories": ["community", "loneliness"],
        "submission_key": "sleutel-1",
        "action": "publish",
    }
    data.update(changes)
    return data


# --- visitors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/contributions/new?neighbourhood={slug}"),
        ("post", "/contributions/{id}/support"),
        ("post", "/contributions/{id}/follow"),
        ("post", "/contributions/{id}/comments"),
        ("post", "/contributions/{id}/withdraw"),
        ("get", "/account/contributions"),
    ],
)
def test_visitor_is_sent_to_the_login_page(client, method, path):
    contribution = ContributionFactory()
    db.session.commit()
    url = path.format(slug=contribution.neighbourhood.slug, id=contribution.id)
    response = getattr(client, method)(url, data={"supported": "1"})
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert _count(Vote) == 0 and _count(Comment) == 0


def test_visitor_reads_list_and_detail_with_login_links(client):
    contribution = ContributionFactory(title="Donker fietspad langs de haven")
    db.session.commit()
    listing = client.get(f"/neighbourhoods/{contribution.neighbourhood.slug}/contributions/")
    assert listing.status_code == 200
    assert "Donker fietspad langs de haven" in listing.get_data(as_text=True)
    detail = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Log in om te steunen" in detail
    assert "Log in om te reageren" in detail


def test_neighbourhood_page_links_to_its_contributions(client):
    NeighbourhoodFactory(slug="oude-haven")
    db.session.commit()
    html = client.get("/neighbourhoods/oude-haven/").get_data(as_text=True)
    assert 'href="/neighbourhoods/oude-haven/contributions/"' in html


def test_unknown_neighbourhood_or_contribution_is_404(client):
    assert client.get("/neighbourhoods/nergens/contributions/").status_code == 404
    assert client.get("/contributions/999999").status_code == 404
    assert client.get("/municipalities/GM0000/contributions/").status_code == 404


def test_hidden_contribution_is_404_for_residents_and_visible_for_its_moderator(client, login):
    contribution = ContributionFactory(hidden=True)
    worker = moderator(contribution.neighbourhood)
    db.session.commit()
    assert client.get(f"/contributions/{contribution.id}").status_code == 404
    login(worker)
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "verborgen" in html


# --- writing ---------------------------------------------------------------------------


def test_resident_publishes_and_is_redirected_to_the_new_contribution(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    response = client.post("/contributions/new", data=_form(neighbourhood))
    contribution = db.session.scalar(select(Contribution))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/contributions/{contribution.id}")
    assert sorted(contribution.categories) == ["community", "loneliness"]


def test_double_clicked_submit_creates_one_contribution(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    first = client.post("/contributions/new", data=_form(neighbourhood))
    second = client.post("/contributions/new", data=_form(neighbourhood))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(Contribution) == 1


def test_preview_step_shows_similar_contributions_without_saving(client, login):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Bankjes in het park zijn kapot")
    login(resident(neighbourhood))
    response = client.post("/contributions/new", data=_form(neighbourhood, action="preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bankjes in het park zijn kapot" in html
    assert 'value="publish"' in html
    assert _count(Contribution) == 1


def test_similar_suggestions_come_as_a_partial_for_htmx(client):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory(neighbourhood=neighbourhood, title="Eenzaamheid onder ouderen")
    ContributionFactory(title="Eenzaamheid in een andere wijk")
    db.session.commit()
    response = client.get(
        f"/contributions/similar?neighbourhood={neighbourhood.slug}&title=eenzaamheid",
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="similar-suggestions"')
    assert "Eenzaamheid onder ouderen" in html
    assert "andere wijk" not in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Vul een titel in."),
        ({"title": "x" * 151}, "tekens"),
        ({"body": ""}, "Beschrijf je bijdrage"),
        ({"body": "x" * 10_001}, "tekens"),
        ({"categories": ["astrology"]}, "Kies onderwerpen uit de lijst."),
        ({"categories": []}, "Kies minstens één onderwerp."),
    ],
)
def test_bad_input_keeps_the_typed_text_shows_a_message_and_saves_nothing(
    client, login, changes, message
):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    data = _form(neighbourhood, **changes)
    response = client.post("/contributions/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert "Controleer het formulier" in html  # the error summary, translated
    (field,) = changes  # the message stands beside the field that was wrong
    beside = re.search(rf'id="{field}-error">(.*?)</div>', html, re.S)
    assert beside and message in beside.group(1), html
    if data["title"] and len(data["title"]) < 150:
        assert data["title"] in html
    assert _count(Contribution) == 0


def test_resident_of_another_neighbourhood_gets_403_on_the_form(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(NeighbourhoodFactory()))
    assert client.get(f"/contributions/new?neighbourhood={neighbourhood.slug}").status_code == 403


def test_offline_form_is_for_moderators_and_shows_the_source(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    url = f"/contributions/new?neighbourhood={neighbourhood.slug}&offline=1"
    assert client.get(url).status_code == 403
    client.post("/account/logout")
    login(moderator(neighbourhood))
    response = client.post(
        "/contributions/new",
        data=_form(neighbourhood, offline="1", offline_source="door_to_door",
                   offline_date="2026-10-03"),
    )  # fmt: skip
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "huis-aan-huis" in html


def test_author_edits_before_reactions_and_not_after(client, login):
    contribution = ContributionFactory(title="Oude titel van mij")
    login(contribution.author)
    response = client.post(
        f"/contributions/{contribution.id}/edit",
        data={"title": "Nieuwe titel van mij", "body": "Tekst", "categories": ["work"]},
    )
    assert response.status_code == 302
    assert contribution.title == "Nieuwe titel van mij"
    CommentFactory(contribution=contribution)
    contribution.comment_count = 1
    db.session.commit()
    assert client.get(f"/contributions/{contribution.id}/edit").status_code == 403


def test_stranger_cannot_withdraw(client, login):
    contribution = ContributionFactory()
    login(UserFactory())
    assert client.post(f"/contributions/{contribution.id}/withdraw").status_code == 403
    assert not contribution.withdrawn


def test_withdraw_keeps_the_contribution_visible_as_withdrawn(client, login):
    contribution = ContributionFactory()
    login(contribution.author)
    client.post(f"/contributions/{contribution.id}/withdraw")
    second = client.post(f"/contributions/{contribution.id}/withdraw")  # a double click
    assert second.status_code == 302
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "teruggetrokken" in html
    assert 'name="supported"' not in html


# --- Markdown ---------------------------------------------------------------------------


def test_script_tags_and_javascript_links_never_reach_the_page(client):
    contribution = ContributionFactory(
        body="Hallo <script>alert('x')</script> [klik](javascript:alert(1)) **vet**"
    )
    CommentFactory(contribution=contribution, body="<img src=x onerror=alert(1)> [a](javascript:x)")
    db.session.commit()
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert 'href="javascript' not in html
    assert "<img" not in html
    assert "<strong>vet</strong>" in html


# --- support ------------------------------------------------------------------------------


def test_support_without_javascript_redirects_back_and_counts(client, login):
    contribution = ContributionFactory()
    login(UserFactory())
    response = client.post(f"/contributions/{contribution.id}/support", data={"supported": "1"})
    assert response.status_code == 302
    assert contribution.support_count == 1
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bedankt voor je steun" in html


def test_support_with_htmx_returns_the_button_and_count_partial(client, login):
    contribution = ContributionFactory()
    login(UserFactory())
    response = client.post(
        f"/contributions/{contribution.id}/support", data={"supported": "1"}, headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div id="contribution-{contribution.id}-votes"')
    assert "<strong>1</strong>" in html
    assert 'aria-pressed="true"' in html
    assert response.headers["HX-Trigger"] == "support-changed"
    again = client.post(
        f"/contributions/{contribution.id}/support", data={"supported": "0"}, headers=HTMX
    ).get_data(as_text=True)
    assert "<strong>0</strong>" in again


def test_double_clicked_support_counts_once(client, login):
    contribution = ContributionFactory()
    login(UserFactory())
    for _ in range(2):
        client.post(f"/contributions/{contribution.id}/support", data={"supported": "1"})
    assert contribution.support_count == 1
    assert _count(Vote) == 1


@pytest.mark.parametrize("state", ["hidden", "withdrawn"])
def test_vote_on_hidden_or_withdrawn_contribution_changes_nothing(client, login, state):
    from wijkplatform.core.db import utcnow

    contribution = ContributionFactory(
        hidden=state == "hidden", withdrawn_at=utcnow() if state == "withdrawn" else None
    )
    login(UserFactory())
    response = client.post(
        f"/contributions/{contribution.id}/support", data={"supported": "1"}, headers=HTMX
    )
    assert response.status_code == (404 if state == "hidden" else 409)
    assert _count(Vote) == 0
    assert contribution.support_count == 0


def test_follow_appears_on_my_contributions_page(client, login):
    contribution = ContributionFactory(title="Speeltuin opknappen")
    own = ContributionFactory(title="Mijn eigen bijdrage")
    login(own.author)
    client.post(f"/contributions/{contribution.id}/follow", data={"following": "1"}, headers=HTMX)
    client.post(f"/contributions/{contribution.id}/support", data={"supported": "1"})
    assert _count(Follow) == 1
    html = client.get("/account/contributions").get_data(as_text=True)
    assert html.count("Speeltuin opknappen") == 2  # supported and followed
    assert "Mijn eigen bijdrage" in html


# --- comments -------------------------------------------------------------------------------


def test_comment_on_missing_contribution_is_404(client, login):
    login(UserFactory())
    response = client.post("/contributions/424242/comments", data={"body": "Hallo"})
    assert response.status_code == 404
    assert _count(Comment) == 0


def test_comment_without_javascript_redirects_to_the_comment(client, login):
    contribution = ContributionFactory()
    login(UserFactory())
    response = client.post(
        f"/contributions/{contribution.id}/comments",
        data={"body": "Goed idee", "stance": "for", "submission_key": "c1"},
    )
    comment = db.session.scalar(select(Comment))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    assert contribution.comment_count == 1


def test_comment_with_htmx_returns_the_thread_with_the_stance_summary(client, login):
    contribution = ContributionFactory()
    login(UserFactory())
    response = client.post(
        f"/contributions/{contribution.id}/comments",
        data={"body": "Waarom hier?", "stance": "question", "submission_key": "c2"},
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="comments"')
    assert "Waarom hier?" in html
    assert "vraag: 1" in html
    assert response.headers["HX-Trigger"] == "comment-added"


def test_empty_comment_with_htmx_is_422_with_the_message(client, login):
    contribution = ContributionFactory()
    login(UserFactory())
    response = client.post(
        f"/contributions/{contribution.id}/comments", data={"body": "  "}, headers=HTMX
    )
    assert response.status_code == 422
    assert "Schrijf eerst een reactie." in response.get_data(as_text=True)
    assert _count(Comment) == 0


def test_double_submitted_comment_is_saved_once(client, login):
    contribution = ContributionFactory()
    login(UserFactory())
    for _ in range(2):
        client.post(
            f"/contributions/{contribution.id}/comments",
            data={"body": "Eén keer", "submission_key": "zelfde"},
        )
    assert _count(Comment) == 1
    assert contribution.comment_count == 1


def test_removed_comment_with_replies_leaves_a_placeholder(client, login):
    contribution = ContributionFactory()
    author = UserFactory()
    top = CommentFactory(contribution=contribution, author=author, body="Geheim plan")
    CommentFactory(contribution=contribution, parent_id=None)
    reply = CommentFactory(contribution=contribution, body="Antwoord erop")
    reply.parent_id = top.id
    contribution.comment_count = 3
    login(author)
    client.post(f"/comments/{top.id}/delete")
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Geheim plan" not in html
    assert "Deze reactie is verwijderd" in html
    assert "Antwoord erop" in html


def test_comments_can_be_shown_newest_first(client):
    contribution = ContributionFactory()
    CommentFactory(contribution=contribution, body="Eerste reactie")
    CommentFactory(contribution=contribution, body="Tweede reactie")
    db.session.commit()
    oldest = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    newest = client.get(f"/contributions/{contribution.id}?order=newest").get_data(as_text=True)
    assert oldest.index("Eerste reactie") < oldest.index("Tweede reactie")
    assert newest.index("Tweede reactie") < newest.index("Eerste reactie")


# --- links ----------------------------------------------------------------------------------


def test_linked_resource_shows_on_both_sides(client, login):
    neighbourhood = NeighbourhoodFactory()
    issue = ContributionFactory(neighbourhood=neighbourhood, title="Veel eenzame ouderen")
    resource = ContributionFactory(
        neighbourhood=neighbourhood, kind=ContributionKind.RESOURCE, title="Koffieochtend moskee"
    )
    login(resource.author)
    form_html = client.get(f"/contributions/{resource.id}").get_data(as_text=True)
    assert "Veel eenzame ouderen" in form_html  # offered in the link form
    response = client.post(f"/contributions/{resource.id}/links", data={"target_id": issue.id})
    assert response.status_code == 302
    assert _count(ContributionLink) == 1
    issue_html = client.get(f"/contributions/{issue.id}").get_data(as_text=True)
    assert "Koffieochtend moskee" in issue_html


def test_link_to_an_unknown_issue_gives_a_message_not_a_500(client, login):
    resource = ContributionFactory(kind=ContributionKind.RESOURCE)
    login(resource.author)
    response = client.post(f"/contributions/{resource.id}/links", data={"target_id": "abc"})
    assert response.status_code == 302
    assert _count(ContributionLink) == 0


# --- more pages ---------------------------------------------------------------------------


def test_edit_page_shows_the_current_text_and_categories(client, login):
    contribution = ContributionFactory(title="Mijn eerste titel")
    login(contribution.author)
    html = client.get(f"/contributions/{contribution.id}/edit").get_data(as_text=True)
    assert 'value="Mijn eerste titel"' in html
    checked = [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r'<input[^>]*name="categories"[^>]*>', html)
        if re.search(r"\schecked[\s>]", tag)
    ]
    assert checked == ["community"]


def test_comment_author_edits_within_the_window(client, login):
    comment = CommentFactory(body="Tikfoutje")
    login(comment.author)
    page = client.get(f"/comments/{comment.id}/edit")
    assert page.status_code == 200 and "Tikfoutje" in page.get_data(as_text=True)
    response = client.post(
        f"/comments/{comment.id}/edit", data={"body": "Verbeterd", "stance": "against"}
    )
    assert response.status_code == 302
    assert comment.body == "Verbeterd" and comment.stance.value == "against"


def test_someone_else_cannot_edit_a_comment(client, login):
    comment = CommentFactory()
    login(UserFactory())
    assert client.get(f"/comments/{comment.id}/edit").status_code == 403


def test_removing_a_link_removes_it_from_both_sides(client, login):
    neighbourhood = NeighbourhoodFactory()
    issue = ContributionFactory(neighbourhood=neighbourhood, title="Weinig groen")
    potential = ContributionFactory(
        neighbourhood=neighbourhood, kind=ContributionKind.POTENTIAL, title="Braakliggend veld"
    )
    link = ContributionLink(source_id=potential.id, target_id=issue.id)
    db.session.add(link)
    login(potential.author)
    client.post(f"/contributions/{potential.id}/links/{link.id}/delete")
    assert _count(ContributionLink) == 0
    assert "Braakliggend veld" not in client.get(f"/contributions/{issue.id}").get_data(True)


def test_htmx_support_works_with_csrf_header_and_is_refused_without(make_app):
    from tests.conftest import csrf_token_from
    from tests.factories import PASSWORD

    # No app context around the requests: Flask-WTF keeps the token in `g`, which would
    # otherwise outlive the login's fresh session.
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        contribution = ContributionFactory()
        voter = UserFactory()
        db.session.commit()
        contribution_id, email = contribution.id, voter.email
    client = app.test_client()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    client.post("/account/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    page = client.get(f"/contributions/{contribution_id}").get_data(as_text=True)
    header_token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    url = f"/contributions/{contribution_id}/support"
    refused = client.post(url, data={"supported": "1"}, headers=HTMX)
    assert refused.status_code == 400
    accepted = client.post(
        url, data={"supported": "1"}, headers={**HTMX, "X-CSRFToken": header_token}
    )
    assert accepted.status_code == 200
    assert "<strong>1</strong>" in accepted.get_data(as_text=True)


def test_title_field_asks_for_suggestions_while_typing_with_a_debounce(client, login):
    neighbourhood = NeighbourhoodFactory()
    login(resident(neighbourhood))
    html = client.get(f"/contributions/new?neighbourhood={neighbourhood.slug}").get_data(True)
    title_input = re.search(r'<input[^>]*id="title"[^>]*>', html).group(0)
    assert 'data-hx-get="/contributions/similar"' in title_input
    assert 'data-hx-trigger="keyup changed delay:500ms"' in title_input
    assert 'id="similar-suggestions"' in html


def test_hidden_comments_are_left_out_of_the_thread_and_the_stance_summary(client):
    from wijkplatform.contributions.models import Stance

    contribution = ContributionFactory()
    CommentFactory(contribution=contribution, body="Gewone reactie", stance=Stance.FOR)
    CommentFactory(contribution=contribution, body="Verborgen scheldpartij", hidden=True,
                   stance=Stance.AGAINST)  # fmt: skip
    db.session.commit()
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Gewone reactie" in html
    assert "Verborgen scheldpartij" not in html
    assert "voor: 1" in html and "tegen:" not in html


def test_a_vote_runs_few_statements_and_answers_with_the_new_state(client, login, count_queries):
    """Issue 18: the support toggle loads the person and the contribution once, writes the
    vote and the counter (RETURNING the new count), then the stored figures of the other
    features, and renders the fragment from what it already knows. On PostgreSQL the vote
    and its count are one statement and the stored figures another (core/writes.py)."""
    from tests.factories import resident

    contribution = ContributionFactory(support_count=4)
    other = ContributionFactory(neighbourhood=contribution.neighbourhood)
    voter = resident(contribution.neighbourhood)
    login(voter)
    contribution_id, other_id = contribution.id, other.id
    db.session.commit()
    on_postgresql = db.engine.dialect.name == "postgresql"
    db.session.remove()  # count the request's statements, not the test's own reloads
    with count_queries() as statements:
        response = client.post(
            f"/contributions/{contribution_id}/support", data={"supported": "1"}, headers=HTMX
        )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>5</strong>" in html
    assert 'aria-pressed="true"' in html
    listing = "\n".join(s[:160] for s in statements)
    # The person with their roles, the contribution with its categories (one statement
    # each), and a block in force?
    assert statements[0].lstrip().startswith("SELECT user_account.id"), listing
    assert statements[1].lstrip().startswith("SELECT contribution.id"), listing
    # … with its neighbourhood (the review asks whether the voter lives there), without its
    # organisation, the municipalities and the texts the answer never shows.
    read = statements[1]
    assert "JOIN neighbourhood" in read, listing
    for unread in ("JOIN organisation", "JOIN municipality", "contribution.body", "boundary"):
        assert unread not in read, listing
    assert "FROM moderation_block" in statements[2], listing
    if on_postgresql:
        # The vote and the counter in one statement; then one statement with the people
        # behind the Opgaven that link it (opgaven/backers.py), the review figures of the
        # week and of all time, and (the person's first part in the week) the participant
        # of the week, their previous week and the reach (review/tallies.py).
        assert len(statements) == 5, listing
        vote, figures = statements[3], statements[4]
        assert vote.startswith("WITH new_vote AS") and "UPDATE contribution" in vote, listing
        for table in ("opgave_backer", "review_tally", "review_total", "review_participant"):
            assert f"INSERT INTO {table} " in figures, listing
        # The reach: the weeks since their previous one moved on, this week's row upserted.
        assert "UPDATE review_reach " in figures, listing
        assert figures.count("INSERT INTO review_reach ") == 1, listing
    else:
        # SQLite, one statement each: the vote, the counter, the Opgaven's people, the
        # week's and all time's review figures; the first part of the week adds the
        # participant, the previous week and the reach.
        assert len(statements) == 11, listing
        assert [s.split("(")[0].strip() for s in statements[3:6]] == [
            "INSERT INTO vote",
            "UPDATE contribution SET support_count=",
            "INSERT INTO opgave_backer",
        ], listing
    assert not any("SAVEPOINT" in s for s in statements)
    # A second vote in the same week: on PostgreSQL as many statements (the week's
    # participant is written only when new), on SQLite the participant's insert that
    # finds the row and nothing more.
    db.session.remove()
    with count_queries() as later:
        client.post(f"/contributions/{other_id}/support", data={"supported": "1"}, headers=HTMX)
    assert len(later) == (5 if on_postgresql else 9), "\n".join(s[:160] for s in later)
    again = client.post(
        f"/contributions/{contribution_id}/support", data={"supported": "1"}, headers=HTMX
    ).get_data(as_text=True)
    assert "<strong>5</strong>" in again  # a second click changes nothing
    assert db.session.get(Contribution, contribution_id).support_count == 5
    assert _count(Vote) == 2
    stopped = client.post(
        f"/contributions/{contribution_id}/support", data={"supported": "0"}, headers=HTMX
    ).get_data(as_text=True)
    assert "<strong>4</strong>" in stopped
    assert 'aria-pressed="false"' in stopped


def test_blocked_resident_who_stops_supporting_is_told_why_support_is_closed(client, login):
    """The fragment after stopping still asks whether the person may take part (supporting
    has just checked it; stopping has not), so a blocked resident sees the reason, not a
    button that would be refused."""
    from datetime import timedelta

    from tests.factories import moderator, resident
    from wijkplatform.core.db import utcnow
    from wijkplatform.moderation.services import blocks

    contribution = ContributionFactory()
    voter = resident(contribution.neighbourhood)
    login(voter)
    client.post(f"/contributions/{contribution.id}/support", data={"supported": "1"})
    blocks.block(
        moderator(contribution.neighbourhood), voter, contribution.neighbourhood,
        until=utcnow().date() + timedelta(days=3), reason="Scheldt andere bewoners uit",
    )  # fmt: skip
    db.session.commit()
    html = client.post(
        f"/contributions/{contribution.id}/support", data={"supported": "0"}, headers=HTMX
    ).get_data(as_text=True)
    assert "<strong>0</strong>" in html
    assert "geblokkeerd" in html
    assert 'name="supported"' not in html
