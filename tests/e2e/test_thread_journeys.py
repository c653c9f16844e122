"""A long thread is paged (issue 18): "Show more reactions" adds the next page in place with
htmx (the focus goes to the first new reaction, the live region says how many came), and
without JavaScript the same link opens the next page. A link to one reaction on a later page
lands on it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.e2e.harness import assert_htmx_result, clear_announcer
from tests.e2e.steps import choose_language

TOP_LEVEL = 60
ANSWERS = 6  # under the first reaction: more than a page shows (thread.REPLIES_SHOWN)


@pytest.fixture(scope="module")
def long_thread(live_app):
    """A contribution in Stationskwartier (no other journey lists it) with 60 reactions,
    the first with 6 answers, written old so it is not the newest on any list."""
    from wijkplatform.accounts.models import User
    from wijkplatform.contributions.models import (
        Comment,
        Contribution,
        ContributionCategory,
        ContributionKind,
    )
    from wijkplatform.core.db import utcnow
    from wijkplatform.extensions import db
    from wijkplatform.neighbourhoods import queries

    with live_app.app_context():
        neighbourhood = queries.get_neighbourhood_by_slug("stationskwartier")
        people = db.session.scalars(
            db.select(User).where(User.erased_at.is_(None)).order_by(User.id).limit(3)
        ).all()
        long_ago = utcnow() - timedelta(days=400)
        contribution = Contribution(
            kind=ContributionKind.ISSUE,
            neighbourhood=neighbourhood,
            author=people[0],
            title="Een lang gesprek over de fietsenstalling",
            body="Waar laten we de fietsen?",
            category_rows=[ContributionCategory(category="community")],
            created_at=long_ago,
            comment_count=TOP_LEVEL + ANSWERS,
        )
        db.session.add(contribution)
        db.session.flush()
        comments = [
            Comment(
                contribution_id=contribution.id,
                author_id=people[k % len(people)].id,
                body=f"Reactie nummer {k + 1}, met *nadruk*.",
                created_at=long_ago + timedelta(minutes=k),
            )
            for k in range(TOP_LEVEL)
        ]
        db.session.add_all(comments)
        db.session.flush()
        answers = [
            Comment(
                contribution_id=contribution.id,
                author_id=people[(k + 1) % len(people)].id,
                parent_id=comments[0].id,
                body=f"Antwoord nummer {k + 1}.",
                created_at=long_ago + timedelta(minutes=TOP_LEVEL + k),
            )
            for k in range(ANSWERS)
        ]
        db.session.add_all(answers)
        db.session.commit()
        ids = [c.id for c in comments]
        answer_ids = [c.id for c in answers]
        contribution_id = contribution.id
        db.session.remove()
    return contribution_id, ids, answer_ids


def test_show_more_reactions_adds_the_next_page_in_place(page, audit, long_thread, lang, width):
    contribution_id, ids, _answers = long_thread
    page.goto(f"/contributions/{contribution_id}")
    items = page.locator("#comment-list > li.comment")
    assert items.count() == 50
    audit.check(page, "thread-first-page")

    clear_announcer(page)
    page.locator("#comments-more a").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#comment-{ids[50]}")
    message = assert_htmx_result(page, f"#comment-{ids[50]}")
    assert "10" in message
    assert items.count() == TOP_LEVEL
    assert page.locator("#comments-more a").count() == 0
    assert page.locator(f"#comment-{ids[59]} .comment__body em").inner_text() == "nadruk"
    audit.check(page, "thread-more-added")


def test_without_javascript_the_link_opens_the_next_page(
    new_context, audit, long_thread, lang, width
):
    contribution_id, ids, _answers = long_thread
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/contributions/{contribution_id}")
    choose_language(page, lang)
    with page.expect_navigation():
        page.locator("#comments-more a").click()
    shown = page.locator("#comment-list > li.comment")
    assert shown.count() == TOP_LEVEL - 50
    assert shown.first.get_attribute("id") == f"comment-{ids[50]}"
    audit.check(page, "nojs-thread-next-page", axe=False)

    # "Show all answers" opens the page with every answer of that reaction.
    page.goto(f"/contributions/{contribution_id}")
    replies = page.locator(f"#comment-{ids[0]}-replies li.comment--reply")
    assert replies.count() == 3
    with page.expect_navigation():
        page.locator(f"#comment-{ids[0]}-replies .comment-replies__more a").click()
    assert replies.count() == ANSWERS
    assert page.locator(f"#comment-{ids[0]}-replies .comment-replies__more").count() == 0

    # A link to one reaction on the second page (as in a notification) lands on it.
    page.goto(f"/contributions/{contribution_id}?comment={ids[55]}#comment-{ids[55]}")
    assert page.locator(f"#comment-{ids[55]}").is_visible()


def test_show_all_answers_puts_them_in_place(page, audit, long_thread, lang, width):
    contribution_id, ids, answers = long_thread
    page.goto(f"/contributions/{contribution_id}")
    replies = page.locator(f"#comment-{ids[0]}-replies li.comment--reply")
    assert replies.count() == 3  # the first few; the rest behind "Show all answers"

    clear_announcer(page)
    page.locator(f"#comment-{ids[0]}-replies .comment-replies__more a").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#comment-{answers[3]}")
    message = assert_htmx_result(page, f"#comment-{answers[3]}")
    assert str(ANSWERS) in message
    assert replies.count() == ANSWERS
    audit.check(page, "thread-all-answers")
