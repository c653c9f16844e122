"""Support votes and follows: asking twice for the same state changes nothing."""

from __future__ import annotations

import logging
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from wijkplatform.contributions import permissions
from wijkplatform.contributions.models import (
    Contribution,
    Follow,
    Vote,
)
from wijkplatform.contributions.services.common import (
    change_counter,
    check_participation,
    keep_loaded_count,
)
from wijkplatform.core import signals, writes
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


_votes = Vote.__table__


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _add_vote(user_id: int, contribution_id: int) -> bool:
    """Add the vote unless it is there, and count it; True when a row was added. The
    unique constraint decides, also when two clicks of the same person arrive at once:
    INSERT … ON CONFLICT DO NOTHING (PostgreSQL and SQLite) is one statement, where a
    savepoint around a plain INSERT took three (issue 18)."""
    if _is_postgresql():
        return _vote_and_count(user_id, contribution_id, supported=True)
    added = (
        sqlite.insert(_votes)
        .values(user_id=user_id, contribution_id=contribution_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id", "contribution_id"])
        .returning(_votes.c.id)
    )
    if db.session.execute(added).first() is None:
        return False
    return change_counter(contribution_id, "support_count", +1) is not None


def _remove_vote(user_id: int, contribution_id: int) -> bool:
    """Remove the vote if it is there, and count it; True when a row was removed."""
    if _is_postgresql():
        return _vote_and_count(user_id, contribution_id, supported=False)
    mine = (_votes.c.user_id == user_id, _votes.c.contribution_id == contribution_id)
    if db.session.execute(delete(_votes).where(*mine)).rowcount == 0:
        return False
    return change_counter(contribution_id, "support_count", -1) is not None


def _vote_and_count(user_id: int, contribution_id: int, *, supported: bool) -> bool:
    """PostgreSQL: the vote and the counter in one statement (see `_vote_statement`)."""
    stored = db.session.execute(
        _vote_statement(supported),
        {"voter": user_id, "voted_on": contribution_id, "now": utcnow()},
    ).scalar()
    keep_loaded_count(contribution_id, "support_count", stored)
    return stored is not None


@cache
def _vote_statement(supported: bool):
    """The vote inserted (or deleted) in a WITH query, and the counter changed only when
    that query returned a row, RETURNING the stored count: one round trip instead of two
    (issue 18). The INSERT waits for a concurrent same click, as it did alone; the UPDATE's
    row lock is taken before the stored figures are written (opgaven/backers.py,
    "Concurrent supports and links"). Built once per process, with bound parameters."""
    voter = bindparam("voter", type_=_votes.c.user_id.type)
    voted_on = bindparam("voted_on", type_=_votes.c.contribution_id.type)
    now = bindparam("now", type_=_votes.c.created_at.type)
    if supported:
        changed = (
            postgresql.insert(_votes)
            .values(user_id=voter, contribution_id=voted_on, created_at=now)
            .on_conflict_do_nothing(index_elements=["user_id", "contribution_id"])
            .returning(_votes.c.id)
            .cte("new_vote")
        )
    else:
        changed = (
            delete(_votes)
            .where(_votes.c.user_id == voter, _votes.c.contribution_id == voted_on)
            .returning(_votes.c.id)
            .cte("gone_vote")
        )
    contributions = Contribution.__table__
    return (
        update(contributions)
        .where(contributions.c.id == voted_on, select(changed.c.id).exists())
        .values(
            support_count=contributions.c.support_count + (1 if supported else -1),
            updated_at=now,
        )
        .returning(contributions.c.support_count)
    )


def set_support(user, contribution: Contribution, supported: bool) -> bool:
    """Support (or stop supporting) a contribution; True when something changed.

    Asking twice for the same state changes nothing, so a double click is harmless."""
    if supported:
        if not permissions.can_support_contribution(user, contribution):
            raise DomainError(_l("This contribution cannot be supported."), status=409)
        check_participation(user, contribution.neighbourhood_id)
        if not _add_vote(user.id, contribution.id):
            return False  # already supported (perhaps by the same click a moment ago)
    elif not _remove_vote(user.id, contribution.id):
        return False
    logger.info(
        "%s %s contribution %s",
        actor_label(user),
        "supports" if supported else "no longer supports",
        contribution.id,
    )
    # The figures other features keep (the people behind Opgaven, the review figures) in
    # one statement on PostgreSQL (core/writes.py).
    with writes.together():
        signals.support_changed.send(
            "contributions", actor=user, contribution=contribution, supported=supported
        )
    return True


def set_follow(user, contribution: Contribution, following: bool) -> bool:
    if following:
        if not permissions.can_follow_contribution(user, contribution):
            raise DomainError(_l("You cannot follow this contribution."), status=409)
        try:
            with db.session.begin_nested():
                db.session.add(Follow(user_id=user.id, contribution_id=contribution.id))
        except IntegrityError:
            return False
    else:
        result = db.session.execute(
            delete(Follow).where(
                Follow.user_id == user.id, Follow.contribution_id == contribution.id
            )
        )
        if result.rowcount == 0:
            return False
    logger.info(
        "%s %s contribution %s",
        actor_label(user),
        "follows" if following else "stopped following",
        contribution.id,
    )
    return True
