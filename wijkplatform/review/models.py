"""Pre-aggregated figures for the municipal review: counts per neighbourhood, category and
week, kept by the domain events (review/tallies.py) and rebuilt by `review refresh`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wijkplatform.extensions import db

# The category of the row that counts every contribution of the week once, whatever its
# categories (a contribution with two categories is in two category rows).
ALL_CATEGORIES = ""


class ReviewTally(db.Model):
    """Visible contributions written, supports given and reactions written in one week
    (starting Monday, UTC) in one neighbourhood, per category and in all (category "")."""

    __tablename__ = "review_tally"
    __table_args__ = (
        UniqueConstraint("neighbourhood_id", "week", "category", name="uq_review_tally_key"),
        CheckConstraint("contributions >= 0", name="contributions_not_negative"),
        CheckConstraint("comments >= 0", name="comments_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE")
    )
    week: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(32), default=ALL_CATEGORIES)
    contributions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Net: a support withdrawn counts off in the week it is withdrawn (until a refresh,
    # which counts the supports that are left in the week they were given).
    supports: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    comments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ReviewParticipant(db.Model):
    """Someone who counts as a resident (accounts.permissions.counts_as_resident) took part
    in the neighbourhood that week: wrote, supported or reacted. Only ever read as counts."""

    __tablename__ = "review_participant"
    __table_args__ = (
        UniqueConstraint("neighbourhood_id", "week", "user_id", name="uq_review_participant_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE")
    )
    week: Mapped[date] = mapped_column(Date)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )


class ReviewTotal(db.Model):
    """The all-time figures of one neighbourhood, per category and in all (category ""): what
    the review page compares, kept by the same events as ReviewTally, so the page sums a row
    per neighbourhood and category instead of one per week (issue 18). Exact: a support
    withdrawn counts off here whenever it was given."""

    __tablename__ = "review_total"
    __table_args__ = (
        UniqueConstraint("neighbourhood_id", "category", name="uq_review_total_key"),
        CheckConstraint("contributions >= 0", name="contributions_not_negative"),
        CheckConstraint("supports >= 0", name="supports_not_negative"),
        CheckConstraint("comments >= 0", name="comments_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE")
    )
    category: Mapped[str] = mapped_column(String(32), default=ALL_CATEGORIES)
    contributions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    supports: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    comments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ReviewReach(db.Model):
    """How many participants of a neighbourhood took part for the last time in a week: one
    row per neighbourhood and week, whatever the number of people. The residents taking part
    since week W are the sum over the weeks from W on (the fair ranking), all of them the sum
    over every week (the comparison). Kept with ReviewParticipant (tallies._took_part) and
    rebuilt from it.

    `since` is that sum, stored: the participants whose last week is this week or a later
    one. The fair ranking needs it for the week each candidate was written; with it stored,
    that is one index probe per candidate in the database, not every week of every
    neighbourhood read into Python (issue 18: 4,000 rows a request on the full city)."""

    __tablename__ = "review_reach"
    __table_args__ = (
        UniqueConstraint("neighbourhood_id", "week", name="uq_review_reach_key"),
        CheckConstraint("people >= 0", name="people_not_negative"),
        CheckConstraint("since >= 0", name="since_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE")
    )
    week: Mapped[date] = mapped_column(Date)
    people: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    since: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
