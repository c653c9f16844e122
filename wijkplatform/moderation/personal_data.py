"""What moderation holds about a person, for their personal-data export and their erasure.

The export: the reports they made, the blocks put on them, and — for neighbourhood workers —
the moderation steps they took and the official answers they wrote.

Erasure: a report stays as a count (the reporter becomes the tombstone) without the
person's explanation; blocks on them are deleted (a block on an erased account protects
nobody, and its reason is written about them), and the reasons in the audit log of steps
*about* them (blocked, block lifted) are removed. Everything else in the audit log stays:
the steps themselves, and what neighbourhood workers wrote about content.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, select, update

from wijkplatform.extensions import db
from wijkplatform.moderation.models import (
    Block,
    Flag,
    ModerationEvent,
    OfficialAnswer,
    TargetType,
)

logger = logging.getLogger(__name__)


def _iso(moment):
    return moment.isoformat() if moment else None


def export_reports(user) -> list[dict]:
    return [
        {
            "about": flag.target_type.value,
            "id": flag.target_id,
            "reason": flag.reason.value,
            "explanation": flag.text,
            "created_at": _iso(flag.created_at),
            "set_aside_at": _iso(flag.dismissed_at),
        }
        for flag in db.session.scalars(
            select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.id)
        )
    ]


def export_blocks(user) -> list[dict]:
    return [
        {
            "neighbourhood": block.neighbourhood.name,
            "until": block.last_day.isoformat(),
            "reason": block.reason,
            "from": _iso(block.starts_at),
            "lifted_at": _iso(block.lifted_at),
        }
        for block in db.session.scalars(
            select(Block).where(Block.user_id == user.id).order_by(Block.id)
        )
    ]


def export_moderation_steps(user) -> list[dict]:
    """Every step in the audit log taken by the person (a report counts as one)."""
    return [
        {
            "action": event.action.value,
            "about": event.target_type.value,
            "id": event.target_id,
            "reason": event.reason,
            "at": _iso(event.created_at),
        }
        for event in db.session.scalars(
            select(ModerationEvent)
            .where(ModerationEvent.actor_id == user.id)
            .order_by(ModerationEvent.id)
        )
    ]


def export_official_answers(user) -> list[dict]:
    return [
        {
            "contribution_id": answer.contribution_id,
            "status": answer.status.value,
            "body": answer.body,
            "created_at": _iso(answer.created_at),
        }
        for answer in db.session.scalars(
            select(OfficialAnswer)
            .where(OfficialAnswer.author_id == user.id)
            .order_by(OfficialAnswer.id)
        )
    ]


def erase_reports_and_blocks(user) -> None:
    db.session.execute(
        update(Flag)
        .where(Flag.reporter_id == user.id)
        .values(text=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(delete(Block).where(Block.user_id == user.id))
    # The audit log refuses changes through the ORM (ModerationEvent's before_update guard).
    # Erasure is the one exception the law makes: a bulk UPDATE, which that guard does not
    # see, removes only the reasons written about this person; the steps stay.
    db.session.execute(
        update(ModerationEvent)
        .where(
            ModerationEvent.target_type == TargetType.USER,
            ModerationEvent.target_id == user.id,
        )
        .values(reason=None)
        .execution_options(synchronize_session=False)
    )
    logger.info("reports, blocks and audit reasons about user %s erased", user.id)


def init_app(app) -> None:
    from wijkplatform.core import registries

    registries.register_exporter(app, "reports", export_reports)
    registries.register_exporter(app, "blocks", export_blocks)
    registries.register_exporter(app, "moderation_steps", export_moderation_steps)
    registries.register_exporter(app, "official_answers", export_official_answers)
    registries.register_eraser(app, erase_reports_and_blocks)
