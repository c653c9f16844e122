"""The stored all-time figures (review_total) and reach (review_reach) that the review page
reads are what the rows say, after every kind of change, and the page shows each change."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import NeighbourhoodFactory, UserFactory, moderator, resident
from tests.review.conftest import contribute, make_scene, support
from wijkplatform.contributions import services as contribution_services
from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    ContributionCategory,
    Vote,
)
from wijkplatform.contributions.queries import visible
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.review import personal_data, tallies
from wijkplatform.review.models import ALL_CATEGORIES, ReviewParticipant, ReviewReach, ReviewTotal


def stored(neighbourhood) -> tuple[dict, dict]:
    totals = {
        row.category: (row.contributions, row.supports, row.comments)
        for row in db.session.scalars(
            select(ReviewTotal).where(ReviewTotal.neighbourhood_id == neighbourhood.id)
        )
        if (row.contributions, row.supports, row.comments) != (0, 0, 0)
    }
    reach = {
        str(row.week): row.people
        for row in db.session.scalars(
            select(ReviewReach).where(ReviewReach.neighbourhood_id == neighbourhood.id)
        )
        if row.people
    }
    return totals, reach


def live(neighbourhood) -> tuple[dict, dict]:
    """The definition, counted from the rows: visible contributions, the supports on them,
    their reactions that are neither hidden nor removed (per category and in all), and per
    week the participants whose last week in the neighbourhood it is."""
    here = (Contribution.neighbourhood_id == neighbourhood.id) & visible()
    shown = db.session.scalars(select(Contribution).where(here)).all()
    categories = {
        c.id: [
            ALL_CATEGORIES,
            *db.session.scalars(
                select(ContributionCategory.category).where(
                    ContributionCategory.contribution_id == c.id
                )
            ),
        ]
        for c in shown
    }
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in shown:
        supports = db.session.scalar(
            select(func.count()).select_from(Vote).where(Vote.contribution_id == c.id)
        )
        comments = db.session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(
                Comment.contribution_id == c.id,
                Comment.hidden.is_(False),
                Comment.deleted_at.is_(None),
            )
        )
        for category in categories[c.id]:
            counts[category][0] += 1
            counts[category][1] += supports
            counts[category][2] += comments
    totals = {key: tuple(value) for key, value in counts.items() if value != [0, 0, 0]}
    last: dict[int, str] = {}
    for user_id, week in db.session.execute(
        select(ReviewParticipant.user_id, ReviewParticipant.week).where(
            ReviewParticipant.neighbourhood_id == neighbourhood.id
        )
    ):
        last[user_id] = max(last.get(user_id, str(week)), str(week))
    return totals, dict(Counter(last.values()))


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def test_stored_figures_are_the_live_definition_after_every_kind_of_change():
    wijk, elsewhere = NeighbourhoodFactory(), NeighbourhoodFactory()
    worker = moderator(wijk)
    author, fan, critic = resident(wijk), resident(wijk), resident(wijk)
    outsider = UserFactory()
    kept = contribute(author, wijk, "Meer bankjes in het park", categories=("community", "housing"))
    duplicate = contribute(author, wijk, "Nog een keer bankjes", categories=("housing",))
    rude = contribute(critic, wijk, "Iets wat niet mag blijven", categories=("safety",))
    contribute(resident(elsewhere), elsewhere, "Elders iets")
    support(kept, [fan, critic, outsider])
    support(duplicate, [fan])
    support(rude, [fan])
    contribution_services.set_support(critic, kept, False)
    reaction = contribution_services.add_comment(fan, kept, body="Ja, dat klopt.")
    removed = contribution_services.add_comment(critic, kept, body="Weg ermee.")
    contribution_services.delete_comment(critic, removed)
    hidden_reaction = contribution_services.add_comment(critic, duplicate, body="Scheldwoord")
    moderation_services.hide(worker, hidden_reaction, reason="Scheldwoorden")
    moderation_services.hide(worker, rude, reason="Scheldwoorden")
    moderation_services.merge(worker, duplicate, kept, reason="Zelfde vraag")
    assert stored(wijk) == live(wijk)
    assert stored(wijk)[0][ALL_CATEGORIES] == (1, 2, 1)  # fan and the outsider; one reaction

    moderation_services.restore(worker, rude)
    assert stored(wijk)[0]["safety"] == (1, 1, 0)
    # The author changes the subject of a contribution nobody reacted to yet.
    fresh = contribute(author, wijk, "Een plek voor jongeren", categories=("youth_family",))
    contribution_services.edit_contribution(
        author, fresh, title=fresh.title, body=fresh.body, categories=["work"]
    )
    assert stored(wijk) == live(wijk)
    assert "youth_family" not in stored(wijk)[0] and stored(wijk)[0]["work"] == (1, 0, 0)

    # `review refresh` counts the same as the events did.
    before = stored(wijk), stored(elsewhere)
    tallies.refresh_all()
    assert (stored(wijk), stored(elsewhere)) == before

    # Erasure takes the person's weeks, and the reach counts them off.
    personal_data.erase_participation(fan)
    assert stored(wijk) == live(wijk)
    assert sum(stored(wijk)[1].values()) == sum(before[0][1].values()) - 1
    assert reaction.id  # the reaction itself stays (erasure anonymises it elsewhere)


def test_a_person_moves_to_their_latest_week_in_the_reach():
    wijk = NeighbourhoodFactory()
    author, fan = resident(wijk), resident(wijk)
    item = contribute(author, wijk, "Meer bankjes in het park")
    this_week = tallies.week_of(utcnow())
    earlier = this_week - timedelta(weeks=3)
    # The fan took part three weeks ago (as the rows would say after a refresh).
    tallies._took_part(fan, wijk, earlier)
    assert stored(wijk)[1] == {str(this_week): 1, str(earlier): 1}
    support(item, [fan])  # and again this week: counted once, in this week
    assert stored(wijk)[1] == {str(this_week): 2}
    assert stored(wijk) == live(wijk)


def test_a_later_week_stays_a_persons_last_when_they_support_now():
    """The guard of `_took_part` (on PostgreSQL inside the vote's one statement of stored
    figures, core/writes.py): a person whose last week is later than this one (rows of a
    clock that ran ahead) is counted in this week's participants, and the reach keeps
    them in their later week."""
    wijk = NeighbourhoodFactory()
    author, fan = resident(wijk), resident(wijk)
    item = contribute(author, wijk, "Meer bankjes in het park")
    this_week = tallies.week_of(utcnow())
    later = this_week + timedelta(weeks=2)
    tallies._took_part(fan, wijk, later)
    support(item, [fan])
    assert stored(wijk)[1] == {str(this_week): 1, str(later): 1}  # the author, the fan
    weeks = db.session.scalars(
        select(ReviewParticipant.week).where(ReviewParticipant.user_id == fan.id)
    ).all()
    assert sorted(str(week) for week in weeks) == [str(this_week), str(later)]
    assert stored(wijk) == live(wijk)


def test_erasure_succeeds_when_a_stored_reach_has_drifted_to_zero():
    """Two first parts in a week at the same moment can leave `since` one short (each
    statement reads the other's week before it commits). Erasing that person then must not
    fail on the figure's check (never below 0); `review refresh` makes it exact again."""
    wijk = NeighbourhoodFactory()
    fan = resident(wijk)
    week = tallies.week_of(utcnow())
    tallies._took_part(fan, wijk, week)
    db.session.execute(
        ReviewReach.__table__.update()
        .where(ReviewReach.neighbourhood_id == wijk.id)
        .values(people=0, since=0)
    )

    tallies.forget_participant(fan.id)
    db.session.commit()

    rows = db.session.execute(
        select(ReviewReach.people, ReviewReach.since).where(ReviewReach.neighbourhood_id == wijk.id)
    ).all()
    assert [tuple(row) for row in rows] == [(0, 0)]
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ReviewParticipant)
            .where(ReviewParticipant.user_id == fan.id)
        )
        == 0
    )


# --- The page follows every change a reviewer can see ------------------------------------


def _compare_row(html: str, slug: str) -> list[str]:
    """The numbers of a neighbourhood's row in the comparison: participants, contributions,
    supports, reactions (the count before the "per 1,000")."""
    row = re.search(rf'<tr[^>]*id="review-compare-{slug}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'<td class="utrecht-table__cell">(.*?)</td>', row, re.S)
    return [cell.split(" ·")[0].strip() for cell in cells[1:]]


def _subjects(html: str, slug: str) -> str:
    return re.search(rf'id="review-categories-{slug}">(.*?)</details>', html, re.S).group(1)


def test_the_page_shows_each_change_as_it_happens(app, client, login):
    scene = make_scene()
    db.session.commit()
    login(scene.reviewer)

    def row():
        return _compare_row(client.get("/review/").get_data(as_text=True), "kleine-buurt")

    start = [int(n) for n in row()]
    newcomer = resident(scene.small)
    db.session.commit()
    item = contribute(newcomer, scene.small, "Een nieuwe vraag", categories=("work",))
    db.session.commit()
    assert [int(n) for n in row()] == [start[0] + 1, start[1] + 1, start[2], start[3]]

    support(item, [scene.small_item.author])
    db.session.commit()
    assert [int(n) for n in row()] == [start[0] + 1, start[1] + 1, start[2] + 1, start[3]]

    contribution_services.add_comment(newcomer, scene.small_item, body="Goed plan.")
    db.session.commit()
    assert [int(n) for n in row()] == [start[0] + 1, start[1] + 1, start[2] + 1, start[3] + 1]

    html = client.get("/review/").get_data(as_text=True)
    assert "Een nieuwe vraag" in html  # in the top list of its kind, with its support

    moderation_services.hide(moderator(scene.small), item, reason="Dubbel")
    db.session.commit()
    html = client.get("/review/").get_data(as_text=True)
    assert [int(n) for n in _compare_row(html, "kleine-buurt")] == [
        start[0] + 1,
        start[1],
        start[2],
        start[3] + 1,
    ]
    assert "Een nieuwe vraag" not in html

    personal_data.erase_participation(newcomer)
    db.session.commit()
    assert int(row()[0]) == start[0]
