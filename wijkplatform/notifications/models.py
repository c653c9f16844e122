"""Notifications: one row per person per thing that happened to something they wrote,
support, follow or look after; and how often each person wants an e-mail about each kind."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkplatform.accounts.models import User
from wijkplatform.core.db import enum_column, utcnow
from wijkplatform.extensions import db


class NotificationKind(StrEnum):
    COMMENT_REPLY = "comment_reply"  # a reaction to my contribution or my comment
    CONTRIBUTION_ANSWERED = "contribution_answered"  # an official answer (with a status)
    CONTRIBUTION_MERGED = "contribution_merged"  # merged into another, with the reason
    EVIDENCE_LINKED = "evidence_linked"  # my contribution is evidence in a published Opgave
    OPGAVE_STATUS = "opgave_status"  # an Opgave I reacted to or that uses my contribution
    ORGANISATION_DECIDED = "organisation_decided"  # my organisation verified or rejected
    CONTENT_MODERATED = "content_moderated"  # my contribution or comment hidden / shown again
    CONTENT_FLAGGED = "content_flagged"  # moderators: a new report in their neighbourhood
    CONTRIBUTION_CREATED = "contribution_created"  # moderators: a new contribution
    OPGAVE_WAITING = "opgave_waiting"  # reviewers: an Opgave waits for a decision
    REVIEW_ASKED = "review_asked"  # moderators: an author changed a hidden contribution

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    NotificationKind.COMMENT_REPLY: _l("Reactions to what I wrote"),
    NotificationKind.CONTRIBUTION_ANSWERED: _l("Answers from the neighbourhood worker"),
    NotificationKind.CONTRIBUTION_MERGED: _l("Contributions merged with another"),
    NotificationKind.EVIDENCE_LINKED: _l("My contribution used in an Opgave"),
    NotificationKind.OPGAVE_STATUS: _l("News about an Opgave I care about"),
    NotificationKind.ORGANISATION_DECIDED: _l("Checks of my organisation"),
    NotificationKind.CONTENT_MODERATED: _l("Moderation of what I wrote"),
    NotificationKind.CONTENT_FLAGGED: _l("New reports in my neighbourhoods"),
    NotificationKind.CONTRIBUTION_CREATED: _l("New contributions in my neighbourhoods"),
    NotificationKind.OPGAVE_WAITING: _l("Opgaven waiting for my decision"),
    NotificationKind.REVIEW_ASKED: _l("Hidden contributions changed by their author"),
}


class MergedAs(StrEnum):
    """Why a person hears about a merge: they wrote, supported or followed the contribution
    that was merged into another."""

    AUTHOR = "author"
    SUPPORTER = "supporter"
    FOLLOWER = "follower"


def merged_detail(survivor_id: int, role: MergedAs = MergedAs.AUTHOR) -> str:
    """The detail of a merge notification: the survivor's id ("12"; for a supporter or
    follower "12:supporter", "12:follower")."""
    return str(survivor_id) if role == MergedAs.AUTHOR else f"{survivor_id}:{role}"


def merged_into(detail: str | None) -> tuple[int | None, MergedAs]:
    """(survivor id, role) from a merge notification's detail."""
    survivor, _colon, role = (detail or "").partition(":")
    return (
        int(survivor) if survivor.isdigit() else None,
        MergedAs(role) if role in {member.value for member in MergedAs} else MergedAs.AUTHOR,
    )


class Frequency(StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"

    @property
    def label(self):
        return FREQUENCY_LABELS[self]


FREQUENCY_LABELS = {
    Frequency.IMMEDIATELY: _l("Right away"),
    Frequency.DAILY: _l("Once a day"),
    Frequency.WEEKLY: _l("Once a week"),
    Frequency.NEVER: _l("Never"),
}

# What a person gets before they choose: decisions about their own content at once, the
# rest in a daily digest.
DEFAULT_FREQUENCY = {
    NotificationKind.COMMENT_REPLY: Frequency.DAILY,
    NotificationKind.CONTRIBUTION_ANSWERED: Frequency.IMMEDIATELY,
    NotificationKind.CONTRIBUTION_MERGED: Frequency.IMMEDIATELY,
    NotificationKind.EVIDENCE_LINKED: Frequency.DAILY,
    NotificationKind.OPGAVE_STATUS: Frequency.DAILY,
    NotificationKind.ORGANISATION_DECIDED: Frequency.IMMEDIATELY,
    NotificationKind.CONTENT_MODERATED: Frequency.IMMEDIATELY,
    NotificationKind.CONTENT_FLAGGED: Frequency.IMMEDIATELY,
    NotificationKind.CONTRIBUTION_CREATED: Frequency.DAILY,
    NotificationKind.OPGAVE_WAITING: Frequency.IMMEDIATELY,
    NotificationKind.REVIEW_ASKED: Frequency.IMMEDIATELY,
}


class SubjectType(StrEnum):
    """The thing a notification is about; the notifications page groups by it."""

    CONTRIBUTION = "contribution"
    OPGAVE = "opgave"
    ORGANISATION = "organisation"
    # A neighbourhood's team design (subject_id: the neighbourhood): comments on it.
    TEAM_DESIGN = "team_design"


class Notification(db.Model):
    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind, "kind"))
    subject_type: Mapped[SubjectType] = mapped_column(enum_column(SubjectType, "subject_type"))
    subject_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # A short code for what happened (a new status, "hidden", "restored", a comment id) and
    # the reason a person gave with it (shown to the recipient).
    detail: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set once the mail step has dealt with it (mailed, or not to be mailed).
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

    __table_args__ = (
        Index("ix_notification_recipient_read", "recipient_id", "read_at"),
        Index("ix_notification_recipient_created", "recipient_id", "created_at"),
        Index("ix_notification_mailed_recipient", "mailed_at", "recipient_id"),
    )


class NotificationPreference(db.Model):
    """A person's choice for one kind; without a row, DEFAULT_FREQUENCY holds."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        enum_column(NotificationKind, "kind"), primary_key=True
    )
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "frequency"))
