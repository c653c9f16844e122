"""A thread page's reactions look the same however the page is put together (issue 18, fifth
round: the reactions became rows and one loop instead of ORM objects and a macro per
reaction). The markup of a fixed thread, seen by one of its authors (report, change and
remove links, answer forms), with a removed reaction that still has an answer, a
neighbourhood worker's badge, more answers than are shown and the "Show all answers"
fragment, is compared with the markup the page had before (thread_markup.txt, written from
the code before the change), its numbers and the token of each form left out."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import render_template_string

from tests.factories import ContributionFactory, moderator, resident
from wijkplatform.contributions import services
from wijkplatform.contributions.models import Stance
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db

EXPECTED = Path(__file__).with_name("thread_markup.txt")
HTMX = {"HX-Request": "true"}
LONG_AGO = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)


@pytest.fixture
def fixed_thread(app):
    contribution = ContributionFactory()
    place = contribution.neighbourhood
    ann = resident(place, display_name="Ann")
    bo = resident(place, display_name="Bo")
    worker = moderator(place, display_name="Wijkwerker Cas")
    comments = {}

    def say(name, person, body, stance=Stance.NEUTRAL, parent=None, *, recent=False):
        comment = services.add_comment(
            person, contribution, body=body, stance=stance, parent_id=parent and parent.id
        )
        if not recent:
            comment.created_at = LONG_AGO
        comments[name] = comment
        return comment

    first = say("first", bo, "Eerste *reactie* met [link](https://example.org)", Stance.FOR)
    for k in range(5):
        say(f"answer{k}", [ann, worker, bo][k % 3], f"Antwoord {k}", parent=first)
    gone = say("gone", bo, "Wordt weggehaald", Stance.AGAINST)
    say("gone_answer", worker, "Een antwoord dat blijft", parent=gone)
    services.delete_comment(bo, gone)
    say("own", ann, "Mijn eigen reactie, net geschreven", Stance.QUESTION, recent=True)
    say("own_answer", ann, "En mijn antwoord", parent=first, recent=True)
    db.session.commit()
    return contribution, ann, comments


def _normalised(html, comments, contribution, today):
    html = re.sub(r'name="(csrf_token|submission_key)" value="[^"]*"', r'name="\1" value=""', html)
    html = html.replace(f">{today}<", ">TODAY<")
    # A number where an address, an element id or a form field holds one.
    names = {comment.id: f"[{name}]" for name, comment in comments.items()}
    html = re.sub(rf"contributions/{contribution.id}(?!\d)", "contributions/[contribution]", html)
    html = re.sub(
        r'(comment-|reply-|comments/|comment/|=|value=")(\d+)(?!\d)',
        lambda m: m.group(1) + names.get(int(m.group(2)), m.group(2)),
        html,
    )
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", ">\n<", html).strip() + "\n"


def _comment_list(html):
    start = html.index('<ul class="comment-list" id="comment-list">')
    return html[start : html.index('<div id="comments-more"', start)]


def test_the_thread_markup_is_what_it_was(app, client, login, fixed_thread):
    contribution, ann, comments = fixed_thread
    login(ann)
    page = client.get(f"/contributions/{contribution.id}")
    assert page.status_code == 200
    fragment = client.get(f"/comments/{comments['first'].id}/replies", headers=HTMX)
    assert fragment.status_code == 200
    with app.test_request_context():
        today = render_template_string("{{ moment|dateformat }}", moment=utcnow())
    shown = (
        _normalised(_comment_list(page.get_data(as_text=True)), comments, contribution, today)
        + "----\n"
        + _normalised(fragment.get_data(as_text=True), comments, contribution, today)
    )
    if os.environ.get("THREAD_MARKUP_WRITE"):
        EXPECTED.write_text(shown)
    assert shown == EXPECTED.read_text()
