"""The review figures follow the domain events, and `review refresh` counts the same."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import NeighbourhoodFactory, UserFactory, moderator, resident
from wijkplatform.contributions import services as contribution_services
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.review import tallies
from wijkplatform.review.models import ALL_CATEGORIES, ReviewParticipant, ReviewTally


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def _new(author, neighbourhood, categories=("community",), title="Te weinig bankjes in het park"):
    return contribution_services.create_contribution(
        author,
        neighbourhood=neighbourhood,
        kind="issue",
        title=title,
        body="Oudere bewoners kunnen nergens even zitten.",
        categories=list(categories),
    )


def figures(neighbourhood) -> dict:
    """{(category, counter): total over all weeks} and the number of participants."""
    rows = db.session.execute(
        select(
            ReviewTally.category,
            func.sum(ReviewTally.contributions),
            func.sum(ReviewTally.supports),
            func.sum(ReviewTally.comments),
        )
        .where(ReviewTally.neighbourhood_id == neighbourhood.id)
        .group_by(ReviewTally.category)
    ).all()
    result = {}
    for category, contributions, supports, comments in rows:
        result[(category, "contributions")] = contributions
        result[(category, "supports")] = supports
        result[(category, "comments")] = comments
    result["participants"] = db.session.scalar(
        select(func.count(func.distinct(ReviewParticipant.user_id))).where(
            ReviewParticipant.neighbourhood_id == neighbourhood.id
        )
    )
    return {key: value for key, value in result.items() if value}


def test_week_starts_on_monday_in_utc():
    assert tallies.week_of(datetime.fromisoformat("2026-12-06T23:30:00+00:00")) == date(
        2026, 11, 30
    )
    assert tallies.week_of(datetime.fromisoformat("2026-12-07T00:30:00+01:00")) == date(
        2026, 11, 30
    )
    assert tallies.week_of(datetime.fromisoformat("2026-12-07T00:30:00+00:00")) == date(2026, 12, 7)


def test_contributions_supports_and_reactions_are_counted_as_they_happen():
    wijk = NeighbourhoodFactory()
    author, supporter = resident(wijk), resident(wijk)
    outsider = UserFactory()
    first = _new(author, wijk, categories=("community", "housing"))
    _new(author, wijk, categories=("safety",), title="Donkere steeg bij de school")
    contribution_services.set_support(supporter, first, True)
    contribution_services.set_support(outsider, first, True)
    contribution_services.add_comment(supporter, first, body="Ja, dat klopt.")

    assert figures(wijk) == {
        (ALL_CATEGORIES, "contributions"): 2,
        (ALL_CATEGORIES, "supports"): 2,
        (ALL_CATEGORIES, "comments"): 1,
        ("community", "contributions"): 1,
        ("community", "supports"): 2,
        ("community", "comments"): 1,
        ("housing", "contributions"): 1,
        ("housing", "supports"): 2,
        ("housing", "comments"): 1,
        ("safety", "contributions"): 1,
        # The outsider's support is counted as a support, but they are no participant.
        "participants": 2,
    }
    week = db.session.scalar(select(func.min(ReviewTally.week)))
    assert week == tallies.week_of(utcnow())


def test_withdrawn_support_and_removed_reaction_count_off():
    wijk = NeighbourhoodFactory()
    author, supporter = resident(wijk), resident(wijk)
    item = _new(author, wijk)
    contribution_services.set_support(supporter, item, True)
    comment = contribution_services.add_comment(supporter, item, body="Mee eens.")
    contribution_services.set_support(supporter, item, False)
    contribution_services.delete_comment(supporter, comment)

    numbers = figures(wijk)
    assert numbers[(ALL_CATEGORIES, "contributions")] == 1
    assert (ALL_CATEGORIES, "supports") not in numbers
    assert (ALL_CATEGORIES, "comments") not in numbers


def test_hidden_and_merged_contributions_leave_the_figures_and_come_back_when_restored():
    wijk = NeighbourhoodFactory()
    worker = moderator(wijk)
    author, supporter = resident(wijk), resident(wijk)
    kept = _new(author, wijk, categories=("community",))
    duplicate = _new(author, wijk, categories=("housing",), title="Nog een keer de bankjes")
    rude = _new(author, wijk, categories=("safety",), title="Iets wat niet mag blijven")
    contribution_services.set_support(supporter, duplicate, True)
    contribution_services.set_support(supporter, rude, True)

    moderation_services.hide(worker, rude, reason="Scheldwoorden")
    moderation_services.merge(worker, duplicate, kept, reason="Zelfde vraag")

    numbers = figures(wijk)
    assert numbers[(ALL_CATEGORIES, "contributions")] == 1
    # The support moved with the merge to the contribution that stays (community).
    assert numbers[("community", "supports")] == 1
    assert ("housing", "contributions") not in numbers
    assert ("safety", "supports") not in numbers

    moderation_services.restore(worker, rude)
    assert figures(wijk)[("safety", "supports")] == 1


def test_refresh_counts_the_same_as_the_events():
    wijk, elsewhere = NeighbourhoodFactory(), NeighbourhoodFactory()
    author, supporter = resident(wijk), resident(wijk)
    item = _new(author, wijk, categories=("community", "work"))
    other = _new(author, wijk, categories=("work",), title="Werk voor jongeren in de wijk")
    contribution_services.set_support(supporter, item, True)
    contribution_services.set_support(author, other, True)
    contribution_services.add_comment(supporter, other, body="Goed idee.")
    _new(resident(elsewhere), elsewhere)
    by_events = figures(wijk), figures(elsewhere)

    lines = []
    tallies.refresh_all(progress=lines.append)

    assert (figures(wijk), figures(elsewhere)) == by_events
    assert len(lines) == 2 and wijk.slug in lines[0]


def test_refresh_command_rebuilds_lost_figures(app):
    wijk = NeighbourhoodFactory()
    _new(resident(wijk), wijk)
    db.session.execute(ReviewTally.__table__.delete())
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["review", "refresh"])

    assert result.exit_code == 0, result.output
    assert f"[1/1] {wijk.slug}" in result.output
    assert figures(wijk)[(ALL_CATEGORIES, "contributions")] == 1
