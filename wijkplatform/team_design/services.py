"""Every change to a team design: start it, save a block (with a version check), link
accepted Opgaven, publish, the development plan and residents' comments.

Services take the acting user, check the rules, flush and never commit (DESIGN §5).
"""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.moderation import participation_refusal
from wijkplatform.core.text import clean_line, clean_text
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.opgaven.models import Opgave, OpgaveStatus
from wijkplatform.team_design import permissions, queries
from wijkplatform.team_design.models import (
    ACTION_TITLE_MAX,
    COMMENT_MAX,
    NOTE_MAX,
    ActionStatus,
    TeamDesign,
    TeamDesignAction,
    TeamDesignBlock,
    TeamDesignBlockVersion,
    TeamDesignComment,
    TeamDesignOpgave,
)
from wijkplatform.team_design.questions import (
    ANSWER_MAX,
    BLOCKS_BY_NUMBER,
    ParticipationLevel,
)

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


def _ensure_editor(actor, neighbourhood) -> None:
    if not permissions.can_edit_team_design(actor, neighbourhood):
        raise DomainError(
            _l("Only neighbourhood workers and reviewers of this neighbourhood change it."),
            status=403,
        )


def design_of(neighbourhood) -> TeamDesign | None:
    return db.session.scalar(
        select(TeamDesign).where(TeamDesign.neighbourhood_id == neighbourhood.id)
    )


def start_design(actor, neighbourhood) -> TeamDesign:
    """The neighbourhood's team design, started (six empty blocks) if there is none yet."""
    _ensure_editor(actor, neighbourhood)
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
    _ensure_editor(actor, design.neighbourhood)
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
    signals.team_design_saved.send(
        "team_design", actor=actor, design=design, block=number, version=version.version
    )
    return version


# --- Linked Opgaven ------------------------------------------------------------------


def link_opgave(actor, design: TeamDesign, opgave: Opgave | None) -> TeamDesignOpgave:
    """Link an accepted Opgave of the same neighbourhood to block 1."""
    _ensure_editor(actor, design.neighbourhood)
    if opgave is None or opgave.neighbourhood_id != design.neighbourhood_id:
        raise DomainError(_l("Choose an Opgave of this neighbourhood."), "opgave_id")
    if opgave.status != OpgaveStatus.ACCEPTED:
        raise DomainError(_l("Only an accepted Opgave can feed the team design."), "opgave_id")
    existing = db.session.scalar(
        select(TeamDesignOpgave).where(
            TeamDesignOpgave.design_id == design.id, TeamDesignOpgave.opgave_id == opgave.id
        )
    )
    if existing is not None:
        return existing
    link = TeamDesignOpgave(design_id=design.id, opgave_id=opgave.id, linked_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    logger.info("%s linked Opgave %s to team design %s", actor_label(actor), opgave.id, design.id)
    return link


def unlink_opgave(actor, design: TeamDesign, link: TeamDesignOpgave) -> None:
    _ensure_editor(actor, design.neighbourhood)
    if link.design_id != design.id:
        raise DomainError(_l("This Opgave is not linked here."), status=404)
    db.session.delete(link)
    db.session.flush()
    logger.info(
        "%s unlinked Opgave %s from team design %s", actor_label(actor), link.opgave_id, design.id
    )


def acknowledge_opgave_change(actor, design: TeamDesign, link: TeamDesignOpgave) -> None:
    """The workers have looked at what changed in the Opgave: the notice goes away."""
    _ensure_editor(actor, design.neighbourhood)
    if link.design_id != design.id:
        raise DomainError(_l("This Opgave is not linked here."), status=404)
    link.changed_at = None
    link.changed_note = None
    db.session.flush()


def _mark_opgave_changed(opgave: Opgave, note: str) -> None:
    ids = [opgave.id] + ([opgave.based_on_id] if opgave.based_on_id else [])
    db.session.execute(
        update(TeamDesignOpgave)
        .where(TeamDesignOpgave.opgave_id.in_(ids))
        .values(changed_at=utcnow(), changed_note=note[:NOTE_MAX])
        .execution_options(synchronize_session=False)
    )


def on_opgave_status_changed(sender, *, opgave, new_status, **kwargs) -> None:
    """An Opgave the design rests on (or a newer draft of it) changed status."""
    _mark_opgave_changed(opgave, f"status:{getattr(new_status, 'value', new_status)}")


def on_opgave_version_saved(sender, *, opgave, version, **kwargs) -> None:
    _mark_opgave_changed(opgave, f"version:{version}")


# --- Publishing ----------------------------------------------------------------------


def publish(actor, design: TeamDesign) -> None:
    _ensure_editor(actor, design.neighbourhood)
    if design.is_published:
        return
    design.published_at = utcnow()
    db.session.flush()
    logger.info("%s published team design %s", actor_label(actor), design.id)


def unpublish(actor, design: TeamDesign) -> None:
    _ensure_editor(actor, design.neighbourhood)
    design.published_at = None
    db.session.flush()
    logger.info("%s withdrew team design %s from the public", actor_label(actor), design.id)


# --- Development plan ----------------------------------------------------------------


def _clean_action(design, *, block, title, owner_id, due_date):
    title = clean_line(title)
    if not title:
        raise DomainError(_l("Say what must be done."), "title")
    if len(title) > ACTION_TITLE_MAX:
        raise DomainError(_l("This can be at most %(n)d characters.", n=ACTION_TITLE_MAX), "title")
    if block not in BLOCKS_BY_NUMBER:
        raise DomainError(_l("Choose from the list."), "block")
    if owner_id is None or not queries.is_possible_owner(design, owner_id):
        raise DomainError(
            _l("Choose a neighbourhood worker of this neighbourhood or a reviewer."), "owner_id"
        )
    if not isinstance(due_date, date):
        raise DomainError(_l("Give a date."), "due_date")
    return title


def add_action(
    actor, design, *, block: int, title: str, owner_id: int | None, due_date
) -> TeamDesignAction:
    _ensure_editor(actor, design.neighbourhood)
    title = _clean_action(design, block=block, title=title, owner_id=owner_id, due_date=due_date)
    action = TeamDesignAction(
        design_id=design.id,
        block=block,
        title=title,
        owner_id=owner_id,
        due_date=due_date,
        status=ActionStatus.PLANNED,
        created_by_id=actor.id,
    )
    db.session.add(action)
    db.session.flush()
    logger.info("%s added action %s to team design %s", actor_label(actor), action.id, design.id)
    return action


def set_action_status(actor, design, action: TeamDesignAction, status: str) -> None:
    _ensure_editor(actor, design.neighbourhood)
    if action.design_id != design.id:
        raise DomainError(_l("This action is not part of this plan."), status=404)
    try:
        action.status = ActionStatus(status)
    except ValueError:
        raise DomainError(_l("Choose from the list."), "status") from None
    db.session.flush()
    logger.info("%s set action %s to %s", actor_label(actor), action.id, action.status.value)


# --- Comments ------------------------------------------------------------------------


def add_comment(actor, design: TeamDesign, block: int, body: str) -> TeamDesignComment:
    if not permissions.can_comment_on_team_design(actor, design):
        raise DomainError(
            _l("Residents of this neighbourhood comment on the published design."), status=403
        )
    refusal = participation_refusal(actor, design.neighbourhood_id)
    if refusal is not None:
        raise DomainError(refusal, status=403)
    if block not in BLOCKS_BY_NUMBER:
        raise DomainError(_l("There is no such building block."), status=404)
    body = clean_text(body)
    if not body:
        raise DomainError(_l("Write your comment."), "body")
    if len(body) > COMMENT_MAX:
        raise DomainError(_l("A comment can be at most %(n)d characters.", n=COMMENT_MAX), "body")
    comment = TeamDesignComment(design_id=design.id, block=block, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    logger.info("%s commented on block %s of team design %s", actor_label(actor), block, design.id)
    return comment


def hide_comment(actor, design: TeamDesign, comment: TeamDesignComment, reason: str) -> None:
    """Hidden through moderation, like a reaction: logged, reports set aside on restore,
    the author told with the reason."""
    if comment.design_id != design.id:
        raise DomainError(_l("This comment is not here."), status=404)
    moderation_services.hide(actor, comment, reason=reason)


def restore_comment(actor, design: TeamDesign, comment: TeamDesignComment) -> None:
    if comment.design_id != design.id:
        raise DomainError(_l("This comment is not here."), status=404)
    moderation_services.restore(actor, comment)


def export_comments(user) -> list[dict]:
    rows = db.session.scalars(
        select(TeamDesignComment)
        .where(TeamDesignComment.author_id == user.id)
        .order_by(TeamDesignComment.id)
    )
    return [
        {
            "design": r.design_id,
            "block": r.block,
            "body": r.body,
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]


def erase_comments(user) -> None:
    for comment in db.session.scalars(
        select(TeamDesignComment).where(TeamDesignComment.author_id == user.id)
    ):
        db.session.delete(comment)
    db.session.flush()
