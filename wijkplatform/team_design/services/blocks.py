"""Start a design and save a block as its next version, with the version check that
tells two workers saving at once apart."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line, clean_text
from wijkplatform.extensions import db
from wijkplatform.team_design.models import (
    NOTE_MAX,
    TeamDesign,
    TeamDesignBlock,
    TeamDesignBlockVersion,
)
from wijkplatform.team_design.questions import (
    ANSWER_MAX,
    BLOCKS_BY_NUMBER,
    ParticipationLevel,
)
from wijkplatform.team_design.services.common import design_of, ensure_editor

logger = logging.getLogger(__name__)


class StaleBlock(DomainError):
    """Someone saved the block after the editor opened the form."""

    def __init__(self, current: int):
        super().__init__(
            _l(
                "Someone else saved this block while you were editing. Your text is kept "
                "below. Look at what they saved, then save again."
            ),
            status=409,
        )
        self.current = current


def start_design(actor, neighbourhood) -> TeamDesign:
    """The neighbourhood's team design, started (six empty blocks) if there is none yet."""
    ensure_editor(actor, neighbourhood)
    design = design_of(neighbourhood)
    if design is not None:
        return design
    design = TeamDesign(neighbourhood_id=neighbourhood.id, created_by_id=actor.id)
    design.blocks = [TeamDesignBlock(number=n, answers={}, choices={}) for n in BLOCKS_BY_NUMBER]
    db.session.add(design)
    db.session.flush()
    logger.info(
        "%s started the team design of neighbourhood %s", actor_label(actor), neighbourhood.id
    )
    return design


def _clean_answers(block, answers: dict) -> dict:
    cleaned = {}
    for question in block.questions:
        text = clean_text(answers.get(question.key))
        if len(text) > ANSWER_MAX:
            raise DomainError(
                _l("An answer can be at most %(n)d characters.", n=ANSWER_MAX), question.key
            )
        if text:
            cleaned[question.key] = text
    return cleaned


def _clean_choices(block, choices: dict) -> dict:
    cleaned = {}
    for choice_list in block.choices:
        if choice_list.from_opgave:
            continue  # comes from the linked Opgaven
        keys = list(dict.fromkeys(k for k in (choices.get(choice_list.key) or ()) if k))
        if any(key not in choice_list.options for key in keys):
            raise DomainError(_l("Choose from the list."), choice_list.key)
        if not choice_list.multiple and len(keys) > 1:
            raise DomainError(_l("Choose one."), choice_list.key)
        if keys:
            cleaned[choice_list.key] = [key for key in choice_list.options if key in keys]
    return cleaned


def _clean_participation(value) -> ParticipationLevel | None:
    if not value:
        return None
    try:
        return ParticipationLevel(value)
    except ValueError:
        raise DomainError(_l("Choose from the list."), "participation") from None


def save_block(
    actor,
    design: TeamDesign,
    number: int,
    *,
    base_version: int | None,
    answers: dict,
    choices: dict,
    participation: str | None = None,
    note: str = "",
) -> TeamDesignBlockVersion | None:
    """Save one block as its next version. `base_version` is the version the editor
    started from: when someone saved the block after that, StaleBlock is raised and nothing
    is saved. Returns None when nothing changed."""
    ensure_editor(actor, design.neighbourhood)
    block = BLOCKS_BY_NUMBER.get(number)
    if block is None:
        raise DomainError(_l("There is no such building block."), status=404)
    answers = _clean_answers(block, answers)
    choices = _clean_choices(block, choices)
    level = _clean_participation(participation)
    note = clean_line(note)
    if len(note) > NOTE_MAX:
        raise DomainError(_l("The note can be at most %(n)d characters.", n=NOTE_MAX), "note")
    row = design.block(number)
    if base_version is None or base_version != row.version:
        raise StaleBlock(row.version)
    if row.answers == answers and row.choices == choices and row.participation == level:
        return None

    # The check above read a snapshot; this UPDATE is the real guard: of two editors who
    # started from the same version, only the first moves the number on.
    moved = db.session.execute(
        update(TeamDesignBlock)
        .where(TeamDesignBlock.id == row.id, TeamDesignBlock.version == base_version)
        .values(
            version=base_version + 1,
            answers=answers,
            choices=choices,
            participation=level,
            updated_at=utcnow(),
            updated_by_id=actor.id,
        )
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.refresh(row)
        raise StaleBlock(row.version)
    db.session.execute(
        update(TeamDesign)
        .where(TeamDesign.id == design.id)
        .values(revision=TeamDesign.revision + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(design)
    db.session.refresh(row)
    version = TeamDesignBlockVersion(
        design_id=design.id,
        number=number,
        version=base_version + 1,
        revision=design.revision,
        author_id=actor.id,
        answers=answers,
        choices=choices,
        participation=level.value if level else None,
        note=note,
    )
    db.session.add(version)
    db.session.flush()
    logger.info(
        "%s saved block %s of team design %s as version %s",
        actor_label(actor),
        number,
        design.id,
        version.version,
    )
    return version
