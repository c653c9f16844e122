"""Every change to an Opgave: drafts and versions, evidence, reactions and the workflow.

Services take the acting user, check the rules, flush and never commit (DESIGN §5). Each
change adds a line to the draft's timeline.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from wijkplatform.contributions.models import Contribution, ContributionStatus
from wijkplatform.contributions.services.common import normalise_line, normalise_text
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.opgaven import permissions, workflow
from wijkplatform.opgaven.models import (
    DEFAULT_EVIDENCE_SECTION,
    EVIDENCE_SECTIONS,
    FOCUS,
    GOALS,
    NOTE_MAX,
    REACTION_COMMENT_MAX,
    REACTION_DAYS_MAX,
    REACTION_SECTIONS,
    REASON_MAX,
    SECTION_KEYS,
    SECTION_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Answer,
    Opgave,
    OpgaveAction,
    OpgaveEvent,
    OpgaveEvidence,
    OpgaveReaction,
    OpgaveStatus,
    OpgaveVersion,
)
from wijkplatform.opgaven.workflow import Step

logger = logging.getLogger(__name__)

_signals = Namespace()
# Sent when a contribution becomes evidence for an Opgave, so a notification feature can tell
# its author and followers by e-mail later; the site already shows it on their account page.
contribution_included = _signals.signal("contribution-included")


class OpgaveError(Exception):
    """A rule about Opgaven was broken; `field` names the form field it belongs to."""

    def __init__(self, message, field: str | None = None, status: int = 422):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status


class StaleVersion(OpgaveError):
    """Someone saved a newer version after the editor opened the form."""

    def __init__(self, current: int):
        super().__init__(
            _l(
                "Someone else saved version %(number)d while you were editing. Your text is "
                "kept below. Look at what changed, then save again.",
                number=current,
            ),
            status=409,
        )
        self.current = current


def _actor(user) -> str:
    return f"user {user.id}" if user is not None else "system"


def _event(opgave: Opgave, actor, action: OpgaveAction, *, detail=None, version=None) -> None:
    db.session.add(
        OpgaveEvent(
            opgave_id=opgave.id,
            actor_id=actor.id if actor is not None else None,
            action=action,
            version_number=version,
            detail=detail,
        )
    )


def latest_version(opgave: Opgave) -> OpgaveVersion | None:
    return db.session.scalar(
        select(OpgaveVersion).where(
            OpgaveVersion.opgave_id == opgave.id, OpgaveVersion.number == opgave.current_version
        )
    )


# --- Drafts and versions -------------------------------------------------------------


def _clean_title(title: str | None) -> str:
    title = normalise_line(title)
    if len(title) < TITLE_MIN:
        raise OpgaveError(
            _l("Give the Opgave a title of at least %(n)d letters.", n=TITLE_MIN), "title"
        )
    if len(title) > TITLE_MAX:
        raise OpgaveError(_l("The title can be at most %(n)d letters.", n=TITLE_MAX), "title")
    return title


def _clean_choices(keys, allowed: dict, field: str) -> str:
    keys = list(dict.fromkeys(keys or ()))
    unknown = [key for key in keys if key not in allowed]
    if unknown:
        raise OpgaveError(_l("Choose from the list."), field)
    return " ".join(key for key in allowed if key in keys)


def _new_version(opgave, actor, number, *, title, texts, goals="", focus="", note=""):
    version = OpgaveVersion(
        opgave_id=opgave.id,
        number=number,
        author_id=actor.id if actor is not None else None,
        title=title,
        goals=goals,
        focus=focus,
        note=note,
        **{key: texts.get(key, "") for key in SECTION_KEYS},
    )
    db.session.add(version)
    return version


def create_opgave(actor, neighbourhood, *, title: str) -> Opgave:
    """Start an empty draft (version 1) in `neighbourhood`."""
    if not permissions.can_write_opgave(actor, neighbourhood):
        raise OpgaveError(
            _l("Only neighbourhood workers of %(name)s start an Opgave.", name=neighbourhood.name),
            status=403,
        )
    title = _clean_title(title)
    opgave = Opgave(
        neighbourhood_id=neighbourhood.id,
        title=title,
        status=OpgaveStatus.DRAFT,
        current_version=1,
        created_by_id=actor.id,
    )
    db.session.add(opgave)
    db.session.flush()
    _new_version(opgave, actor, 1, title=title, texts={})
    _event(opgave, actor, OpgaveAction.CREATED, version=1)
    db.session.flush()
    logger.info(
        "%s started Opgave %s in neighbourhood %s", _actor(actor), opgave.id, neighbourhood.id
    )
    return opgave


def start_from(actor, accepted: Opgave) -> Opgave:
    """A new draft with the text and evidence of an accepted Opgave, which stays as it is."""
    if not permissions.can_start_from(actor, accepted):
        raise OpgaveError(_l("A new draft starts from an accepted Opgave only."), status=403)
    source = latest_version(accepted)
    opgave = Opgave(
        neighbourhood_id=accepted.neighbourhood_id,
        title=accepted.title,
        status=OpgaveStatus.DRAFT,
        current_version=1,
        based_on_id=accepted.id,
        created_by_id=actor.id,
    )
    db.session.add(opgave)
    db.session.flush()
    _new_version(
        opgave,
        actor,
        1,
        title=source.title,
        texts={key: source.text_of(key) for key in SECTION_KEYS},
        goals=source.goals,
        focus=source.focus,
    )
    for evidence in evidence_rows(accepted):
        db.session.add(
            OpgaveEvidence(
                opgave_id=opgave.id,
                contribution_id=evidence.contribution_id,
                section=evidence.section,
                created_by_id=actor.id,
                previous_status=evidence.previous_status,
            )
        )
    _event(opgave, actor, OpgaveAction.STARTED_FROM, version=1, detail=accepted.title)
    db.session.flush()
    logger.info(
        "%s started Opgave %s from accepted Opgave %s", _actor(actor), opgave.id, accepted.id
    )
    return opgave


def save_version(
    actor,
    opgave: Opgave,
    *,
    base_version: int | None,
    title: str,
    texts: dict[str, str],
    goals=(),
    focus=(),
    note: str = "",
) -> OpgaveVersion | None:
    """Save the form as the next version. `base_version` is the version the editor started
    from: when someone saved after that, StaleVersion is raised and nothing is saved.
    Returns None when nothing changed."""
    if not permissions.can_write_opgave(actor, opgave.neighbourhood):
        raise OpgaveError(
            _l("Only neighbourhood workers of this neighbourhood change it."), status=403
        )
    if not workflow.is_editable(opgave.status):
        raise OpgaveError(_l("This Opgave cannot be changed now."), status=409)
    title = _clean_title(title)
    cleaned = {}
    for key in SECTION_KEYS:
        text = normalise_text(texts.get(key))
        if len(text) > SECTION_MAX:
            raise OpgaveError(_l("This part can be at most %(n)d characters.", n=SECTION_MAX), key)
        cleaned[key] = text
    goal_keys = _clean_choices(goals, GOALS, "goals")
    focus_keys = _clean_choices(focus, FOCUS, "focus")
    note = normalise_line(note)
    if len(note) > NOTE_MAX:
        raise OpgaveError(_l("The note can be at most %(n)d characters.", n=NOTE_MAX), "note")
    if base_version is None or base_version != opgave.current_version:
        raise StaleVersion(opgave.current_version)

    current = latest_version(opgave)
    if (
        current is not None
        and current.title == title
        and current.goals == goal_keys
        and current.focus == focus_keys
        and all(current.text_of(key) == cleaned[key] for key in SECTION_KEYS)
    ):
        return None

    # The check above read a snapshot; this UPDATE is the real guard: of two editors who
    # started from the same version, only the first moves the number on.
    moved = db.session.execute(
        update(Opgave)
        .where(Opgave.id == opgave.id, Opgave.current_version == base_version)
        .values(current_version=base_version + 1, title=title, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.refresh(opgave)
        raise StaleVersion(opgave.current_version)
    db.session.refresh(opgave)
    number = base_version + 1
    version = _new_version(
        opgave,
        actor,
        number,
        title=title,
        texts=cleaned,
        goals=goal_keys,
        focus=focus_keys,
        note=note,
    )
    _event(opgave, actor, OpgaveAction.SAVED, version=number, detail=note or None)
    db.session.flush()
    logger.info("%s saved version %s of Opgave %s", _actor(actor), number, opgave.id)
    return version


# --- Evidence ------------------------------------------------------------------------


def evidence_rows(opgave: Opgave) -> list[OpgaveEvidence]:
    return list(
        db.session.scalars(
            select(OpgaveEvidence)
            .where(OpgaveEvidence.opgave_id == opgave.id)
            .order_by(OpgaveEvidence.id)
        )
    )


def link_refusal(opgave: Opgave, contribution: Contribution):
    """Why `contribution` cannot be evidence for `opgave`, or None."""
    if contribution.neighbourhood_id != opgave.neighbourhood_id:
        return _l("Choose a contribution from this neighbourhood.")
    if contribution.hidden:
        return _l("This contribution is hidden by a moderator, so it cannot be evidence.")
    if contribution.status == ContributionStatus.MERGED:
        return _l("This contribution was merged with another one. Link that one instead.")
    if contribution.withdrawn:
        return _l("The author withdrew this contribution, so it cannot be evidence.")
    return None


def link_evidence(actor, opgave: Opgave, contribution: Contribution, *, section=None):
    """Link `contribution` to a section as evidence; it gets the status "included"."""
    if not permissions.can_edit_opgave(actor, opgave):
        raise OpgaveError(_l("You cannot change the evidence of this Opgave now."), status=403)
    section = section or DEFAULT_EVIDENCE_SECTION[contribution.kind]
    if section not in EVIDENCE_SECTIONS:
        raise OpgaveError(_l("Choose a part of the Opgave from the list."), "section")
    refusal = link_refusal(opgave, contribution)
    if refusal:
        raise OpgaveError(refusal, "contribution_id")
    existing = db.session.scalar(
        select(OpgaveEvidence).where(
            OpgaveEvidence.opgave_id == opgave.id,
            OpgaveEvidence.contribution_id == contribution.id,
        )
    )
    if existing is not None:
        raise OpgaveError(
            _l("This contribution is already linked to this Opgave."), "contribution_id"
        )
    evidence = OpgaveEvidence(
        opgave_id=opgave.id,
        contribution_id=contribution.id,
        section=section,
        created_by_id=actor.id,
        previous_status=contribution.status.value,
    )
    try:
        with db.session.begin_nested():
            db.session.add(evidence)
    except IntegrityError:
        raise OpgaveError(
            _l("This contribution is already linked to this Opgave."), "contribution_id"
        ) from None
    if contribution.status != ContributionStatus.INCLUDED:
        contribution.status = ContributionStatus.INCLUDED
    _event(
        opgave,
        actor,
        OpgaveAction.EVIDENCE_ADDED,
        detail=contribution.title,
        version=opgave.current_version,
    )
    db.session.flush()
    contribution_included.send(None, opgave=opgave, contribution=contribution)
    logger.info(
        "%s linked contribution %s to Opgave %s (%s)",
        _actor(actor),
        contribution.id,
        opgave.id,
        section,
    )
    return evidence


def unlink_evidence(actor, opgave: Opgave, evidence: OpgaveEvidence) -> None:
    if not permissions.can_edit_opgave(actor, opgave) or evidence.opgave_id != opgave.id:
        raise OpgaveError(_l("You cannot change the evidence of this Opgave now."), status=403)
    contribution = evidence.contribution
    db.session.delete(evidence)
    db.session.flush()
    still_used = db.session.scalar(
        select(OpgaveEvidence.id).where(OpgaveEvidence.contribution_id == contribution.id).limit(1)
    )
    if (
        still_used is None
        and contribution.status == ContributionStatus.INCLUDED
        and evidence.previous_status
        and evidence.previous_status != ContributionStatus.INCLUDED.value
    ):
        contribution.status = ContributionStatus(evidence.previous_status)
    _event(
        opgave,
        actor,
        OpgaveAction.EVIDENCE_REMOVED,
        detail=contribution.title,
        version=opgave.current_version,
    )
    db.session.flush()
    logger.info(
        "%s unlinked contribution %s from Opgave %s", _actor(actor), contribution.id, opgave.id
    )


# --- Workflow ------------------------------------------------------------------------


def _take_step(actor, opgave: Opgave, step: Step, **values) -> OpgaveStatus:
    target = workflow.next_status(opgave.status, step)
    if target is None:
        raise OpgaveError(_l("This step is not possible now. Reload the page."), status=409)
    if not permissions.can_take_step(actor, opgave, step):
        raise OpgaveError(_l("You may not take this step."), status=403)
    # Conditional on the status read, so two people deciding at once cannot both win.
    moved = db.session.execute(
        update(Opgave)
        .where(Opgave.id == opgave.id, Opgave.status == opgave.status)
        .values(status=target, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.refresh(opgave)
        raise OpgaveError(
            _l("Someone else changed this Opgave just now. Reload the page."), status=409
        )
    db.session.refresh(opgave)
    return target


def open_reactions(actor, opgave: Opgave, *, until: date | None, today: date) -> None:
    if until is None or until < today + timedelta(days=1):
        raise OpgaveError(_l("Choose a last day after today."), "until")
    if until > today + timedelta(days=REACTION_DAYS_MAX):
        raise OpgaveError(
            _l("Reactions can be open for at most %(n)d days.", n=REACTION_DAYS_MAX), "until"
        )
    values = {"reactions_until": until}
    if opgave.published_at is None:
        values["published_at"] = utcnow()
    _take_step(actor, opgave, Step.OPEN_REACTIONS, **values)
    _event(
        opgave,
        actor,
        OpgaveAction.REACTIONS_OPENED,
        version=opgave.current_version,
        detail=until.isoformat(),
    )
    db.session.flush()
    logger.info("%s opened Opgave %s for reactions until %s", _actor(actor), opgave.id, until)


def close_reactions(actor, opgave: Opgave) -> None:
    _take_step(actor, opgave, Step.CLOSE_REACTIONS)
    _event(opgave, actor, OpgaveAction.REACTIONS_CLOSED, version=opgave.current_version)
    db.session.flush()
    logger.info("%s closed reactions on Opgave %s", _actor(actor), opgave.id)


def submit(actor, opgave: Opgave) -> None:
    """Send the latest version to the municipality; it stays as it is until decided."""
    version = latest_version(opgave)
    if version is None or not version.task.strip():
        raise OpgaveError(_l("Write the task in one paragraph before you submit."), "task")
    values = {"submitted_version": opgave.current_version}
    if opgave.published_at is None:
        values["published_at"] = utcnow()
    _take_step(actor, opgave, Step.SUBMIT, **values)
    _event(opgave, actor, OpgaveAction.SUBMITTED, version=opgave.current_version)
    db.session.flush()
    logger.info(
        "%s submitted version %s of Opgave %s", _actor(actor), opgave.current_version, opgave.id
    )


def return_opgave(actor, opgave: Opgave, *, reasons: str) -> None:
    reasons = normalise_text(reasons)
    if len(reasons) < 10:
        raise OpgaveError(_l("Explain what must change (at least 10 characters)."), "reasons")
    if len(reasons) > REASON_MAX:
        raise OpgaveError(
            _l("The reasons can be at most %(n)d characters.", n=REASON_MAX), "reasons"
        )
    _take_step(actor, opgave, Step.RETURN)
    _event(opgave, actor, OpgaveAction.RETURNED, version=opgave.submitted_version, detail=reasons)
    db.session.flush()
    logger.info("%s returned Opgave %s", _actor(actor), opgave.id)


def accept(actor, opgave: Opgave, *, remarks: str = "") -> None:
    remarks = normalise_text(remarks)
    if len(remarks) > REASON_MAX:
        raise OpgaveError(
            _l("The remarks can be at most %(n)d characters.", n=REASON_MAX), "reasons"
        )
    _take_step(actor, opgave, Step.ACCEPT)
    _event(
        opgave,
        actor,
        OpgaveAction.ACCEPTED,
        version=opgave.submitted_version,
        detail=remarks or None,
    )
    db.session.flush()
    logger.info("%s accepted Opgave %s", _actor(actor), opgave.id)


# --- Reactions -----------------------------------------------------------------------


def react(user, opgave: Opgave, answers: dict[str, tuple[str, str]], *, today: date) -> int:
    """Save a resident's answers: {section: (answer, comment)}; an empty answer leaves that
    section out (and takes back an earlier answer there). Returns how many answers stand."""
    if not permissions.can_react_to_opgave(user, opgave, today):
        raise OpgaveError(_l("You cannot react to this draft now."), status=403)
    cleaned = {}
    for section, (answer, comment) in answers.items():
        if section not in REACTION_SECTIONS:
            raise OpgaveError(_l("Choose a part of the Opgave from the list."), status=422)
        comment = normalise_text(comment)
        if len(comment) > REACTION_COMMENT_MAX:
            raise OpgaveError(
                _l("A comment can be at most %(n)d characters.", n=REACTION_COMMENT_MAX),
                f"{section}-comment",
            )
        if not answer:
            if comment:
                raise OpgaveError(
                    _l("Choose yes, partly or no to go with your comment."), f"{section}-answer"
                )
            cleaned[section] = None
            continue
        if answer not in {a.value for a in Answer}:
            raise OpgaveError(_l("Choose yes, partly or no."), f"{section}-answer")
        cleaned[section] = (Answer(answer), comment)
    if not any(cleaned.values()):
        raise OpgaveError(
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
    for section, value in cleaned.items():
        row = existing.get(section)
        if value is None:
            if row is not None:
                db.session.delete(row)
            continue
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
    try:
        db.session.flush()
    except IntegrityError:
        # The same resident sent the form twice at once: the first one counts.
        db.session.rollback()
        raise OpgaveError(
            _l("Your answers were already saved. Reload the page."), status=409
        ) from None
    logger.info("user %s reacted to Opgave %s", user.id, opgave.id)
    return sum(1 for value in cleaned.values() if value)


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
