"""Residents' reactions to an Opgave, counted by the rule of whose voice counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from wijkplatform.accounts.models import Membership
from wijkplatform.accounts.permissions import counting_residents
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import (
    REACTION_SECTIONS,
    Answer,
    Opgave,
    OpgaveReaction,
)

# --- Reactions -----------------------------------------------------------------------


@dataclass
class SectionResult:
    section: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, answer: str) -> int:
        """Percentage, rounded to a bar step of 5."""
        if not self.total:
            return 0
        return round(self.counts[answer] * 100 / self.total / 5) * 5


def _counted_reaction(opgave: Opgave):
    """Only reactions of residents who count are in the results (a resident still sees their
    own answers, own_reactions). A reaction whose author erased their account has no user any
    more and stays in as a count, as it was when it was given."""
    # An EXISTS per reaction (a few hundred at most), answered from the membership and
    # account primary keys: `user_id IN counting_residents(…)` made PostgreSQL read every
    # account of the city to build a hash, twice a page view (issue 18). Built on
    # counting_residents rather than counts_as_resident_clause, whose fresh alias of the
    # account table costs 1.3 ms of Python to build each time (0.1 ms here); the outer
    # query has no account table for the subquery to be confused with.
    counting = (
        counting_residents(opgave.neighbourhood_id)
        .where(Membership.user_id == OpgaveReaction.user_id)
        .exists()
    )
    return OpgaveReaction.opgave_id == opgave.id, or_(OpgaveReaction.user_id.is_(None), counting)


def reaction_results(opgave: Opgave) -> list[SectionResult]:
    rows = db.session.execute(
        select(OpgaveReaction.section, OpgaveReaction.answer, func.count(OpgaveReaction.id))
        .where(*_counted_reaction(opgave))
        .group_by(OpgaveReaction.section, OpgaveReaction.answer)
    ).all()
    results = {
        section: SectionResult(section, {a.value: 0 for a in Answer})
        for section in REACTION_SECTIONS
    }
    for section, answer, number in rows:
        if section in results:
            results[section].counts[Answer(answer).value] = number
    return list(results.values())


def residents_reacted(opgave: Opgave) -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(OpgaveReaction.user_id))).where(
                *_counted_reaction(opgave)
            )
        )
        or 0
    )


def reaction_comments(opgave: Opgave) -> dict[str, list[OpgaveReaction]]:
    comments: dict[str, list[OpgaveReaction]] = {}
    for reaction in db.session.scalars(
        select(OpgaveReaction)
        .where(OpgaveReaction.opgave_id == opgave.id, OpgaveReaction.comment != "")
        .order_by(OpgaveReaction.updated_at)
    ):
        comments.setdefault(reaction.section, []).append(reaction)
    return comments


def own_reactions(user, opgave: Opgave) -> dict[str, OpgaveReaction]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        reaction.section: reaction
        for reaction in db.session.scalars(
            select(OpgaveReaction).where(
                OpgaveReaction.opgave_id == opgave.id, OpgaveReaction.user_id == user.id
            )
        )
    }
