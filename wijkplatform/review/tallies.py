"""Keep the review figures (review/models.py) in step with the domain events, and rebuild
them from the rows.

The common events (a contribution written, a support given or withdrawn, a reaction written
or removed) add or subtract one in the week they happen. The rare ones that change what is
visible or where supports belong (hide, restore, merge, withdraw, edit of the categories)
rebuild the one neighbourhood from its rows. `review refresh` rebuilds every neighbourhood.

What counts is what the public pages count: visible contributions (not hidden, not merged
away: `contributions.queries.visible()`), the supports on them and the reactions on them
that are neither hidden nor removed. Participants are the people who count as residents of
the neighbourhood (accounts.permissions, "whose voice counts").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache

from sqlalchemy import (
    Date,
    bindparam,
    case,
    cast,
    delete,
    exists,
    false,
    func,
    literal,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite

from wijkplatform.accounts.permissions import counts_as_resident, counts_as_resident_clause
from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    ContributionCategory,
    Vote,
)
from wijkplatform.contributions.queries import visible
from wijkplatform.core import writes
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood
from wijkplatform.review.models import (
    ALL_CATEGORIES,
    ReviewParticipant,
    ReviewReach,
    ReviewTally,
    ReviewTotal,
)

logger = logging.getLogger(__name__)

COUNTERS = ("contributions", "supports", "comments")
_TABLES = {
    table.name: table
    for table in (ReviewTally.__table__, ReviewTotal.__table__, ReviewReach.__table__)
}


def week_of(moment: datetime | None) -> date:
    """The Monday (UTC) of the week `moment` falls in."""
    moment = moment or utcnow()
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def week_sql(column):
    """`week_of` in SQL, for grouping rows by week in the database."""
    if _dialect() == "postgresql":
        return cast(func.date_trunc("week", func.timezone("UTC", column)), Date)
    # SQLite: the next Sunday on or after the day, then back six days.
    return func.date(column, "weekday 0", "-6 days")


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _insert(table):
    return postgresql.insert(table) if _dialect() == "postgresql" else sqlite.insert(table)


def _bump(table, keys: list[str], rows: list[dict], changes: dict[str, int]) -> None:
    """Insert `rows` (their counters set to the changes, never below 0) or add `changes` to
    the rows that are there: one upsert statement."""
    # Every counter of the table, the unchanged ones at 0.
    start = {
        column.name: max(0, changes.get(column.name, 0))
        for column in table.c
        if not column.primary_key and column.name not in rows[0]
    }
    statement = _upsert(_dialect(), table.name, tuple(keys), tuple(rows[0]), len(rows),
                        tuple(changes), tuple(start))  # fmt: skip
    params = {f"{table.name}_start_{name}": value for name, value in start.items()}
    params.update({f"{table.name}_change_{name}": amount for name, amount in changes.items()})
    for number, row in enumerate(rows):
        params.update({f"{table.name}_{number}_{name}": value for name, value in row.items()})
    # With a vote's other stored figures in one statement on PostgreSQL (core/writes.py).
    writes.write(statement, params)


@lru_cache(maxsize=256)
def _upsert(dialect, table_name, keys, fields, count, changed, counters):
    """The upsert of `_bump` for one shape (table, number of rows, counters changed), with
    bound parameters named after the table, built once per process: building it took
    about a millisecond of a vote's Python time, and a multi-row VALUES (its first form)
    is a statement SQLAlchemy does not cache compiled (issue 18).

    The rows are a SELECT of parameters (a UNION ALL for several). Every counter of the
    table is in it: left out, INSERT … SELECT would send their Python defaults as
    parameters named after the column, which clash when the upserts of two such tables go
    out as one statement."""
    table = _TABLES[table_name]

    def value(name, key):
        return bindparam(f"{table_name}_{key}", type_=table.c[name].type)

    selects = [
        select(
            *(value(name, f"{number}_{name}") for name in fields),
            *(value(name, f"start_{name}") for name in counters),
        )
        for number in range(count)
    ]
    source = selects[0] if count == 1 else union_all(*selects)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # The WHERE keeps SQLite's parser from reading ON CONFLICT as a join's ON (upsert).
    statement = insert(table).from_select(
        [*fields, *counters], select(source.subquery()).where(true())
    )
    greatest = func.max if dialect == "sqlite" else func.greatest
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: greatest(table.c[name] + value(name, f"change_{name}"), 0) for name in changed},
    )


def _add(neighbourhood_id: int, week: date, categories: Iterable[str], **changes: int) -> None:
    """Add `changes` (counter -> amount) to the week's rows of the neighbourhood and to its
    all-time rows: the row of all categories and one per category. One upsert of the week's
    rows, done in the database (issue 18: one statement per row made a vote run four or
    five), and one of the all-time rows."""
    keys = dict.fromkeys((ALL_CATEGORIES, *categories))
    _bump(
        ReviewTally.__table__,
        ["neighbourhood_id", "week", "category"],
        [{"neighbourhood_id": neighbourhood_id, "week": week, "category": c} for c in keys],
        changes,
    )
    _bump(
        ReviewTotal.__table__,
        ["neighbourhood_id", "category"],
        [{"neighbourhood_id": neighbourhood_id, "category": c} for c in keys],
        changes,
    )


def _took_part(user, neighbourhood, week: date) -> None:
    """Record that `user` took part in the week. The first time in a week, their last week
    in the neighbourhood may move on to it (_move_reach). Three statements, once per person,
    neighbourhood and week; every later support of the week is the one insert that does
    nothing."""
    if user is None or not counts_as_resident(user, neighbourhood):
        return
    if writes.sent_together():
        _took_part_in_one(user.id, neighbourhood.id, week)
        return
    statement = (
        _insert(ReviewParticipant.__table__)
        .values(neighbourhood_id=neighbourhood.id, week=week, user_id=user.id)
        .on_conflict_do_nothing(index_elements=["neighbourhood_id", "week", "user_id"])
        # A row back only when it was new (psycopg gives no rowcount for this insert).
        .returning(ReviewParticipant.id)
    )
    if db.session.execute(statement).first() is None:
        return  # already counted this week
    _move_reach(neighbourhood.id, user.id, week)


def _move_reach(neighbourhood_id: int, user_id: int, week: date) -> None:
    """The person took part in `week` for the first time: their last week in the
    neighbourhood moves from the one before (none: they are new) to `week`, unless a later
    week is still their last. Two statements, their previous week found inside each: a vote
    that is someone's first part in a week runs no statement more for it (issue 18)."""
    moved_off, counted_on = _reach_moves(
        literal(neighbourhood_id), literal(user_id), literal(week, Date)
    )
    db.session.execute(moved_off)
    db.session.execute(counted_on)


def _reach_moves(place, person, week, *, only_if=None):
    """ReviewReach counts the person off their old last week and on `week`; `since` (the
    people whose last week is that week or later) goes up for the weeks after the old week up
    to `week`, and stays for the old week and the ones before it, which counted them already.
    The UPDATE changes weeks before `week`, the upsert `week` itself: never the same row, so
    both may run on one snapshot (`_took_part_statements`). `only_if`: a condition both add
    (there: the participant of the week is new)."""
    reach = ReviewReach.__table__
    participant = ReviewParticipant.__table__
    mine = (participant.c.neighbourhood_id == place) & (participant.c.user_id == person)
    before = (
        select(func.max(participant.c.week))
        .where(mine, participant.c.week != week)
        .scalar_subquery()
    )
    at_before = reach.c.week == before  # NULL, so not true, when they are new
    extra = [only_if] if only_if is not None else []
    moved_off = (
        reach.update()
        .where(
            reach.c.neighbourhood_id == place,
            reach.c.week < week,
            (reach.c.week >= before) | before.is_(None),
            *extra,
        )
        .values(
            people=reach.c.people - case((at_before, 1), else_=0),
            since=reach.c.since + case((at_before, 0), else_=1),
        )
    )
    # The week's row: new, it holds the people of the later weeks (the first row after it
    # has them) and this person.
    later = (
        select(reach.c.since)
        .where(reach.c.neighbourhood_id == place, reach.c.week > week)
        .order_by(reach.c.week)
        .limit(1)
        .scalar_subquery()
    )
    row = select(place, week, literal(1), func.coalesce(later, 0) + 1).where(
        ~exists().where(mine, participant.c.week > week), *extra
    )
    counted_on = (
        _insert(reach)
        .from_select(["neighbourhood_id", "week", "people", "since"], row)
        .on_conflict_do_update(
            index_elements=["neighbourhood_id", "week"],
            set_={"people": reach.c.people + 1, "since": reach.c.since + 1},
        )
    )
    return moved_off, counted_on


def _took_part_in_one(user_id: int, neighbourhood_id: int, week: date) -> None:
    """`_took_part` as WITH queries of the statement `core.writes` sends (PostgreSQL)."""
    moved_off, counted_on = _took_part_statements()
    params = {
        "took_part_user": user_id,
        "took_part_place": neighbourhood_id,
        "took_part_week": week,
    }
    writes.write(moved_off, params)
    writes.write(counted_on)  # the same parameters, given once


@cache
def _took_part_statements():
    """The participant of the week (a row back only when it is new) and the reach moved as
    `_move_reach` moves it, only when that participant is new. Every part reads the snapshot
    from before the statement, as the separate statements read the rows from before their
    own writes: the previous week leaves this week out, and the two reach statements change
    different rows. Built once, with bound parameters."""
    participant = ReviewParticipant.__table__
    place = bindparam("took_part_place", type_=participant.c.neighbourhood_id.type)
    week = bindparam("took_part_week", type_=participant.c.week.type)
    person = bindparam("took_part_user", type_=participant.c.user_id.type)
    new = (
        postgresql.insert(participant)
        .values(neighbourhood_id=place, week=week, user_id=person)
        .on_conflict_do_nothing(index_elements=["neighbourhood_id", "week", "user_id"])
        .returning(participant.c.week)
        .cte("new_participant")
    )
    return _reach_moves(place, person, week, only_if=select(new.c.week).exists())


def forget_participant(user_id: int) -> None:
    """Erasure: the person's weeks go, and each neighbourhood's reach counts them off their
    last week there (and off `since` of that week and every week before it)."""
    reach = ReviewReach.__table__
    for neighbourhood_id, last in db.session.execute(
        select(ReviewParticipant.neighbourhood_id, func.max(ReviewParticipant.week))
        .where(ReviewParticipant.user_id == user_id)
        .group_by(ReviewParticipant.neighbourhood_id)
    ).all():
        last = _as_date(last)
        db.session.execute(
            reach.update()
            .where(reach.c.neighbourhood_id == neighbourhood_id, reach.c.week <= last)
            # Never below 0, as every stored figure: a figure that drifted (two first parts
            # in a week at the same moment, one not seen by the other's snapshot) must not
            # make an erasure fail on the check; `review refresh` makes it exact again.
            .values(
                people=case(
                    (reach.c.week != last, reach.c.people),
                    (reach.c.people > 0, reach.c.people - 1),
                    else_=0,
                ),
                since=case((reach.c.since > 0, reach.c.since - 1), else_=0),
            )
        )
    db.session.execute(delete(ReviewParticipant).where(ReviewParticipant.user_id == user_id))


def _is_visible(contribution: Contribution) -> bool:
    return not contribution.hidden and contribution.status != "merged"


# --- Receivers (connected in review.init_app) -------------------------------------------


def on_contribution_created(sender, *, actor, contribution, **kwargs) -> None:
    if not _is_visible(contribution):
        return
    week = week_of(contribution.created_at)
    _add(contribution.neighbourhood_id, week, contribution.categories, contributions=1)
    _took_part(contribution.author, contribution.neighbourhood, week)


def on_support_changed(sender, *, actor, contribution, supported, **kwargs) -> None:
    if not _is_visible(contribution):
        return
    week = week_of(utcnow())
    _add(
        contribution.neighbourhood_id,
        week,
        contribution.categories,
        supports=1 if supported else -1,
    )
    if supported:
        _took_part(actor, contribution.neighbourhood, week)


def on_comment_created(sender, *, actor, comment, contribution, **kwargs) -> None:
    if not _is_visible(contribution) or comment.hidden:
        return
    week = week_of(comment.created_at)
    _add(contribution.neighbourhood_id, week, contribution.categories, comments=1)
    _took_part(comment.author or actor, contribution.neighbourhood, week)


def on_comment_deleted(sender, *, actor, comment, contribution, **kwargs) -> None:
    if not _is_visible(contribution) or comment.hidden:
        return
    _add(
        contribution.neighbourhood_id,
        week_of(comment.created_at),
        contribution.categories,
        comments=-1,
    )


def on_contribution_changed(sender, *, contribution, **kwargs) -> None:
    """Edited (categories may have changed) or withdrawn."""
    rebuild_neighbourhood(contribution.neighbourhood_id)


def on_visibility_changed(sender, *, target, **kwargs) -> None:
    """Hidden or restored: a contribution, or a reaction. Other content (a comment on a
    team design) is in no figure here."""
    if isinstance(target, Contribution):
        contribution = target
    elif isinstance(target, Comment):
        contribution = target.contribution
    else:
        return
    rebuild_neighbourhood(contribution.neighbourhood_id)


def on_contribution_merged(sender, *, merged, survivor, **kwargs) -> None:
    rebuild_neighbourhood(merged.neighbourhood_id)


# --- Rebuild from the rows --------------------------------------------------------------


def rebuild_neighbourhood(neighbourhood_id: int, *, now: datetime | None = None) -> int:
    """Count the neighbourhood's figures again from its rows; returns the number of rows
    written. Runs a fixed number of grouped queries, however many supports there are; the
    all-time totals and the reach are counted from the same rows."""
    db.session.flush()
    db.session.execute(delete(ReviewTally).where(ReviewTally.neighbourhood_id == neighbourhood_id))
    db.session.execute(
        delete(ReviewParticipant).where(ReviewParticipant.neighbourhood_id == neighbourhood_id)
    )
    db.session.execute(delete(ReviewTotal).where(ReviewTotal.neighbourhood_id == neighbourhood_id))
    db.session.execute(delete(ReviewReach).where(ReviewReach.neighbourhood_id == neighbourhood_id))
    here = (Contribution.neighbourhood_id == neighbourhood_id) & visible()
    counts: dict[tuple[date, str], dict[str, int]] = {}

    def count(counter: str, statement) -> None:
        for week, category, number in db.session.execute(statement):
            row = counts.setdefault((_as_date(week), category), dict.fromkeys(COUNTERS, 0))
            row[counter] += number

    sources = {
        "contributions": (Contribution.created_at, select().select_from(Contribution)),
        "supports": (
            Vote.created_at,
            select().select_from(Vote).join(Contribution, Contribution.id == Vote.contribution_id),
        ),
        "comments": (
            Comment.created_at,
            select()
            .select_from(Comment)
            .join(Contribution, Contribution.id == Comment.contribution_id)
            .where(Comment.hidden == false(), Comment.deleted_at.is_(None)),
        ),
    }
    for counter, (moment, base) in sources.items():
        week = week_sql(moment)
        count(
            counter,
            base.add_columns(week, literal(ALL_CATEGORIES), func.count())
            .where(here)
            .group_by(week),
        )
        count(
            counter,
            base.add_columns(week, ContributionCategory.category, func.count())
            .join(ContributionCategory, ContributionCategory.contribution_id == Contribution.id)
            .where(here)
            .group_by(week, ContributionCategory.category),
        )
    if counts:
        db.session.execute(
            ReviewTally.__table__.insert(),
            [
                {"neighbourhood_id": neighbourhood_id, "week": week, "category": category, **row}
                for (week, category), row in counts.items()
            ],
        )
        totals: dict[str, dict[str, int]] = {}
        for (_week, category), row in counts.items():
            total = totals.setdefault(category, dict.fromkeys(COUNTERS, 0))
            for name in COUNTERS:
                total[name] += row[name]
        db.session.execute(
            ReviewTotal.__table__.insert(),
            [
                {"neighbourhood_id": neighbourhood_id, "category": category, **row}
                for category, row in totals.items()
            ],
        )

    people = union(
        select(
            Contribution.author_id.label("user_id"), week_sql(Contribution.created_at).label("week")
        ).where(here, Contribution.author_id.is_not(None)),
        select(Vote.user_id, week_sql(Vote.created_at))
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(here),
        select(Comment.author_id, week_sql(Comment.created_at))
        .join(Contribution, Contribution.id == Comment.contribution_id)
        .where(here, Comment.author_id.is_not(None), Comment.hidden == false()),
    ).subquery()
    rows = db.session.execute(
        select(people.c.user_id, people.c.week)
        .distinct()
        .where(counts_as_resident_clause(people.c.user_id, neighbourhood_id, now=now))
    ).all()
    if rows:
        db.session.execute(
            ReviewParticipant.__table__.insert(),
            [
                {"neighbourhood_id": neighbourhood_id, "week": _as_date(week), "user_id": user}
                for user, week in rows
            ],
        )
        last: dict[int, date] = {}
        for user, week in rows:
            last[user] = max(last.get(user, _as_date(week)), _as_date(week))
        reach: dict[date, int] = {}
        for week in last.values():
            reach[week] = reach.get(week, 0) + 1
        reach_rows, since = [], 0
        for week in sorted(reach, reverse=True):  # `since` sums from the latest week back
            since += reach[week]
            reach_rows.append(
                {
                    "neighbourhood_id": neighbourhood_id,
                    "week": week,
                    "people": reach[week],
                    "since": since,
                }
            )
        db.session.execute(ReviewReach.__table__.insert(), reach_rows)
    db.session.flush()
    return len(counts) + len(rows)


def refresh_all(*, progress: Callable[[str], None] | None = None) -> int:
    """Rebuild every neighbourhood; `progress` hears one line per neighbourhood."""
    neighbourhoods = db.session.execute(
        select(Neighbourhood.id, Neighbourhood.slug).order_by(Neighbourhood.id)
    ).all()
    written = 0
    for number, (neighbourhood_id, slug) in enumerate(neighbourhoods, start=1):
        rows = rebuild_neighbourhood(neighbourhood_id)
        written += rows
        if progress:
            progress(f"[{number}/{len(neighbourhoods)}] {slug}: {rows} rows")
    logger.info("Review figures rebuilt: %d neighbourhoods, %d rows", len(neighbourhoods), written)
    return written
