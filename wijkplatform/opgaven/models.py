"""Opgave drafts (building block 1), their versions, evidence, resident reactions and the
timeline of what happened to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
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
from wijkplatform.contributions.models import Contribution, ContributionKind
from wijkplatform.core.db import TimestampMixin, enum_column, utcnow
from wijkplatform.extensions import db

TITLE_MIN = 5
TITLE_MAX = 150
SECTION_MAX = 20_000
NOTE_MAX = 300
REASON_MAX = 2_000
REACTION_COMMENT_MAX = 1_000
REACTION_DAYS_MAX = 90


class OpgaveStatus(StrEnum):
    DRAFT = "draft"
    OPEN_FOR_REACTIONS = "open_for_reactions"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


STATUS_LABELS = {
    OpgaveStatus.DRAFT.value: _l("draft"),
    OpgaveStatus.OPEN_FOR_REACTIONS.value: _l("open for reactions"),
    OpgaveStatus.SUBMITTED.value: _l("with the municipality"),
    OpgaveStatus.RETURNED.value: _l("returned by the municipality"),
    OpgaveStatus.ACCEPTED.value: _l("accepted by the municipality"),
}


@dataclass(frozen=True)
class Section:
    key: str
    label: object
    hint: object


# The text sections of building block 1 of the instrument, in the order it asks them.
SECTIONS = (
    Section(
        "task",
        _l("The task in one paragraph"),
        _l("What must the neighbourhood team work on here, and why? Keep it to one paragraph."),
    ),
    Section(
        "characteristics",
        _l("Key characteristics of the neighbourhood"),
        _l(
            "Who lives here (age, households, income), what the area is like (housing, "
            "streets, meeting places) and how people live together."
        ),
    ),
    Section(
        "problems",
        _l("Problems"),
        _l("The problems residents and professionals see. Link the issues residents raised."),
    ),
    Section(
        "infrastructure",
        _l("Local infrastructure"),
        _l(
            "Neighbourhood organisations, small businesses, churches and mosques, associations, "
            "informal networks and care networks."
        ),
    ),
    Section(
        "potentials",
        _l("Resources and potentials"),
        _l("What is already there and what could grow: people, places, talents, ideas."),
    ),
    Section(
        "context",
        _l("How the team connects to the neighbourhood"),
        _l("How the team will find and work with what is already in the neighbourhood."),
    ),
    Section(
        "involvement",
        _l("How residents stay involved"),
        _l("How residents help to define the task and to develop the team, now and later."),
    ),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)
SECTION_LABELS = {section.key: section.label for section in SECTIONS}

# Where evidence goes: an issue shows a problem, a resource is part of the infrastructure,
# a potential is a potential. The moderator may choose another of these three.
EVIDENCE_SECTIONS = ("problems", "infrastructure", "potentials")
DEFAULT_EVIDENCE_SECTION = {
    ContributionKind.ISSUE: "problems",
    ContributionKind.RESOURCE: "infrastructure",
    ContributionKind.POTENTIAL: "potentials",
}

GOALS = {
    "resilience": _l("Strengthen social resilience: meeting, bonding, citizen power"),
    "own_direction": _l(
        "Support vulnerable residents to keep direction over their lives and to take part"
    ),
    "cooperation": _l("Good cooperation between professionals within the available means"),
}
FOCUS = {
    "access": _l("Access: one place where residents can go"),
    "arrangements": _l("Welfare arrangements"),
    "individual_care": _l("Individual care and support"),
    "linking": _l("Linking function: connecting residents, organisations and services"),
}

# A reaction is about the whole draft or about one section.
WHOLE = "whole"
REACTION_SECTIONS = (WHOLE, *SECTION_KEYS)
REACTION_SECTION_LABELS = {WHOLE: _l("The whole draft"), **SECTION_LABELS}


class Answer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


ANSWER_LABELS = {
    Answer.YES.value: _l("yes"),
    Answer.PARTLY.value: _l("partly"),
    Answer.NO.value: _l("no"),
}


class OpgaveAction(StrEnum):
    CREATED = "created"
    STARTED_FROM = "started_from"
    SAVED = "saved"
    EVIDENCE_ADDED = "evidence_added"
    EVIDENCE_REMOVED = "evidence_removed"
    REACTIONS_OPENED = "reactions_opened"
    REACTIONS_CLOSED = "reactions_closed"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


ACTION_LABELS = {
    OpgaveAction.CREATED.value: _l("draft started"),
    OpgaveAction.STARTED_FROM.value: _l("draft started from an accepted Opgave"),
    OpgaveAction.SAVED.value: _l("new version saved"),
    OpgaveAction.EVIDENCE_ADDED.value: _l("contribution linked"),
    OpgaveAction.EVIDENCE_REMOVED.value: _l("contribution unlinked"),
    OpgaveAction.REACTIONS_OPENED.value: _l("opened for reactions"),
    OpgaveAction.REACTIONS_CLOSED.value: _l("reactions closed"),
    OpgaveAction.SUBMITTED.value: _l("submitted to the municipality"),
    OpgaveAction.RETURNED.value: _l("returned by the municipality"),
    OpgaveAction.ACCEPTED.value: _l("accepted by the municipality"),
}


class Opgave(TimestampMixin, db.Model):
    __tablename__ = "opgave"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    status: Mapped[OpgaveStatus] = mapped_column(
        enum_column(OpgaveStatus, "status"), default=OpgaveStatus.DRAFT
    )
    # The number of the latest version. A save names the version it started from and only
    # goes through while that is still the latest (UPDATE … WHERE current_version = n).
    current_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Residents react up to and including this day, while the status is open for reactions.
    reactions_until: Mapped[date | None] = mapped_column(Date)
    # A draft sent to the municipality before its reaction period ended: the day, and why
    # (the worker must say). Opening a new period clears both.
    reactions_cut_short_on: Mapped[date | None] = mapped_column(Date)
    cut_short_reason: Mapped[str | None] = mapped_column(Text)
    submitted_version: Mapped[int | None] = mapped_column(Integer)
    # Set when the draft is first shown to residents or the municipality; before that only
    # neighbourhood workers see it.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    based_on_id: Mapped[int | None] = mapped_column(
        ForeignKey("opgave.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    neighbourhood = relationship("Neighbourhood", lazy="joined")
    based_on: Mapped[Opgave | None] = relationship(remote_side=[id])

    @property
    def is_public(self) -> bool:
        return self.published_at is not None

    def __repr__(self) -> str:
        return f"<Opgave {self.id} {self.status} v{self.current_version}>"


class OpgaveVersion(db.Model):
    """The whole text of a draft as saved once; versions are never changed afterwards."""

    __tablename__ = "opgave_version"
    __table_args__ = (UniqueConstraint("opgave_id", "number", name="uq_opgave_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgave.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    task: Mapped[str] = mapped_column(Text, default="")
    characteristics: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    infrastructure: Mapped[str] = mapped_column(Text, default="")
    potentials: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[str] = mapped_column(Text, default="")
    involvement: Mapped[str] = mapped_column(Text, default="")
    # Keys from GOALS and FOCUS, space separated.
    goals: Mapped[str] = mapped_column(String(200), default="")
    focus: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")

    author: Mapped[User | None] = relationship(lazy="joined")

    @property
    def goal_keys(self) -> list[str]:
        return [key for key in GOALS if key in self.goals.split()]

    @property
    def focus_keys(self) -> list[str]:
        return [key for key in FOCUS if key in self.focus.split()]

    def text_of(self, section: str) -> str:
        return getattr(self, section)


class OpgaveEvidence(db.Model):
    """A contribution that shows what a section says: the link from resident input to task."""

    __tablename__ = "opgave_evidence"
    __table_args__ = (
        UniqueConstraint("opgave_id", "contribution_id", name="uq_opgave_evidence_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgave.id", ondelete="CASCADE"), index=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[str] = mapped_column(String(32))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The contribution's status before it was first included, given back when unlinked.
    previous_status: Mapped[str | None] = mapped_column(String(32))

    contribution: Mapped[Contribution] = relationship(lazy="joined")


class OpgaveBacker(db.Model):
    """Someone behind the evidence of an Opgave: the author or a supporter of at least one
    linked contribution. `refs` is how many of those (author and supporter of one
    contribution: two), so a link, unlink, support or withdrawn support changes one number
    and the person goes when it reaches nought. Kept by `opgaven.backers` in the transaction
    of each such change; whether the person counts as a resident of the neighbourhood is
    asked when the figure is read (the rule depends on roles, accounts and time)."""

    __tablename__ = "opgave_backer"

    opgave_id: Mapped[int] = mapped_column(
        ForeignKey("opgave.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    refs: Mapped[int] = mapped_column(Integer)


class OpgaveReaction(TimestampMixin, db.Model):
    """A resident's answer to "does this describe our neighbourhood?", once per section."""

    __tablename__ = "opgave_reaction"
    __table_args__ = (
        UniqueConstraint("opgave_id", "user_id", "section", name="uq_opgave_reaction_once"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgave.id", ondelete="CASCADE"), index=True)
    # Kept as a count when the resident erases their account.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    section: Mapped[str] = mapped_column(String(32))
    answer: Mapped[Answer] = mapped_column(enum_column(Answer, "answer"))
    comment: Mapped[str] = mapped_column(String(REACTION_COMMENT_MAX), default="")
    version_number: Mapped[int] = mapped_column(Integer)


class OpgaveEvent(db.Model):
    """The draft's timeline. Rows are only ever added: updating or deleting one raises."""

    __tablename__ = "opgave_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgave.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[OpgaveAction] = mapped_column(enum_column(OpgaveAction, "action"))
    version_number: Mapped[int | None] = mapped_column(Integer)
    # A reason (returned), a note (saved) or what was linked; shown on the timeline.
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")


@event.listens_for(OpgaveEvent, "before_update")
@event.listens_for(OpgaveEvent, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise RuntimeError("the Opgave timeline is append-only")
