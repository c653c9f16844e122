"""Writes that one event causes in several features, sent to the database together.

A vote changes stored figures of other features through the event it sends (the people
behind the Opgaven, the review figures). Each receiver writes with `write(statement)`.
Outside `together()` that executes the statement at once. Inside, the statements are
collected and, when the block ends, sent as ONE statement on PostgreSQL: each becomes a
data-modifying WITH query of a final `SELECT 1` (PostgreSQL runs every one of them exactly
once, to completion). On other databases (SQLite, which has no data-modifying WITH and no
round trips) `together()` changes nothing: each `write` executes at once. Issue 18: a
vote's receivers took three to six round trips of their own.

What a statement written this way must respect, because on PostgreSQL all of them run with
the same snapshot and in no fixed order:

- it does not read what another statement of the same block writes (a chain of dependent
  writes is one statement of its own, linked by RETURNING: `review.tallies._took_part`);
- no two statements of a block change the same row (the statements here upsert different
  tables, or different keys of one);
- it does not need the result (a row count) back.

Row locks taken by statements *before* the block (a vote's counter update locks the
contribution) are held while the block's snapshot is taken, so the block sees whatever
committed before those locks were granted (READ COMMITTED, see opgaven/backers.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import literal_column, select
from sqlalchemy.sql.dml import UpdateBase

from wijkplatform.extensions import db

_KEY = "pending_writes"


def write(statement: UpdateBase, params: dict | None = None) -> None:
    """Execute `statement` (with `params` for its bound parameters) now, or, inside
    `together()`, with the block's other writes. Statements written in one block name
    their parameters apart (a prefix per feature): they go out as one statement."""
    pending = db.session().info.get(_KEY)
    if pending is None:
        db.session.execute(statement, params)
    else:
        pending.append((statement, params))


def sent_together() -> bool:
    """True inside `together()` on a database that runs the block as one statement: a
    receiver may then express a chain of dependent writes as one statement (WITH …
    RETURNING) instead of reading between them."""
    return _KEY in db.session().info


def _as_one_statement() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


@contextmanager
def together() -> Iterator[None]:
    """Collect the `write`s made inside the block and send them when it ends (not when it
    raises: the caller's transaction is rolled back then). A block inside another one adds
    to the outer one."""
    info = db.session().info
    if _KEY in info or not _as_one_statement():
        yield  # inside an outer block, or a database that takes them one by one anyway
        return
    pending: list[tuple[UpdateBase, dict | None]] = []
    info[_KEY] = pending
    try:
        yield
    finally:
        del info[_KEY]
    _send(pending)


def _send(writes: list[tuple[UpdateBase, dict | None]]) -> None:
    if len(writes) > 1 and _as_one_statement():
        statements = tuple(statement for statement, _params in writes)
        params: dict = {}
        for _statement, more in writes:
            if more and not params.keys().isdisjoint(more):
                raise ValueError(f"two writes of one block name a parameter alike: {more}")
            params.update(more or {})
        db.session.execute(_as_one(statements), params)
        return
    for statement, params in writes:
        db.session.execute(statement, params)


@lru_cache(maxsize=128)
def _as_one(statements: tuple[UpdateBase, ...]):
    """The statements as WITH queries of one `SELECT 1`. Kept per tuple of statements:
    the receivers keep theirs (with bound parameters), so a vote reuses the same object and
    SQLAlchemy neither builds nor keys it again (bounded, for receivers that do not)."""
    ctes = [statement.cte(f"write_{number}") for number, statement in enumerate(statements, 1)]
    return select(literal_column("1")).add_cte(*ctes)
