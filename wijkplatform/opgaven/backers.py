"""The people behind the evidence of an Opgave, kept as rows (issue 18).

"N residents stand behind this draft" counts the distinct people who wrote or support a
contribution linked to the Opgave and who count as residents of its neighbourhood
(`accounts.permissions.counting_residents`). Counted from the votes on every view, that was
a union over up to a hundred contributions with thousands of supporters each: 75 ms of
database time per request at full size.

`opgave_backer` holds one row per (Opgave, person) with `refs`, the number of linked
contributions the person wrote or supports (author and supporter of one: two). Every change
that alters who is behind the evidence changes the rows in its own transaction:

- a support given or withdrawn on a linked contribution (`signals.support_changed`):
  one upsert, or one decrement, per Opgave that links it;
- a contribution linked or unlinked (`link_evidence`, `unlink_evidence`): the
  contribution's author and supporters go up or down by one;
- a draft started from an accepted Opgave (`start_from`) and a merge that moves supports to
  another contribution (`signals.contribution_merged`): the Opgaven concerned are counted
  again from the rows.

A user row that is deleted takes its rows with it (ON DELETE CASCADE); an erased account
keeps its votes and its contributions (a tombstone), as the live count did.

Whether a person *counts* as a resident is not stored: it depends on the memberships, on
the account (active, erased, confirmed address) and on time (an account counts once it is
`RESIDENT_MIN_ACCOUNT_AGE_DAYS` old, a setting). The figure applies that rule when it is
read: the neighbourhood's counting residents (a few thousand at most, by the membership
index), each looked up among the Opgave's rows by primary key. A move away, an erased
account or a new setting shows on the next view without any bookkeeping.

**Concurrent supports and links (PostgreSQL, READ COMMITTED).** A support and a link of the
same contribution in two transactions could each miss the other's uncommitted row (the vote
does not see the evidence, the link does not see the vote). Both therefore take the
contribution's row lock before they read the other's rows: a support through its counter
update (the statement before the event is sent), a link or unlink through `_lock`. The
one that comes second waits and then reads what the first committed. On PostgreSQL a
support's row is written in the one statement that also keeps the review figures
(core/writes.py); that statement starts after the counter update, so its snapshot is taken
with the lock held, as the separate statement's was.

`live_backers()` is the definition in SQL, straight from the votes and the contributions;
the tests compare the rows with it after random sequences of changes, and
`flask opgaven recount-backers` rebuilds the rows from it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache

from sqlalchemy import (
    Integer,
    Select,
    bindparam,
    delete,
    func,
    literal,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from wijkplatform.accounts.models import Membership
from wijkplatform.accounts.permissions import counting_residents
from wijkplatform.contributions.models import Contribution, Vote
from wijkplatform.core import writes
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import Opgave, OpgaveBacker, OpgaveEvidence

logger = logging.getLogger(__name__)

_table = OpgaveBacker.__table__


# --- Reading ---------------------------------------------------------------------------


def residents_behind(opgave: Opgave) -> int:
    """The number of distinct people behind the evidence who count as residents of the
    neighbourhood now: one query. It starts from the neighbourhood's residents (an index on
    the membership's neighbourhood, a few thousand at most) and looks each one up among the
    Opgave's rows by primary key. The other way round, `user_id IN counting_residents(…)`,
    made PostgreSQL read every account of the city to build a hash (35 ms of 36 at
    30,000 accounts)."""
    behind = (
        select(OpgaveBacker.user_id)
        .where(OpgaveBacker.opgave_id == opgave.id, OpgaveBacker.user_id == Membership.user_id)
        .exists()
    )
    return (
        db.session.scalar(
            counting_residents(opgave.neighbourhood_id)
            .where(behind)
            .with_only_columns(func.count(func.distinct(Membership.user_id)))
        )
        or 0
    )


# --- The definition ----------------------------------------------------------------------


def live_backers(opgave_ids: Iterable[int] | None = None) -> Select:
    """(opgave_id, user_id, refs) from the rows themselves: for each linked contribution
    its supporters and its author (offline contributions have none), counted per person.
    All Opgaven, or those of `opgave_ids`."""
    supporters = select(
        OpgaveEvidence.opgave_id.label("opgave_id"), Vote.user_id.label("user_id")
    ).join(Vote, Vote.contribution_id == OpgaveEvidence.contribution_id)
    authors = (
        select(OpgaveEvidence.opgave_id.label("opgave_id"), Contribution.author_id.label("user_id"))
        .join(Contribution, Contribution.id == OpgaveEvidence.contribution_id)
        .where(Contribution.author_id.is_not(None))
    )
    if opgave_ids is not None:
        ids = list(opgave_ids)
        supporters = supporters.where(OpgaveEvidence.opgave_id.in_(ids))
        authors = authors.where(OpgaveEvidence.opgave_id.in_(ids))
    people = union_all(supporters, authors).subquery()
    # The WHERE keeps SQLite's parser from reading ON CONFLICT as a join's ON (upsert).
    return (
        select(people.c.opgave_id, people.c.user_id, func.count().label("refs"))
        .where(true())
        .group_by(people.c.opgave_id, people.c.user_id)
    )


def mismatches() -> Select:
    """The number of kept rows that differ from the definition (missing, extra or with
    another `refs`): nought when the rows are right. For the tests and the benchmark's
    check after a run."""
    live = live_backers().subquery()
    same_person = (_table.c.opgave_id == live.c.opgave_id) & (_table.c.user_id == live.c.user_id)
    wrong_or_missing = (
        select(func.count())
        .select_from(live.outerjoin(_table, same_person))
        .where(_table.c.refs.is_(None) | (_table.c.refs != live.c.refs))
    )
    extra = select(func.count()).where(~select(live.c.user_id).where(same_person).exists())
    return select(wrong_or_missing.scalar_subquery() + extra.select_from(_table).scalar_subquery())


# --- Keeping the rows ------------------------------------------------------------------


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _add(rows: Select) -> None:
    """Add `rows` (opgave_id, user_id, refs) to the kept ones: insert, or raise `refs`."""
    insert = postgresql.insert if _dialect() == "postgresql" else sqlite.insert
    statement = insert(_table).from_select(["opgave_id", "user_id", "refs"], rows)
    # With a vote's other stored figures in one statement on PostgreSQL (core/writes.py).
    writes.write(
        statement.on_conflict_do_update(
            index_elements=["opgave_id", "user_id"],
            set_={"refs": _table.c.refs + statement.excluded.refs},
        )
    )


@cache
def _supporter_added(dialect: str):
    """`_add` of one new supporter to every Opgave that links the contribution, built once
    per process with bound parameters (a vote's Python time, issue 18)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = select(
        OpgaveEvidence.opgave_id, bindparam("backer_user", type_=Integer), literal(1)
    ).where(OpgaveEvidence.contribution_id == bindparam("backer_contribution", type_=Integer))
    statement = insert(_table).from_select(["opgave_id", "user_id", "refs"], rows)
    return statement.on_conflict_do_update(
        index_elements=["opgave_id", "user_id"],
        set_={"refs": _table.c.refs + statement.excluded.refs},
    )


def _drop_empty(*conditions) -> None:
    db.session.execute(delete(OpgaveBacker).where(OpgaveBacker.refs <= 0, *conditions))


def _lock(contribution_id: int) -> None:
    """The contribution's row lock, which a support takes with its counter (see above).
    SQLite writes one transaction at a time and leaves FOR UPDATE out."""
    db.session.execute(
        select(Contribution.id).where(Contribution.id == contribution_id).with_for_update()
    )


def contribution_linked(opgave_id: int, contribution_id: int) -> None:
    """The author and the supporters of a newly linked contribution are behind it now."""
    _lock(contribution_id)
    people = union_all(
        select(Vote.user_id.label("user_id")).where(Vote.contribution_id == contribution_id),
        select(Contribution.author_id.label("user_id")).where(
            Contribution.id == contribution_id, Contribution.author_id.is_not(None)
        ),
    ).subquery()
    _add(
        select(literal(opgave_id), people.c.user_id, func.count())
        .where(true())
        .group_by(people.c.user_id)
    )


def contribution_unlinked(opgave_id: int, contribution_id: int) -> None:
    """The author and the supporters of an unlinked contribution are one less behind it."""
    _lock(contribution_id)
    ours = OpgaveBacker.opgave_id == opgave_id
    db.session.execute(
        update(OpgaveBacker)
        .where(
            ours,
            OpgaveBacker.user_id.in_(
                select(Vote.user_id).where(Vote.contribution_id == contribution_id)
            ),
        )
        .values(refs=OpgaveBacker.refs - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(OpgaveBacker)
        .where(
            ours,
            OpgaveBacker.user_id
            == select(Contribution.author_id)
            .where(Contribution.id == contribution_id)
            .scalar_subquery(),
        )
        .values(refs=OpgaveBacker.refs - 1)
        .execution_options(synchronize_session=False)
    )
    _drop_empty(ours)


def recount(opgave_ids: Iterable[int] | None = None) -> int:
    """Count the rows of these Opgaven (or of all) again from the definition; the number
    of rows written."""
    ids = None if opgave_ids is None else sorted(set(opgave_ids))
    if ids == []:
        return 0
    gone = delete(OpgaveBacker)
    if ids is not None:
        gone = gone.where(OpgaveBacker.opgave_id.in_(ids))
    db.session.execute(gone.execution_options(synchronize_session=False))
    result = db.session.execute(
        _table.insert().from_select(["opgave_id", "user_id", "refs"], live_backers(ids))
    )
    return max(result.rowcount or 0, 0)


# --- Receivers (connected in opgaven.init_app) ---------------------------------------------


def on_support_changed(sender, *, actor, contribution, supported, **kwargs) -> None:
    """A support given or withdrawn: the supporter goes up or down by one in every Opgave
    that links the contribution (nothing to do, one statement, when none does)."""
    linking = select(OpgaveEvidence.opgave_id).where(
        OpgaveEvidence.contribution_id == contribution.id
    )
    if supported:
        statement = _supporter_added(_dialect())
        writes.write(statement, {"backer_user": actor.id, "backer_contribution": contribution.id})
        return
    mine = (OpgaveBacker.user_id == actor.id, OpgaveBacker.opgave_id.in_(linking))
    result = db.session.execute(
        update(OpgaveBacker)
        .where(*mine)
        .values(refs=OpgaveBacker.refs - 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:
        _drop_empty(*mine)


def on_contribution_merged(sender, *, merged, survivor, **kwargs) -> None:
    """A merge moved the duplicate's supports to the survivor (one support for someone who
    supported both): count the Opgaven that link either of them again."""
    opgave_ids = db.session.scalars(
        select(OpgaveEvidence.opgave_id).where(
            OpgaveEvidence.contribution_id.in_([merged.id, survivor.id])
        )
    ).all()
    if opgave_ids:
        recount(opgave_ids)
        logger.info("Backers of Opgaven %s counted again after a merge", sorted(set(opgave_ids)))
