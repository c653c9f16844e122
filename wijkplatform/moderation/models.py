"""Flags, the audit log, blocks, official answers and merges."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkplatform.accounts.models import User
from wijkplatform.contributions.models import ContributionStatus
from wijkplatform.core.audit import is_command_line_reason
from wijkplatform.core.db import enum_column, utcnow
from wijkplatform.extensions import db

REASON_MAX = 500
ANSWER_MAX = 5_000


class TargetType(StrEnum):
    CONTRIBUTION = "contribution"
    COMMENT = "comment"
    ORGANISATION = "organisation"
    USER = "user"
    # A resident's comment on a block of a team design (registered by team_design through
    # moderation/targets.py).
    DESIGN_COMMENT = "design_comment"


FLAGGABLE = (TargetType.CONTRIBUTION, TargetType.COMMENT, TargetType.DESIGN_COMMENT)

TARGET_LABELS = {
    TargetType.CONTRIBUTION.value: _l("contribution"),
    TargetType.COMMENT.value: _l("reaction"),
    TargetType.ORGANISATION.value: _l("organisation"),
    TargetType.USER.value: _l("resident"),
    TargetType.DESIGN_COMMENT.value: _l("comment on the team design"),
}


class FlagReason(StrEnum):
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    OTHER = "other"


FLAG_REASON_LABELS = {
    FlagReason.OFFENSIVE.value: _l("Offensive or hurtful"),
    FlagReason.PERSONAL_DATA.value: _l("Shares personal data"),
    FlagReason.SPAM.value: _l("Spam or advertising"),
    FlagReason.OFF_TOPIC.value: _l("Not about this neighbourhood or topic"),
    FlagReason.OTHER.value: _l("Something else"),
}


class FlagNotCounted(StrEnum):
    """Why a report does not count toward hiding the item by itself (it still reaches the
    queue). The first three are the rule of accounts.permissions.why_not_counted."""

    NOT_RESIDENT = "not_resident"
    UNCONFIRMED = "unconfirmed"
    NEW_ACCOUNT = "new_account"
    # A neighbourhood worker already looked at reports with this reason and kept the item.
    REASON_DECIDED = "reason_decided"


FLAG_NOT_COUNTED_LABELS = {
    FlagNotCounted.NOT_RESIDENT.value: _l("not a resident of this neighbourhood"),
    FlagNotCounted.UNCONFIRMED.value: _l("e-mail address not confirmed"),
    FlagNotCounted.NEW_ACCOUNT.value: _l("account too new"),
    FlagNotCounted.REASON_DECIDED.value: _l("reason already decided by a neighbourhood worker"),
}


class Action(StrEnum):
    FLAGGED = "flagged"
    AUTO_HIDDEN = "auto_hidden"
    HIDDEN = "hidden"
    RESTORED = "restored"
    FLAGS_DISMISSED = "flags_dismissed"
    MERGED = "merged"
    ANSWERED = "answered"
    BLOCKED = "blocked"
    UNBLOCKED = "unblocked"
    ORGANISATION_VERIFIED = "organisation_verified"
    ORGANISATION_REJECTED = "organisation_rejected"
    PHOTO_REMOVED = "photo_removed"
    # Roles given and taken by a platform administrator (wijkplatform/admin).
    MODERATOR_GRANTED = "moderator_granted"
    MODERATOR_REVOKED = "moderator_revoked"
    REVIEWER_GRANTED = "reviewer_granted"
    REVIEWER_REVOKED = "reviewer_revoked"
    ADMIN_GRANTED = "admin_granted"
    ADMIN_REVOKED = "admin_revoked"


ACTION_LABELS = {
    Action.FLAGGED.value: _l("reported"),
    Action.AUTO_HIDDEN.value: _l("hidden automatically after reports"),
    Action.HIDDEN.value: _l("hidden"),
    Action.RESTORED.value: _l("shown again"),
    Action.FLAGS_DISMISSED.value: _l("reports set aside"),
    Action.MERGED.value: _l("merged"),
    Action.ANSWERED.value: _l("official answer"),
    Action.BLOCKED.value: _l("blocked"),
    Action.UNBLOCKED.value: _l("block lifted"),
    Action.ORGANISATION_VERIFIED.value: _l("organisation verified"),
    Action.ORGANISATION_REJECTED.value: _l("organisation not verified"),
    Action.PHOTO_REMOVED.value: _l("photo removed"),
    Action.MODERATOR_GRANTED.value: _l("made neighbourhood worker"),
    Action.MODERATOR_REVOKED.value: _l("no longer neighbourhood worker"),
    Action.REVIEWER_GRANTED.value: _l("made reviewer for the municipality"),
    Action.REVIEWER_REVOKED.value: _l("no longer reviewer for the municipality"),
    Action.ADMIN_GRANTED.value: _l("made platform administrator"),
    Action.ADMIN_REVOKED.value: _l("no longer platform administrator"),
}

# The statuses a neighbourhood worker sets with an official answer.
ANSWER_STATUSES = (
    ContributionStatus.UNDER_CONSIDERATION,
    ContributionStatus.ANSWERED,
    ContributionStatus.INCLUDED,
)


class Flag(db.Model):
    """One report by one person about one item; the unique constraint is that rule."""

    __tablename__ = "flag"
    __table_args__ = (
        UniqueConstraint("reporter_id", "target_type", "target_id", name="uq_flag_reporter"),
        # The reports on one item: counted before it is hidden automatically
        # (services.flags.active_flag_count), set aside (dismiss_open_flags) and listed on
        # the item page (queries.flags_for). The unique constraint starts with the reporter,
        # so it cannot serve them.
        Index("ix_flag_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    target_type: Mapped[TargetType] = mapped_column(enum_column(TargetType, "target_type"))
    target_id: Mapped[int] = mapped_column(Integer)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[FlagReason] = mapped_column(enum_column(FlagReason, "reason"))
    text: Mapped[str | None] = mapped_column(String(REASON_MAX))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A neighbourhood worker looked and set the report aside; it no longer counts.
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Decided when the report is made: None when it counts toward hiding the item, otherwise
    # why not. Kept, so the worker sees why an item with many reports is still shown.
    not_counted: Mapped[FlagNotCounted | None] = mapped_column(
        enum_column(FlagNotCounted, "not_counted")
    )

    reporter: Mapped[User] = relationship()


class ModerationEvent(db.Model):
    """The audit log. Rows are only ever added: updating or deleting one raises."""

    __tablename__ = "moderation_event"
    # One item's history on the item page (queries.events_for).
    __table_args__ = (Index("ix_moderation_event_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[Action] = mapped_column(enum_column(Action, "action"))
    target_type: Mapped[TargetType] = mapped_column(enum_column(TargetType, "target_type"))
    target_id: Mapped[int] = mapped_column(Integer)
    neighbourhood_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="SET NULL"), index=True
    )
    # The municipality of a reviewer role given or taken (the neighbourhood names the scope of
    # every other step).
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )

    actor: Mapped[User | None] = relationship(lazy="joined")

    @property
    def by_command_line(self) -> bool:
        """Taken with a `flask` command (core.audit.COMMAND_LINE_MARK), not by a person on
        the site nor by the platform itself."""
        return self.actor_id is None and is_command_line_reason(self.reason)


@event.listens_for(ModerationEvent, "before_update")
@event.listens_for(ModerationEvent, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise RuntimeError("The moderation log is append-only")


class Block(db.Model):
    """A resident may not contribute, vote or react in a neighbourhood until `ends_at`."""

    __tablename__ = "moderation_block"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    neighbourhood = relationship("Neighbourhood", lazy="joined")

    @property
    def last_day(self) -> date:
        """The last day the block applies (it ends at the start of the next day)."""
        return (self.ends_at - timedelta(seconds=1)).date()


class OfficialAnswer(db.Model):
    """A neighbourhood worker's answer with the status it set; the newest one is shown."""

    __tablename__ = "official_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status: Mapped[ContributionStatus] = mapped_column(enum_column(ContributionStatus, "status"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")


class ContributionMerge(db.Model):
    """`merged` was a duplicate of `survivor`: its page redirects there."""

    __tablename__ = "contribution_merge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    merged_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), unique=True
    )
    survivor_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
