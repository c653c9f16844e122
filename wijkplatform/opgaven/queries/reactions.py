"""Residents' reactions to an Opgave, counted by the rule of whose voice counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from wijkplatform.accounts.permissions import counted_person, counting_resident_conditions
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


def _counted_reactions(statement, opgave: Opgave):
    """Only reactions of residents who count are in the results (a resident still sees their
    own answers, own_reactions). A reaction whose author erased their account has no user any
    more and stays in as a count, as it was when it was given."""
    # The author's account by its key (an outer join, for reactions without one), not
    # IN (counting residents): that read every account of the city (issue 18, see
    # accounts.permissions.join_counting_residents).
    person = counted_person()
    return (
        statement.select_from(OpgaveReaction)
        .outerjoin(person, person.id == OpgaveReaction.user_id)
        .where(OpgaveReaction.opgave_id == opgave.id)
        .where(
            or_(
                OpgaveReaction.user_id.is_(None),
                and_(
                    *counting_resident_conditions(
                        OpgaveReaction.user_id, person, opgave.neighbourhood_id
                    )
                ),
            )
        )
    )


def reaction_results(opgave: Opgave) -> list[SectionResult]:
    rows = db.session.execute(
        _counted_reactions(
            select(OpgaveReaction.section, OpgaveReaction.answer, func.count(OpgaveReaction.id)),
            opgave,
        ).group_by(OpgaveReaction.section, OpgaveReaction.answer)
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
            _counted_reactions(select(func.count(func.distinct(OpgaveReaction.user_id))), opgave)
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
