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
    Enum,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkplatform.core.db import TimestampMixin
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

NEIGHBOURHOOD_ROLES = (Role.RESIDENT, Role.MODERATOR)
MUNICIPALITY_ROLES = (Role.REVIEWER,)


def enum_column(enum_class) -> Enum:
    """Store an enum by its value as a short string, portable between databases."""
    return Enum(
        enum_class,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


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

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive accounts cannot log in
        return self.active

    @property
    def public_name(self):
        """The name to show others: erased accounts show as 'Former resident'."""
        return _l("Former resident") if self.erased_at else self.display_name

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.display_name!r}>"


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
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role))
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
