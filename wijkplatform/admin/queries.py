"""What the admin pages read. The user list costs the same number of queries for every page
and every page size: the page, the total, the memberships of the people on it (one selectin
query with their places) and their active blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, lazyload

from wijkplatform.accounts.models import User
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.moderation.models import Block, ModerationEvent, TargetType
from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood

PER_PAGE = 25
SEARCH_MAX = 100
EVENTS_SHOWN = 100


@dataclass
class UserPage:
    items: list[User]
    page: int
    pages: int
    total: int
    q: str
    # user id -> the active blocks of that person
    blocks: dict[int, list[Block]] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _like(q: str) -> str:
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def users_page(q: str = "", page: int = 1, per_page: int = PER_PAGE) -> UserPage:
    """People (erased accounts left out), searched by name or e-mail address, by name."""
    q = (q or "").strip()[:SEARCH_MAX]
    conditions = [User.erased_at.is_(None)]
    if q:
        pattern = _like(q)
        conditions.append(
            or_(
                func.lower(User.display_name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
            )
        )
    total = db.session.scalar(select(func.count(User.id)).where(*conditions))
    pages = max(1, ceil(total / per_page))
    page = min(max(1, page), pages)
    users = list(
        db.session.scalars(
            select(User)
            .where(*conditions)
            .order_by(func.lower(User.display_name), User.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return UserPage(
        items=users, page=page, pages=pages, total=total, q=q, blocks=active_blocks(users)
    )


def active_blocks(users) -> dict[int, list[Block]]:
    ids = [user.id for user in users]
    if not ids:
        return {}
    now = utcnow()
    rows = db.session.scalars(
        select(Block)
        .where(
            Block.user_id.in_(ids),
            Block.lifted_at.is_(None),
            Block.starts_at <= now,
            Block.ends_at > now,
        )
        .order_by(Block.ends_at)
        # The people are on the page already; loading them again would load their roles.
        .options(lazyload(Block.user))
    )
    found: dict[int, list[Block]] = {}
    for row in rows:
        found.setdefault(row.user_id, []).append(row)
    return found


def events_about(user: User) -> list[ModerationEvent]:
    """The audit log about this person (roles given and taken, blocks), newest first."""
    return list(
        db.session.scalars(
            select(ModerationEvent)
            .where(
                ModerationEvent.target_type == TargetType.USER,
                ModerationEvent.target_id == user.id,
            )
            .order_by(ModerationEvent.created_at.desc(), ModerationEvent.id.desc())
            .limit(EVENTS_SHOWN)
        )
    )


def neighbourhoods() -> list[Neighbourhood]:
    return list(
        db.session.scalars(
            select(Neighbourhood)
            .join(Municipality, Municipality.id == Neighbourhood.municipality_id)
            .options(contains_eager(Neighbourhood.municipality))
            .order_by(Municipality.name, Neighbourhood.name)
        )
    )


def municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))
