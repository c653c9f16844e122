"""Start a draft, start one from an accepted Opgave, and save versions."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from wijkplatform.core import signals
from wijkplatform.core.audit import actor_label
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line, clean_text
from wijkplatform.extensions import db
from wijkplatform.opgaven import backers, permissions, workflow
from wijkplatform.opgaven.models import (
    FOCUS,
    GOALS,
    NOTE_MAX,
    SECTION_KEYS,
    SECTION_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Opgave,
    OpgaveAction,
    OpgaveEvidence,
    OpgaveStatus,
    OpgaveVersion,
)
from wijkplatform.opgaven.services.common import (
    StaleVersion,
    add_event,
    latest_version,
)
from wijkplatform.opgaven.services.evidence import evidence_rows

logger = logging.getLogger(__name__)

# --- Drafts and versions -------------------------------------------------------------


def _clean_title(title: str | None) -> str:
    title = clean_line(title)
    if len(title) < TITLE_MIN:
        raise DomainError(
            _l("Give the Opgave a title of at least %(n)d letters.", n=TITLE_MIN), "title"
        )
    if len(title) > TITLE_MAX:
        raise DomainError(_l("The title can be at most %(n)d letters.", n=TITLE_MAX), "title")
    return title


def _clean_choices(keys, allowed: dict, field: str) -> str:
    keys = list(dict.fromkeys(keys or ()))
    unknown = [key for key in keys if key not in allowed]
    if unknown:
        raise DomainError(_l("Choose from the list."), field)
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
        raise DomainError(
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
    add_event(opgave, actor, OpgaveAction.CREATED, version=1)
    db.session.flush()
    logger.info(
        "%s started Opgave %s in neighbourhood %s", actor_label(actor), opgave.id, neighbourhood.id
    )
    return opgave


def start_from(actor, accepted: Opgave) -> Opgave:
    """A new draft with the text and evidence of an accepted Opgave, which stays as it is."""
    if not permissions.can_start_from(actor, accepted):
        raise DomainError(_l("A new draft starts from an accepted Opgave only."), status=403)
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
    add_event(opgave, actor, OpgaveAction.STARTED_FROM, version=1, detail=accepted.title)
    db.session.flush()
    backers.recount([opgave.id])
    logger.info(
        "%s started Opgave %s from accepted Opgave %s", actor_label(actor), opgave.id, accepted.id
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
        raise DomainError(
            _l("Only neighbourhood workers of this neighbourhood change it."), status=403
        )
    if not workflow.is_editable(opgave.status):
        raise DomainError(_l("This Opgave cannot be changed now."), status=409)
    title = _clean_title(title)
    cleaned = {}
    for key in SECTION_KEYS:
        text = clean_text(texts.get(key))
        if len(text) > SECTION_MAX:
            raise DomainError(_l("This part can be at most %(n)d characters.", n=SECTION_MAX), key)
        cleaned[key] = text
    goal_keys = _clean_choices(goals, GOALS, "goals")
    focus_keys = _clean_choices(focus, FOCUS, "focus")
    note = clean_line(note)
    if len(note) > NOTE_MAX:
        raise DomainError(_l("The note can be at most %(n)d characters.", n=NOTE_MAX), "note")
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
    add_event(opgave, actor, OpgaveAction.SAVED, version=number, detail=note or None)
    db.session.flush()
    logger.info("%s saved version %s of Opgave %s", actor_label(actor), number, opgave.id)
    signals.opgave_version_saved.send("opgaven", actor=actor, opgave=opgave, version=number)
    return version
