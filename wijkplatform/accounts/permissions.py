"""Who may do what, by role and scope. Every check on roles goes through here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache

from flask import current_app
from sqlalchemy import Select, select, true
from sqlalchemy.orm import aliased

from wijkplatform.accounts.models import BADGE_LABELS, Badge, Membership, Role, User
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db


def _memberships(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    return user.memberships


def is_admin(user) -> bool:
    return any(m.role == Role.ADMIN for m in _memberships(user))


def is_resident_of(user, neighbourhood) -> bool:
    return any(
        m.role == Role.RESIDENT and m.neighbourhood_id == neighbourhood.id
        for m in _memberships(user)
    )


def is_moderator_of(user, neighbourhood) -> bool:
    return any(
        m.role == Role.MODERATOR and m.neighbourhood_id == neighbourhood.id
        for m in _memberships(user)
    )


def is_reviewer_of(user, municipality) -> bool:
    return any(
        m.role == Role.REVIEWER and m.municipality_id == municipality.id for m in _memberships(user)
    )


def can_manage_places(user) -> bool:
    """Create municipalities and neighbourhoods."""
    return is_admin(user)


def can_post_for_organisation(user, organisation) -> bool:
    """Only members of a verified organisation post on its behalf."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    return organisation.verified and any(m.user_id == user.id for m in organisation.members)


def author_badges(user, neighbourhood, organisation=None) -> list[tuple[str, object]]:
    """(key, label) of the badges beside an author's name where `neighbourhood` is the
    place of the text: neighbourhood worker there, reviewer for its municipality, posted for
    a verified organisation. From the roles alone — a resident cannot earn one by choosing a
    name. Reads the author's memberships, which load with the author (User.memberships is a
    selectin relationship), so a page of comments asks nothing extra per comment."""
    badges = []
    memberships = _memberships(user)
    if any(
        m.role == Role.MODERATOR and m.neighbourhood_id == neighbourhood.id for m in memberships
    ):
        badges.append(Badge.NEIGHBOURHOOD_WORKER)
    if any(
        m.role == Role.REVIEWER and m.municipality_id == neighbourhood.municipality_id
        for m in memberships
    ):
        badges.append(Badge.MUNICIPALITY)
    if organisation is not None and organisation.verified:
        badges.append(Badge.VERIFIED_ORGANISATION)
    return [(badge.value, BADGE_LABELS[badge.value]) for badge in badges]


def badges_of(user_ids, neighbourhood) -> dict[int, list[tuple[str, object]]]:
    """`author_badges` for many authors at once without loading them: user id -> the
    badges their roles give them where `neighbourhood` is the place of the text (a thread
    of comments; no organisation there). One query whatever the number of authors."""
    user_ids = {user_id for user_id in user_ids if user_id is not None}
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(Membership.user_id, Membership.role).where(
            Membership.user_id.in_(user_ids),
            (
                (Membership.role == Role.MODERATOR)
                & (Membership.neighbourhood_id == neighbourhood.id)
            )
            | (
                (Membership.role == Role.REVIEWER)
                & (Membership.municipality_id == neighbourhood.municipality_id)
            ),
        )
    ).all()
    roles: dict[int, set] = {}
    for user_id, role in rows:
        roles.setdefault(user_id, set()).add(role)
    badges = {}
    for user_id, held in roles.items():
        # In the order of author_badges.
        keys = [Badge.NEIGHBOURHOOD_WORKER] if Role.MODERATOR in held else []
        keys += [Badge.MUNICIPALITY] if Role.REVIEWER in held else []
        badges[user_id] = [(key.value, BADGE_LABELS[key.value]) for key in keys]
    return badges


# --- Whose voice counts ----------------------------------------------------------------
#
# Anyone signed in may support and report. But a number that speaks for the residents of a
# neighbourhood, or a report that hides an item before a person has looked at it, counts only
# residents of that neighbourhood with a confirmed address and an account at least
# RESIDENT_MIN_ACCOUNT_AGE_DAYS old: fresh accounts and people from elsewhere cost nothing to
# make, so they must not be able to outvote or silence the neighbourhood. One rule, used in
# Python (`counts_as_resident`) and in SQL (`counting_residents`); tests keep the two equal.

DEFAULT_RESIDENT_MIN_ACCOUNT_AGE_DAYS = 3


class NotCounted(StrEnum):
    """Why someone's support or report does not count in a neighbourhood."""

    NOT_RESIDENT = "not_resident"
    UNCONFIRMED = "unconfirmed"
    NEW_ACCOUNT = "new_account"


def min_account_age_days() -> int:
    return int(
        current_app.config.get(
            "RESIDENT_MIN_ACCOUNT_AGE_DAYS", DEFAULT_RESIDENT_MIN_ACCOUNT_AGE_DAYS
        )
    )


def _counting_cutoff(now: datetime | None = None) -> datetime:
    """Accounts made at or before this moment are old enough to count."""
    return (now or utcnow()) - timedelta(days=min_account_age_days())


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def why_not_counted(user, neighbourhood, *, now: datetime | None = None) -> NotCounted | None:
    """None when `user` counts as a resident of `neighbourhood` now; otherwise why not."""
    if not is_resident_of(user, neighbourhood) or not user.active or user.erased_at is not None:
        return NotCounted.NOT_RESIDENT
    if user.email_confirmed_at is None:
        return NotCounted.UNCONFIRMED
    if user.created_at is None or _aware(user.created_at) > _counting_cutoff(now):
        return NotCounted.NEW_ACCOUNT
    return None


def counts_as_resident(user, neighbourhood, *, now: datetime | None = None) -> bool:
    return why_not_counted(user, neighbourhood, now=now) is None


def _counting_conditions(user, neighbourhood_id, now: datetime | None):
    return (
        Membership.role == Role.RESIDENT,
        Membership.neighbourhood_id == neighbourhood_id,
        *_account_conditions(user, now),
    )


def counting_residents(neighbourhood_id, *, now: datetime | None = None) -> Select:
    """The ids of the people who count as residents of the neighbourhood: the rule of
    `counts_as_resident` in SQL, for `… .in_(counting_residents(id))` over a set of people."""
    return (
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(*_counting_conditions(User, neighbourhood_id, now))
    )


def _account_conditions(user, now: datetime | None):
    return (
        user.active == true(),
        user.erased_at.is_(None),
        user.email_confirmed_at.is_not(None),
        user.created_at <= _counting_cutoff(now),
    )


# Aliases of the account table made once per process: building a statement on a fresh
# alias costs 0.5 ms of Python (its attributes are made anew), and these are built several
# times a page (issue 18). One statement never uses the same helper twice, so one alias each
# is enough. Made on first use, not at import: an alias configures the mappers, and the
# places' models may not be imported yet.
@cache
def counted_person():
    return aliased(User, name="counted_person")


@cache
def _resident_account():
    return aliased(User, name="resident_account")


def counting_resident_conditions(
    user_id, person, neighbourhood_id, *, now: datetime | None = None
) -> tuple:
    """The rule of `counts_as_resident` as conditions on a column of user ids and the
    account joined to it by its key (`person`, an alias of User): for a statement that
    joins the account itself, e.g. an outer join where rows without a person still count
    (reactions of erased accounts). Most callers want `join_counting_residents`."""
    residents = select(Membership.user_id).where(
        Membership.role == Role.RESIDENT, Membership.neighbourhood_id == neighbourhood_id
    )
    return (user_id.in_(residents), *_account_conditions(person, now))


def join_counting_residents(
    statement: Select, user_id, neighbourhood_id, *, now: datetime | None = None
) -> Select:
    """`statement` kept to the rows whose `user_id` column is a person who counts as a
    resident of the neighbourhood (the rule of `counts_as_resident`): the account joined by
    its key and the resident membership as a semi-join. Use it to count people behind a set
    of rows (the supporters of some contributions, the people behind an Opgave).

    Why this shape (issue 18): `… .in_(counting_residents(id))` and the EXISTS of
    `counts_as_resident_clause` both make PostgreSQL build the set of counting residents
    first, which reads every account of the city (a sequential scan, 40 ms at 100,000
    accounts); here it reduces the rows to the neighbourhood's residents through the
    membership index and then checks only their accounts by key (1 ms). A semi-join, not a
    join, on the membership: a person is counted once even if a membership row were doubled.
    """
    person = counted_person()
    return statement.join(person, person.id == user_id).where(
        *counting_resident_conditions(user_id, person, neighbourhood_id, now=now)
    )


def counts_as_resident_clause(user_id, neighbourhood_id, *, now: datetime | None = None):
    """The same rule as a condition on a column of user ids (`Vote.user_id`): an EXISTS the
    database answers per row from the membership index. Use it where many rows (votes,
    reactions) are read per person; `counting_residents` made SQLite try every counting
    resident for every vote."""
    # Its own alias of the account table, so the condition also works on User.id itself.
    person = _resident_account()
    return (
        select(Membership.id)
        .join(person, person.id == Membership.user_id)
        .where(Membership.user_id == user_id, *_counting_conditions(person, neighbourhood_id, now))
        .exists()
    )
