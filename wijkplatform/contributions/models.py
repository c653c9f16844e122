"""Contributions, their categories, support votes, comments, follows and links."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from wijkplatform.accounts.models import Organisation, User
from wijkplatform.core.db import TimestampMixin, enum_column, utcnow
from wijkplatform.core.markdown import RENDERER_VERSION, render_markdown, stored_markdown
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
    category: Mapped[str] = mapped_column(String(32), primary_key=True)


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
    # The neighbourhood's municipality, copied when the contribution is created
    # (services.create_contribution), so the municipality list reads one index in its order
    # instead of merging every neighbourhood's (issue 18). A contribution never changes
    # neighbourhood, nor a neighbourhood municipality. No foreign key of its own: the
    # neighbourhood's guards it (migration c3e7a9b1d5f6 says why).
    municipality_id: Mapped[int | None] = mapped_column(Integer)
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
    # The body as sanitised HTML, made by core.markdown.render_markdown whenever the body is
    # set (see `_render_body`), and the renderer version it was made with: a thread of
    # thousands of comments is shown without rendering Markdown (issue 18). A row with an
    # older version (or none) is rendered on the fly until `flask comments rerender`.
    body_html: Mapped[str | None] = mapped_column(Text)
    body_html_version: Mapped[int | None] = mapped_column(Integer)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    author: Mapped[User | None] = relationship(lazy="joined")
    contribution: Mapped[Contribution] = relationship()

    @validates("body")
    def _render_body(self, _key, body):
        # Every write of the body through the ORM (add, edit, removal, any later eraser)
        # keeps the stored HTML in step; bulk UPDATEs of the body must set both themselves.
        self.store_html(body)
        return body

    def store_html(self, body: str | None = None) -> None:
        """Store the HTML of `body` (default: the current body) made by the current renderer."""
        self.body_html = str(render_markdown(self.body if body is None else body))
        self.body_html_version = RENDERER_VERSION

    @property
    def body_rendered(self) -> Markup:
        """The body as safe HTML: the stored HTML when it is current, else rendered now."""
        return stored_markdown(self.body, self.body_html, self.body_html_version)

    @property
    def html_is_current(self) -> bool:
        return self.body_html is not None and self.body_html_version == RENDERER_VERSION

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
# neighbourhood; the counts (total, online/offline, per kind) read only the covering counts
# index. Made by migrations 20261128_1735_5b1e2c9d7a40_contribution_list_indexes and
# 20261201_0540_4a54c754f800_contribution_counts_covering_index (issue 18: status and kind
# joined the counts index, so the counts no longer read the table). On PostgreSQL the list
# indexes carry the status too (migration 20261202_1030_d8f2b6a4e1c9_list_indexes_with_status):
# a page far down (page 50) walks the index past the earlier pages without reading the
# table for each row to leave out merged ones.
Index(
    "ix_contribution_list_top",
    Contribution.neighbourhood_id,
    Contribution.hidden,
    Contribution.support_count,
    Contribution.created_at,
    Contribution.id,
    postgresql_include=["status"],
)
Index(
    "ix_contribution_list_new",
    Contribution.neighbourhood_id,
    Contribution.hidden,
    Contribution.created_at,
    Contribution.id,
    postgresql_include=["status"],
)
Index(
    "ix_contribution_list_discussed",
    Contribution.neighbourhood_id,
    Contribution.hidden,
    Contribution.comment_count,
    Contribution.created_at,
    Contribution.id,
    postgresql_include=["status"],
)
Index(
    "ix_contribution_list_counts_covering",
    Contribution.neighbourhood_id,
    Contribution.hidden,
    Contribution.status,
    Contribution.offline_source,
    Contribution.kind,
)
# A list filtered by one subject counts the neighbourhood's contributions of that subject:
# with the contribution ids in the index, PostgreSQL reads them from the index alone (37
# buffers on the full bench city) instead of visiting the table for each of the subject's
# rows (589 buffers); the first column still serves every look-up by subject. Made by
# migration 20261202_1020_c3e9a7f1d5b4_category_index_with_contribution (issue 18).
Index(
    "ix_contribution_category_category_contribution",
    ContributionCategory.category,
    ContributionCategory.contribution_id,
)
# A thread is shown a page of top-level comments at a time, in (created_at, id) order from a
# keyset (issue 18): this index reads one page in order, and counts the comments before one
# (where a link to a comment lands), without sorting the whole thread. Made by migration
# 20261201_1100_a1c5e7d9f3b2_comment_stored_html.
Index(
    "ix_comment_thread",
    Comment.contribution_id,
    Comment.parent_id,
    Comment.created_at,
    Comment.id,
)
# The moderation queue lists a neighbourhood's hidden reactions on every view: only the hidden
# ones are in this index, so the list reads those and not every thread (issue 18; migration
# 20261202_0530_b7d3f1a9c2e5_hidden_comment_index). Queries say `hidden == true()`, an
# equality both databases match to the index's condition.
Index(
    "ix_comment_hidden",
    Comment.contribution_id,
    postgresql_where=text("hidden"),
    sqlite_where=text("hidden = 1"),
)
# The municipality list: the same per sort and for the count, over a whole municipality
# (issue 18; migration 20261201_1100_c3e7a9b1d5f6_contribution_municipality_id).
Index(
    "ix_contribution_municipality_top",
    Contribution.municipality_id,
    Contribution.hidden,
    Contribution.support_count,
    Contribution.created_at,
    Contribution.id,
)
Index(
    "ix_contribution_municipality_new",
    Contribution.municipality_id,
    Contribution.hidden,
    Contribution.created_at,
    Contribution.id,
)
Index(
    "ix_contribution_municipality_discussed",
    Contribution.municipality_id,
    Contribution.hidden,
    Contribution.comment_count,
    Contribution.created_at,
    Contribution.id,
)
Index(
    "ix_contribution_municipality_counts",
    Contribution.municipality_id,
    Contribution.hidden,
    Contribution.status,
    Contribution.kind,
)
# A neighbourhood worker's inbox (moderation.queries.inbox and its count in the header of
# every page a worker opens): every column of its filter, then its order.
Index(
    "ix_contribution_inbox",
    Contribution.neighbourhood_id,
    Contribution.status,
    Contribution.hidden,
    Contribution.withdrawn_at,
    Contribution.created_at,
    Contribution.id,
)
