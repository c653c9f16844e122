"""Contributions, their categories, support votes, comments, follows and links."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkplatform.accounts.models import Organisation, User
from wijkplatform.core.db import TimestampMixin, enum_column, utcnow
from wijkplatform.core.moderation import HideableMixin
from wijkplatform.extensions import db

TITLE_MIN = 5
TITLE_MAX = 150
BODY_MAX = 10_000
PLACE_MAX = 200
COMMENT_MAX = 5_000


class ContributionKind(StrEnum):
    ISSUE = "issue"  # vraagstuk
    RESOURCE = "resource"  # hulpbron
    POTENTIAL = "potential"  # potentie


KIND_LABELS = {
    ContributionKind.ISSUE.value: _l("issue"),
    ContributionKind.RESOURCE.value: _l("resource"),
    ContributionKind.POTENTIAL.value: _l("potential"),
}
KIND_PLURALS = {
    ContributionKind.ISSUE.value: _l("Issues"),
    ContributionKind.RESOURCE.value: _l("Resources"),
    ContributionKind.POTENTIAL.value: _l("Potentials"),
}
KIND_EXPLANATIONS = {
    ContributionKind.ISSUE.value: _l(
        "An issue is a problem or a need in the neighbourhood. What worries you, "
        "or what is missing?"
    ),
    ContributionKind.RESOURCE.value: _l(
        "A resource is something that already helps people in the neighbourhood: a "
        "community centre, a food bank, a volunteer group, neighbours who look after each other."
    ),
    ContributionKind.POTENTIAL.value: _l(
        "A potential is a strength that is not used yet: people who want to help, an empty "
        "building, a talent or an idea that could grow."
    ),
}
# Resources and potentials can be linked to the issues they could help with.
LINKABLE_KINDS = (ContributionKind.RESOURCE, ContributionKind.POTENTIAL)

# The social-domain categories (DESIGN §3): stable keys in the database, labels translated.
CATEGORIES = {
    "psychosocial": _l("Psychosocial support"),
    "health_care": _l("Physical health and care"),
    "debt_money": _l("Debt and money"),
    "community": _l("Community building"),
    "work": _l("Work and participation"),
    "informal_care": _l("Support for informal carers"),
    "volunteering": _l("Volunteering"),
    "safety": _l("Public safety"),
    "youth_family": _l("Youth and family"),
    "housing": _l("Housing and living environment"),
    "loneliness": _l("Loneliness and social contact"),
    "language_digital": _l("Language and digital skills"),
}


class ContributionStatus(StrEnum):
    OPEN = "open"
    UNDER_CONSIDERATION = "under_consideration"
    INCLUDED = "included"  # included in an Opgave
    ANSWERED = "answered"
    MERGED = "merged"


STATUS_LABELS = {
    ContributionStatus.OPEN.value: _l("open"),
    ContributionStatus.UNDER_CONSIDERATION.value: _l("under consideration"),
    ContributionStatus.INCLUDED.value: _l("included in the task"),
    ContributionStatus.ANSWERED.value: _l("answered"),
    ContributionStatus.MERGED.value: _l("merged with another contribution"),
}
# Support is possible while the neighbourhood still weighs the contribution.
SUPPORTABLE_STATUSES = (ContributionStatus.OPEN, ContributionStatus.UNDER_CONSIDERATION)


class OfflineSource(StrEnum):
    PAPER = "paper"
    MEETING = "meeting"
    DOOR_TO_DOOR = "door_to_door"
    PHONE = "phone"


OFFLINE_SOURCE_LABELS = {
    OfflineSource.PAPER.value: _l("on paper"),
    OfflineSource.MEETING.value: _l("at a meeting"),
    OfflineSource.DOOR_TO_DOOR.value: _l("in a door-to-door round"),
    OfflineSource.PHONE.value: _l("by telephone"),
}


class Stance(StrEnum):
    FOR = "for"
    AGAINST = "against"
    QUESTION = "question"
    NEUTRAL = "neutral"


STANCE_LABELS = {
    Stance.FOR.value: _l("for"),
    Stance.AGAINST.value: _l("against"),
    Stance.QUESTION.value: _l("question"),
    Stance.NEUTRAL.value: _l("neutral"),
}


class ContributionCategory(db.Model):
    __tablename__ = "contribution_category"

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class Contribution(HideableMixin, TimestampMixin, db.Model):
    __tablename__ = "contribution"
    __table_args__ = (
        CheckConstraint("support_count >= 0", name="support_count_not_negative"),
        CheckConstraint("comment_count >= 0", name="comment_count_not_negative"),
        # Typed in by a resident, or recorded by a moderator from paper or a meeting.
        CheckConstraint(
            "author_id IS NOT NULL OR recorded_by_id IS NOT NULL", name="has_author_or_recorder"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[ContributionKind] = mapped_column(
        enum_column(ContributionKind, "kind"), index=True
    )
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="RESTRICT"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(PLACE_MAX))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    status: Mapped[ContributionStatus] = mapped_column(
        enum_column(ContributionStatus, "status"), default=ContributionStatus.OPEN
    )
    # Kept by services with UPDATE … SET n = n ± 1 in the transaction that adds the row.
    support_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    comment_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Paper, meeting or door-to-door input typed in by a moderator.
    offline_source: Mapped[OfflineSource | None] = mapped_column(
        enum_column(OfflineSource, "offline_source")
    )
    offline_date: Mapped[date | None] = mapped_column(Date)
    # Indexed for "my contributions" (queries.user_overview) and the personal data export,
    # which look for author_id = me OR recorded_by_id = me: without it the OR reads the table.
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # Posted on behalf of a verified organisation the author is a member of (optional).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    # A random key from the form, so a double-clicked submit creates one row.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    neighbourhood = relationship("Neighbourhood", lazy="joined")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="joined")
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    category_rows: Mapped[list[ContributionCategory]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=ContributionCategory.category
    )

    @property
    def categories(self) -> list[str]:
        return [row.category for row in self.category_rows]

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_offline(self) -> bool:
        return self.offline_source is not None

    @property
    def is_linkable(self) -> bool:
        return self.kind in LINKABLE_KINDS

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.kind} {self.title!r}>"


class Vote(db.Model):
    """One support vote; the unique constraint is the rule "one per person"."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("user_id", "contribution_id", name="uq_vote_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Follow(db.Model):
    __tablename__ = "follow"
    __table_args__ = (UniqueConstraint("user_id", "contribution_id", name="uq_follow_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Comment(HideableMixin, TimestampMixin, db.Model):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # One level of replies: a reply's parent is always a top-level comment.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    stance: Mapped[Stance] = mapped_column(enum_column(Stance, "stance"), default=Stance.NEUTRAL)
    body: Mapped[str] = mapped_column(Text)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    author: Mapped[User | None] = relationship(lazy="joined")
    contribution: Mapped[Contribution] = relationship()

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


class ContributionLink(db.Model):
    """A resource or potential (source) that could help with an issue (target)."""

    __tablename__ = "contribution_link"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", name="uq_contribution_link_pair"),
        CheckConstraint("source_id <> target_id", name="not_to_itself"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    source: Mapped[Contribution] = relationship(foreign_keys=[source_id])
    target: Mapped[Contribution] = relationship(foreign_keys=[target_id])


# List pages sort one neighbourhood's visible contributions (issue 9, measured with bench/):
# an index per sort lets the database read one page in order instead of sorting the whole
# neighbourhood; the counts (total, online/offline) read only the small counts index.
# Made by migration 20261128_1735_5b1e2c9d7a40_contribution_list_indexes.
Index(
    "ix_contribution_list_top",
    Contribution.neighbourhood_id,
    Contribution.hidden,
    Contribution.support_count,
    Contribution.created_at,
    Contribution.id,
)
Index(
    "ix_contribution_list_new",
    Contribution.neighbourhood_id,
    Contribution.hidden,
    Contribution.created_at,
    Contribution.id,
)
Index(
    "ix_contribution_list_discussed",
    Contribution.neighbourhood_id,
    Contribution.hidden,
    Contribution.comment_count,
    Contribution.created_at,
    Contribution.id,
)
Index(
    "ix_contribution_list_counts",
    Contribution.neighbourhood_id,
    Contribution.hidden,
    Contribution.offline_source,
)
