"""The team design of a neighbourhood: six blocks of answers and choices with their history,
the linked Opgaven, the development plan and residents' comments per block."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkplatform.accounts.models import User
from wijkplatform.core.db import TimestampMixin, enum_column, utcnow
from wijkplatform.core.moderation import HideableMixin
from wijkplatform.extensions import db
from wijkplatform.team_design.questions import ParticipationLevel

ACTION_TITLE_MAX = 200
COMMENT_MAX = 2_000
NOTE_MAX = 300


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


ACTION_STATUS_LABELS = {
    ActionStatus.PLANNED.value: _l("planned"),
    ActionStatus.IN_PROGRESS.value: _l("in progress"),
    ActionStatus.DONE.value: _l("done"),
    ActionStatus.DROPPED.value: _l("dropped"),
}
OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class TeamDesign(TimestampMixin, db.Model):
    """One per neighbourhood. `revision` counts every saved block: the start document's
    version number."""

    __tablename__ = "team_design"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="RESTRICT"), unique=True
    )
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    neighbourhood = relationship("Neighbourhood", lazy="joined")
    blocks: Mapped[list[TeamDesignBlock]] = relationship(
        order_by="TeamDesignBlock.number", cascade="all, delete-orphan", back_populates="design"
    )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def block(self, number: int) -> TeamDesignBlock:
        return next(block for block in self.blocks if block.number == number)


class TeamDesignBlock(db.Model):
    """The current answers of one building block. A save names the version it started from
    and only goes through while that is still the current one."""

    __tablename__ = "team_design_block"
    __table_args__ = (
        UniqueConstraint("design_id", "number", name="uq_team_design_block_number"),
        CheckConstraint("number BETWEEN 1 AND 6", name="number_is_a_block"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    design_id: Mapped[int] = mapped_column(
        ForeignKey("team_design.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # question key -> text; choice list key -> [option keys]. Keys come from questions.py
    # and are checked by the services.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    choices: Mapped[dict] = mapped_column(JSON, default=dict)
    participation: Mapped[ParticipationLevel | None] = mapped_column(
        enum_column(ParticipationLevel, "participation")
    )
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    design: Mapped[TeamDesign] = relationship(back_populates="blocks")
    updated_by: Mapped[User | None] = relationship(lazy="joined")

    def answer(self, key: str) -> str:
        return (self.answers or {}).get(key, "")

    def chosen(self, key: str) -> list[str]:
        return list((self.choices or {}).get(key, []))


class TeamDesignBlockVersion(db.Model):
    """A block as saved once; the design's history. Rows are only ever added."""

    __tablename__ = "team_design_block_version"
    __table_args__ = (
        UniqueConstraint("design_id", "number", "version", name="uq_team_design_block_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    design_id: Mapped[int] = mapped_column(
        ForeignKey("team_design.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    choices: Mapped[dict] = mapped_column(JSON, default=dict)
    participation: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")

    author: Mapped[User | None] = relationship(lazy="joined")


@event.listens_for(TeamDesignBlockVersion, "before_update")
@event.listens_for(TeamDesignBlockVersion, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise RuntimeError("the team design history is append-only")


class TeamDesignOpgave(db.Model):
    """An accepted Opgave of the same neighbourhood that feeds block 1. `changed_at` is set
    when the Opgave changes after it was linked or last looked at."""

    __tablename__ = "team_design_opgave"
    __table_args__ = (UniqueConstraint("design_id", "opgave_id", name="uq_team_design_opgave"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    design_id: Mapped[int] = mapped_column(
        ForeignKey("team_design.id", ondelete="CASCADE"), index=True
    )
    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgave.id", ondelete="CASCADE"), index=True)
    linked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    changed_note: Mapped[str | None] = mapped_column(String(NOTE_MAX))

    opgave = relationship("Opgave", lazy="joined")


class TeamDesignAction(TimestampMixin, db.Model):
    """One action of the team development plan."""

    __tablename__ = "team_design_action"
    __table_args__ = (CheckConstraint("block BETWEEN 1 AND 6", name="block_is_a_block"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    design_id: Mapped[int] = mapped_column(
        ForeignKey("team_design.id", ondelete="CASCADE"), index=True
    )
    block: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(ACTION_TITLE_MAX))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "status"), default=ActionStatus.PLANNED
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="joined")

    def is_overdue(self, today: date) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.due_date < today


class TeamDesignComment(HideableMixin, TimestampMixin, db.Model):
    """A resident's comment on one block of the published design."""

    __tablename__ = "team_design_comment"
    __table_args__ = (CheckConstraint("block BETWEEN 1 AND 6", name="block_is_a_block"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    design_id: Mapped[int] = mapped_column(
        ForeignKey("team_design.id", ondelete="CASCADE"), index=True
    )
    block: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)

    author: Mapped[User | None] = relationship(lazy="joined")
    design: Mapped[TeamDesign] = relationship()
