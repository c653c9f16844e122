"""Opgaven waiting for the municipality's decision and the residents' reactions to them."""

from __future__ import annotations

from sqlalchemy import func, select, union_all

from wijkplatform.extensions import db
from wijkplatform.opgaven import workflow
from wijkplatform.opgaven.models import Opgave


def draft_reactions(drafts) -> dict[int, dict[str, int]]:
    """Opgave id -> answer -> number of answers (over all parts) from residents who count
    (the rule of opgaven.queries.reaction_results), for every draft at once: one query."""
    from wijkplatform.accounts.permissions import counts_as_resident_clause
    from wijkplatform.opgaven.models import Answer, OpgaveReaction

    result = {opgave.id: {a.value: 0 for a in Answer} for opgave in drafts}
    if not drafts:
        return result
    # Two parts, added up: the reactions without an account, and those of residents who
    # count. As one condition with OR, PostgreSQL cannot join the EXISTS per reaction and
    # hashes every counting resident of the city instead (135 ms at 30,000 residents).
    ids = list(result)
    anonymous = select(OpgaveReaction.opgave_id, OpgaveReaction.answer).where(
        OpgaveReaction.opgave_id.in_(ids), OpgaveReaction.user_id.is_(None)
    )
    residents = (
        select(OpgaveReaction.opgave_id, OpgaveReaction.answer)
        .join(Opgave, Opgave.id == OpgaveReaction.opgave_id)
        .where(
            OpgaveReaction.opgave_id.in_(ids),
            counts_as_resident_clause(OpgaveReaction.user_id, Opgave.neighbourhood_id),
        )
    )
    both = union_all(anonymous, residents).subquery()
    for opgave_id, answer, number in db.session.execute(
        select(both.c.opgave_id, both.c.answer, func.count()).group_by(
            both.c.opgave_id, both.c.answer
        )
    ):
        result[opgave_id][Answer(answer).value] = number
    return result


def drafts_waiting(neighbourhood_ids) -> list[Opgave]:
    """Opgaven waiting for the municipality's decision, oldest first. One query."""
    return list(
        db.session.scalars(
            select(Opgave)
            .where(
                Opgave.neighbourhood_id.in_(list(neighbourhood_ids)),
                Opgave.status.in_(workflow.waiting_for(workflow.Actor.REVIEWER)),
            )
            .order_by(Opgave.updated_at, Opgave.id)
        )
    )
