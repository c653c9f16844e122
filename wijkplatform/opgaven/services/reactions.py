"""Residents' reactions to a draft, and their part of the personal data."""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_text
from wijkplatform.extensions import db
from wijkplatform.opgaven import permissions
from wijkplatform.opgaven.models import (
    REACTION_COMMENT_MAX,
    REACTION_SECTIONS,
    Answer,
    Opgave,
    OpgaveReaction,
)

logger = logging.getLogger(__name__)

# --- Reactions -----------------------------------------------------------------------


def react(user, opgave: Opgave, answers: dict[str, tuple[str, str]], *, today: date) -> int:
    """Save a resident's answers: {section: (answer, comment)}; an empty answer leaves that
    section out (and takes back an earlier answer there). Returns how many answers stand."""
    if not permissions.can_react_to_opgave(user, opgave, today):
        raise DomainError(_l("You cannot react to this draft now."), status=403)
    cleaned = {}
    for section, (answer, comment) in answers.items():
        if section not in REACTION_SECTIONS:
            raise DomainError(_l("Choose a part of the Opgave from the list."), status=422)
        comment = clean_text(comment)
        if len(comment) > REACTION_COMMENT_MAX:
            raise DomainError(
                _l("A comment can be at most %(n)d characters.", n=REACTION_COMMENT_MAX),
                f"{section}-comment",
            )
        if not answer:
            if comment:
                raise DomainError(
                    _l("Choose yes, partly or no to go with your comment."), f"{section}-answer"
                )
            cleaned[section] = None
            continue
        if answer not in {a.value for a in Answer}:
            raise DomainError(_l("Choose yes, partly or no."), f"{section}-answer")
        cleaned[section] = (Answer(answer), comment)
    if not any(cleaned.values()):
        raise DomainError(
            _l("Answer at least the question about the whole draft or one part."), "whole-answer"
        )
    existing = {
        reaction.section: reaction
        for reaction in db.session.scalars(
            select(OpgaveReaction).where(
                OpgaveReaction.opgave_id == opgave.id, OpgaveReaction.user_id == user.id
            )
        )
    }
    try:
        # A savepoint: when the same resident sends the form twice at once, the unique
        # constraint refuses the second insert and only this block is undone.
        with db.session.begin_nested():
            for section, value in cleaned.items():
                _store_reaction(user, opgave, existing.get(section), section, value)
    except IntegrityError:
        raise DomainError(
            _l("Your answers were already saved. Reload the page."), status=409
        ) from None
    logger.info("user %s reacted to Opgave %s", user.id, opgave.id)
    return sum(1 for value in cleaned.values() if value)


def _store_reaction(user, opgave: Opgave, row, section: str, value) -> None:
    if value is None:
        if row is not None:
            db.session.delete(row)
        return
    answer, comment = value
    if row is None:
        db.session.add(
            OpgaveReaction(
                opgave_id=opgave.id,
                user_id=user.id,
                section=section,
                answer=answer,
                comment=comment,
                version_number=opgave.current_version,
            )
        )
    else:
        row.answer, row.comment = answer, comment
        row.version_number = opgave.current_version


# --- Personal data -------------------------------------------------------------------


def export_reactions(user) -> list[dict]:
    rows = db.session.execute(
        select(OpgaveReaction, Opgave.title)
        .join(Opgave, Opgave.id == OpgaveReaction.opgave_id)
        .where(OpgaveReaction.user_id == user.id)
        .order_by(OpgaveReaction.id)
    ).all()
    return [
        {
            "opgave": title,
            "section": reaction.section,
            "answer": reaction.answer.value,
            "comment": reaction.comment,
            "updated_at": reaction.updated_at.isoformat() if reaction.updated_at else None,
        }
        for reaction, title in rows
    ]


def erase_reactions(user) -> None:
    """Answers stay as counts; the comments are the resident's own words and go."""
    db.session.execute(
        update(OpgaveReaction)
        .where(OpgaveReaction.user_id == user.id)
        .values(user_id=None, comment="")
        .execution_options(synchronize_session=False)
    )
