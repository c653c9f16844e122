"""What moderation holds about a person, for their personal-data export: the reports they
made and the blocks a neighbourhood worker put on them. Erasure keeps both under the
pseudonymous account number, as the audit log does."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.extensions import db
from wijkplatform.moderation.models import Block, Flag


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


def init_app(app) -> None:
    from wijkplatform.core import registries

    registries.register_exporter(app, "reports", export_reports)
    registries.register_exporter(app, "blocks", export_blocks)
