"""Users and their scoped roles (memberships)."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkplatform.core.db import TimestampMixin, enum_column, utcnow
from wijkplatform.extensions import db


class Role(StrEnum):
    RESIDENT = "resident"  # per neighbourhood
    MODERATOR = "moderator"  # per neighbourhood (wijkwerker)
    REVIEWER = "reviewer"  # per municipality (gemeente)
    ADMIN = "admin"  # platform-wide


ROLE_LABELS = {
    Role.RESIDENT.value: _l("resident"),
    Role.MODERATOR.value: _l("neighbourhood worker (moderator)"),
    Role.REVIEWER.value: _l("reviewer for the municipality"),
    Role.ADMIN.value: _l("platform administrator"),
}


# Shown beside an author's name, computed from their roles in the place the text belongs to
# (accounts.permissions.author_badges), never from the name they chose.
class Badge(StrEnum):
    NEIGHBOURHOOD_WORKER = "neighbourhood_worker"
    MUNICIPALITY = "municipality"
    VERIFIED_ORGANISATION = "verified_organisation"


BADGE_LABELS = {
    Badge.NEIGHBOURHOOD_WORKER.value: _l("neighbourhood worker"),
    Badge.MUNICIPALITY.value: _l("municipality"),
    Badge.VERIFIED_ORGANISATION.value: _l("verified organisation"),
}

NEIGHBOURHOOD_ROLES = (Role.RESIDENT, Role.MODERATOR)
MUNICIPALITY_ROLES = (Role.REVIEWER,)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class AgeGroup(StrEnum):
    """The age groups of the area profile (CBS), so who takes part can be compared with who
    lives in the neighbourhood."""

    AGE_15_24 = "15_24"
    AGE_25_44 = "25_44"
    AGE_45_64 = "45_64"
    AGE_65_PLUS = "65_plus"


AGE_GROUP_LABELS = {
    AgeGroup.AGE_15_24.value: _l("15 to 25 years"),
    AgeGroup.AGE_25_44.value: _l("25 to 45 years"),
    AgeGroup.AGE_45_64.value: _l("45 to 65 years"),
    AgeGroup.AGE_65_PLUS.value: _l("65 years or older"),
}


class YearsHere(StrEnum):
    LESS_THAN_2 = "less_than_2"
    FROM_2_TO_10 = "2_to_10"
    MORE_THAN_10 = "more_than_10"


YEARS_HERE_LABELS = {
    YearsHere.LESS_THAN_2.value: _l("less than 2 years"),
    YearsHere.FROM_2_TO_10.value: _l("2 to 10 years"),
    YearsHere.MORE_THAN_10.value: _l("more than 10 years"),
}


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"
    # Unique addresses are compared lower-cased; the database refuses anything else.
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower_case"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Always stored lower-cased by the services, so uniqueness is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Stored in the session at login and compared on every request; a new value (logout,
    # password change, erasure) ends every session made with the old one.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # TOTP two-factor: the base32 secret once set up, and the last time step used (a code
    # is accepted once only).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Set when the account was erased: the row stays as a tombstone so content keeps its
    # author, but holds no personal data.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the owner of the address confirmed it (REQUIRE_EMAIL_CONFIRMATION). Accounts made
    # by an administrator, the CLI or the demo count as confirmed when they are made.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Optional, given by the person so the municipality can see which groups are missing
    # (only ever shown as counts of 10 or more); erased with the account.
    age_group: Mapped[AgeGroup | None] = mapped_column(enum_column(AgeGroup, "age_group"))
    years_here: Mapped[YearsHere | None] = mapped_column(enum_column(YearsHere, "years_here"))

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive accounts cannot log in
        return self.active

    @property
    def public_name(self):
        """The name to show others (see `public_name`)."""
        return public_name(self)

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.display_name!r}>"


class RecoveryCode(db.Model):
    """A single-use code that stands in for the TOTP code at login (accounts/recovery_codes.py).
    Only a keyed hash is stored; a code that has been used is deleted."""

    __tablename__ = "recovery_code"
    __table_args__ = (UniqueConstraint("user_id", "code_hash", name="uq_recovery_code_user_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id}>"


class LinkPurpose(StrEnum):
    """What a mailed link may do; a link made for one purpose never works for another."""

    CONFIRM_EMAIL = "confirm_email"  # confirm the address of a new account
    CHANGE_EMAIL = "change_email"  # make the address the link was sent to the account's own
    RESET_PASSWORD = "reset_password"  # choose a new password


class MailedToken(db.Model):
    """A one-time link sent by mail (accounts/mailed_links.py). Only a hash of the token is
    stored, so a copy of the database holds no working link."""

    __tablename__ = "mailed_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose, "purpose"))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # SHA-256 of the token in the link (the token has 256 random bits: no slow hash needed).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The address the link was sent to: for an e-mail change, the new address.
    email: Mapped[str] = mapped_column(String(254))
    # A keyed hash of the account's address and password hash when the link was made: a
    # change of either voids every older link.
    account_state: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<MailedToken {self.id} {self.purpose} user={self.user_id}>"


FORMER_RESIDENT = _l("former resident")


def public_name(user, former=None):
    """The one way to show a person's name to others. Erasure wipes the name but keeps the
    account row, so an erased author (or a missing one) shows as "former resident" — or
    `former`, where the context knows the role ("a former neighbourhood worker") — and never
    as an empty name."""
    if user is None or user.erased_at is not None or not user.display_name:
        return FORMER_RESIDENT if former is None else former
    return user.display_name


class Membership(TimestampMixin, db.Model):
    """A role of a user, scoped to a neighbourhood, a municipality or (admin) nothing."""

    __tablename__ = "membership"
    __table_args__ = (
        CheckConstraint(
            "(role IN ('resident', 'moderator') AND neighbourhood_id IS NOT NULL"
            " AND municipality_id IS NULL)"
            " OR (role = 'reviewer' AND municipality_id IS NOT NULL"
            " AND neighbourhood_id IS NULL)"
            " OR (role = 'admin' AND neighbourhood_id IS NULL AND municipality_id IS NULL)",
            name="scope_matches_role",
        ),
        UniqueConstraint(
            "user_id", "role", "neighbourhood_id", "municipality_id", name="uq_membership_scope"
        ),
        # The residents of a neighbourhood from the index alone, for every count of the
        # residents behind something (accounts.permissions.counting_resident_conditions;
        # issue 18, migration 20261202_0530_b7d3f1a9c2e5).
        Index("ix_membership_scope_people", "neighbourhood_id", "role", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    # String references keep accounts below neighbourhoods in the dependency order.
    neighbourhood_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True
    )
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )

    user: Mapped[User] = relationship(back_populates="memberships")
    neighbourhood = relationship("Neighbourhood", lazy="joined")
    municipality = relationship("Municipality", lazy="joined")

    def __repr__(self) -> str:
        scope = self.neighbourhood_id or self.municipality_id or "-"
        return f"<Membership user={self.user_id} {self.role} scope={scope}>"


# --- Organisations -------------------------------------------------------------------


class OrganisationKind(StrEnum):
    NEIGHBOURHOOD = "neighbourhood"
    SMALL_BUSINESS = "small_business"
    FAITH = "faith"
    ASSOCIATION = "association"
    INFORMAL_NETWORK = "informal_network"
    CARE_NETWORK = "care_network"
    OTHER = "other"


ORGANISATION_KIND_LABELS = {
    OrganisationKind.NEIGHBOURHOOD.value: _l("neighbourhood organisation"),
    OrganisationKind.SMALL_BUSINESS.value: _l("small business"),
    OrganisationKind.FAITH.value: _l("church, mosque or other faith community"),
    OrganisationKind.ASSOCIATION.value: _l("association or club"),
    OrganisationKind.INFORMAL_NETWORK.value: _l("informal network"),
    OrganisationKind.CARE_NETWORK.value: _l("care network"),
    OrganisationKind.OTHER.value: _l("other"),
}


class OrganisationStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


ORGANISATION_STATUS_LABELS = {
    OrganisationStatus.PENDING.value: _l("waiting for a check"),
    OrganisationStatus.VERIFIED.value: _l("verified"),
    OrganisationStatus.REJECTED.value: _l("not verified"),
}


class Organisation(TimestampMixin, db.Model):
    """A local organisation; a neighbourhood worker of its neighbourhood verifies it."""

    __tablename__ = "organisation"
    __table_args__ = (
        CheckConstraint(
            "kvk_number IS NULL OR length(kvk_number) = 8", name="kvk_number_eight_digits"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "kind"))
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="RESTRICT"), index=True
    )
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    offers: Mapped[str] = mapped_column(Text)
    # Public contact for the social map: a phone number, address, website or e-mail.
    contact: Mapped[str] = mapped_column(String(200))
    status: Mapped[OrganisationStatus] = mapped_column(
        enum_column(OrganisationStatus, "status"), default=OrganisationStatus.PENDING, index=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    neighbourhood = relationship("Neighbourhood", lazy="joined")
    members: Mapped[list[OrganisationMember]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def verified(self) -> bool:
        return self.status == OrganisationStatus.VERIFIED

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r} {self.status}>"


class OrganisationMember(db.Model):
    __tablename__ = "organisation_member"
    __table_args__ = (
        UniqueConstraint("organisation_id", "user_id", name="uq_organisation_member_user"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


# "Who takes part" on the municipal review (review/queries/who.py) counts the people who
# chose to give an age group or years here: this index holds only them, so the count does not
# read every account of the city (issue 18; migration 1fcec6c3e768).
_GAVE_PROFILE = "age_group IS NOT NULL OR years_here IS NOT NULL"
Index(
    "ix_user_account_participation_profile",
    User.age_group,
    User.years_here,
    User.id,
    postgresql_where=text(_GAVE_PROFILE),
    sqlite_where=text(_GAVE_PROFILE),
)
