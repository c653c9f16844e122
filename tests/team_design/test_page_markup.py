"""The development plan's actions and the public page's comments look the same however the
pages are put together (issue 18, fifth round: labels, tokens and addresses made once per
page, the comments read as rows and rendered in one loop per block). The markup of a fixed
plan and of fixed comments (one hidden), seen by a neighbourhood worker and by a visitor,
is compared with the markup the pages had before (page_markup.txt, written from the code
before the change), its numbers and the token of each form left out."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

from tests.factories import resident
from wijkplatform.extensions import db
from wijkplatform.team_design import services

EXPECTED = Path(__file__).with_name("page_markup.txt")
BASE = "/neighbourhoods/oude-haven/team-design"
MOMENT = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)


def _fixed_design(world):
    world.moderator.display_name = "Wijkwerker Dana"
    design = services.start_design(world.moderator, world.neighbourhood)
    services.publish(world.moderator, design)
    actions = [
        services.add_action(
            world.moderator,
            design,
            block=block,
            title=title,
            owner_id=world.moderator.id,
            due_date=due,
        )
        for block, title, due in [
            (2, "Teamleden kiezen <samen>", date(2026, 1, 10)),
            (4, "Werkplek regelen", date(2030, 5, 1)),
            (6, "Evaluatie plannen", date(2030, 6, 2)),
        ]
    ]
    services.set_action_status(world.moderator, design, actions[1], "in_progress")
    author = resident(world.neighbourhood, display_name="Eva")
    comments = [
        services.add_comment(author, design, block, body)
        for block, body in [
            (3, "Goed *plan*, met [een link](https://example.org)"),
            (3, "Dit verberg ik"),
            (5, "Nog een vraag over blok 5?"),
        ]
    ]
    for comment in comments:
        comment.created_at = MOMENT
    db.session.flush()
    services.hide_comment(world.moderator, design, comments[1], "Niet over het ontwerp")
    db.session.commit()
    return actions, comments


def _normalised(html, names):
    html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)
    html = re.sub(
        r"(action-|status-|comment-|comments/|comment/|/plan/|hide-reason-|=)(\d+)(?!\d)",
        lambda m: m.group(1) + names.get(int(m.group(2)), m.group(2)),
        html,
    )
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", ">\n<", html).strip() + "\n"


def _between(html, start, end):
    first = html.index(start)
    return html[first : html.index(end, first)]


def test_the_plan_and_the_comments_look_as_they_did(app, world, client, login):
    actions, comments = _fixed_design(world)
    names = {a.id: f"[action{k}]" for k, a in enumerate(actions)}
    comment_names = {c.id: f"[comment{k}]" for k, c in enumerate(comments)}
    login(world.moderator)
    plan = client.get(f"{BASE}/plan").get_data(as_text=True)
    worker_view = client.get(f"{BASE}/").get_data(as_text=True)
    visitor_view = app.test_client().get(f"{BASE}/").get_data(as_text=True)
    shown = _normalised(_between(plan, '<ul class="card-list" id="plan-actions">', "</ul>"), names)
    for view in (worker_view, visitor_view):
        for number in (3, 5):
            shown += "----\n" + _normalised(
                _between(view, f'id="block-{number}-comment-list"', "</section>"), comment_names
            )
    if os.environ.get("PAGE_MARKUP_WRITE"):
        EXPECTED.write_text(shown)
    assert shown == EXPECTED.read_text()
