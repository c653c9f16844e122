"""A thread page shows the first few answers under each reaction (issue 18): its cost no
longer grows with the answers. "Show all answers" is a plain link to the page with all of
that reaction's answers, and with htmx it puts them in place."""

from __future__ import annotations

import re

import pytest

from tests.factories import ContributionFactory, resident
from wijkplatform.contributions import services
from wijkplatform.contributions.thread import REPLIES_SHOWN
from wijkplatform.extensions import db

HTMX = {"HX-Request": "true"}
REPLY = re.compile(r'<li class="comment comment--reply" id="comment-(\d+)"')


@pytest.fixture
def talked_about(app):
    """A contribution whose first reaction has more answers than a page shows, the second
    one answer."""
    contribution = ContributionFactory()
    people = [resident(contribution.neighbourhood) for _ in range(3)]
    first = services.add_comment(people[0], contribution, body="Eerste reactie")
    second = services.add_comment(people[1], contribution, body="Tweede reactie")
    answers = [
        services.add_comment(
            people[k % 3], contribution, body=f"Antwoord {k}", parent_id=first.id
        ).id
        for k in range(REPLIES_SHOWN + 4)
    ]
    single = services.add_comment(people[2], contribution, body="Eén antwoord", parent_id=second.id)
    db.session.commit()
    return contribution, first, answers, single


def _page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_page_shows_the_first_answers_and_offers_the_rest(client, talked_about):
    contribution, first, answers, single = talked_about
    html = _page(client, f"/contributions/{contribution.id}")
    assert [int(n) for n in REPLY.findall(html)] == [*answers[:REPLIES_SHOWN], single.id]
    # Without JavaScript a link to the page with all of them; with htmx they come in place.
    assert (
        f'href="/contributions/{contribution.id}?comment={first.id}&amp;all_replies={first.id}'
        f'#comment-{first.id}-replies"'
    ) in html
    assert f'data-hx-get="/comments/{first.id}/replies"' in html
    assert f"/comments/{single.id}/replies" not in html  # nothing more to show there
    assert html.count('comment-replies__more"') == 1


def test_without_javascript_the_link_shows_every_answer(client, talked_about):
    contribution, first, answers, single = talked_about
    response = client.get(f"/comments/{first.id}/replies")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.endswith(
        f"/contributions/{contribution.id}?comment={first.id}&all_replies={first.id}"
        f"#comment-{first.id}-replies"
    )
    html = _page(client, location)
    assert [int(n) for n in REPLY.findall(html)] == [*answers, single.id]
    assert 'comment-replies__more"' not in html


def test_with_htmx_every_answer_replaces_the_first_few(client, talked_about):
    _contribution, first, answers, _single = talked_about
    html = _page(client, f"/comments/{first.id}/replies", headers=HTMX)
    assert html.lstrip().startswith(f'<div class="comment-replies" id="comment-{first.id}-replies"')
    assert [int(n) for n in REPLY.findall(html)] == answers
    assert f'data-focus="comment-{answers[REPLIES_SHOWN]}"' in html
    assert "data-announce=" in html and "<html" not in html


def test_a_link_to_a_late_answer_shows_it(client, talked_about):
    contribution, _first, answers, _single = talked_about
    html = _page(client, f"/contributions/{contribution.id}?comment={answers[-1]}")
    assert answers[-1] in [int(n) for n in REPLY.findall(html)]


def test_answers_of_an_answer_or_an_unknown_reaction_are_not_found(client, talked_about):
    _contribution, _first, answers, _single = talked_about
    assert client.get(f"/comments/{answers[0]}/replies", headers=HTMX).status_code == 404
    assert client.get("/comments/99999999/replies", headers=HTMX).status_code == 404


def test_a_page_costs_the_same_however_many_answers(client, count_queries, talked_about):
    contribution, first, _answers, _single = talked_about
    url = f"/contributions/{contribution.id}"
    _page(client, url)
    with count_queries() as few:
        before = _page(client, url)
    author = resident(contribution.neighbourhood)
    for k in range(20):
        services.add_comment(author, contribution, body=f"Nog een {k}", parent_id=first.id)
    db.session.commit()
    _page(client, url)
    with count_queries() as many:
        after = _page(client, url)
    assert len(few) == len(many)
    assert len(REPLY.findall(before)) == len(REPLY.findall(after))
