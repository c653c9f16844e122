"""What an administrator changes about a person: roles and blocks. Every step needs a reason
and is written to the audit log (moderation_event, target: the person).

The rules of the admin area live here; the changes themselves are the services of accounts
(roles) and moderation (blocks), so the CLI and the admin area follow the same rules.
Services flush, never commit.
"""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkplatform.accounts import mails
from wijkplatform.accounts import services as account_services
from wijkplatform.accounts.models import ROLE_LABELS, Membership, Role, User
from wijkplatform.admin.permissions import can_administer
from wijkplatform.core.audit import actor_label, command_line_reason
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.moderation.models import Action, Block, TargetType
from wijkplatform.moderation.services.common import reason_text
from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood

logger = logging.getLogger(__name__)

# The roles given and taken here; a resident chooses their own neighbourhoods.
MANAGED_ROLES = (Role.MODERATOR, Role.REVIEWER, Role.ADMIN)

GRANTED = {
    Role.MODERATOR: Action.MODERATOR_GRANTED,
    Role.REVIEWER: Action.REVIEWER_GRANTED,
    Role.ADMIN: Action.ADMIN_GRANTED,
}
REVOKED = {
    Role.MODERATOR: Action.MODERATOR_REVOKED,
    Role.REVIEWER: Action.REVIEWER_REVOKED,
    Role.ADMIN: Action.ADMIN_REVOKED,
}


def _ensure_admin(actor) -> None:
    if not can_administer(actor):
        raise DomainError(_l("Only platform administrators may do this."), status=403)


def _reason(reason: str | None) -> str:
    text = reason_text(reason, required=False)
    if not text:
        raise DomainError(_l("Write why you do this. It is kept in the log."), "reason")
    return text


def _ensure_not_erased(user: User) -> None:
    if user.erased_at is not None:
        raise DomainError(_l("This account has been erased."), status=404)


def _tell(user: User, role: Role, neighbourhood_id, municipality_id, *, given: bool) -> None:
    """The person hears of a role given or taken by mail (queued in this transaction): a
    role changes what they may do, and a surprise there is worth a question. Blocks need no
    mail here: the block service's message says why, and until when, the moment they try to
    take part."""
    place = None
    if neighbourhood_id is not None:
        place = db.session.get(Neighbourhood, neighbourhood_id).name
    elif municipality_id is not None:
        place = db.session.get(Municipality, municipality_id).name
    mails.send_role_changed_notice(user, ROLE_LABELS[role.value], place, given=given)


def active_admin_count() -> int:
    return db.session.scalar(
        select(func.count(func.distinct(Membership.user_id)))
        .join(User, User.id == Membership.user_id)
        .where(Membership.role == Role.ADMIN, User.active.is_(True), User.erased_at.is_(None))
    )


def grant_role(
    actor: User,
    user: User,
    role,
    *,
    neighbourhood=None,
    municipality=None,
    reason: str | None,
) -> Membership:
    """Make `user` neighbourhood worker of `neighbourhood`, reviewer for `municipality` or
    platform administrator."""
    _ensure_admin(actor)
    _ensure_not_erased(user)
    try:
        role = Role(role)
    except ValueError:
        raise DomainError(_l("Choose a role."), "role") from None
    if role not in MANAGED_ROLES:
        raise DomainError(_l("Choose a role."), "role")
    if role == Role.MODERATOR and neighbourhood is None:
        raise DomainError(_l("Choose the neighbourhood for this role."), "neighbourhood")
    if role == Role.REVIEWER and municipality is None:
        raise DomainError(_l("Choose the municipality for this role."), "municipality")
    neighbourhood_id = neighbourhood.id if role == Role.MODERATOR else None
    municipality_id = municipality.id if role == Role.REVIEWER else None
    reason = _reason(reason)
    if any(
        m.role == role
        and m.neighbourhood_id == neighbourhood_id
        and m.municipality_id == municipality_id
        for m in user.memberships
    ):
        raise DomainError(_l("This person already has this role here."), "role")
    membership = account_services.grant_role(
        user, role, neighbourhood_id=neighbourhood_id, municipality_id=municipality_id, actor=actor
    )
    moderation_services.record_event(
        actor,
        GRANTED[role],
        TargetType.USER,
        user.id,
        neighbourhood_id=neighbourhood_id,
        municipality_id=municipality_id,
        reason=reason,
    )
    logger.info("%s gave user %s the role %s: audited", actor_label(actor), user.id, role.value)
    _tell(user, role, neighbourhood_id, municipality_id, given=True)
    return membership


def grant_role_from_command_line(
    user: User,
    role,
    *,
    neighbourhood_id: int | None = None,
    municipality_id: int | None = None,
    reason: str | None,
) -> Membership:
    """`flask users create`: give `user` a role (any role, also the first administrator's,
    so no acting administrator is asked for) and write a role of the admin area to the same
    audit log as the admin area does, with "the command line" as who did it. A role the
    person already has changes nothing and writes nothing."""
    role = Role(role)
    had_it = any(
        m.role == role
        and m.neighbourhood_id == neighbourhood_id
        and m.municipality_id == municipality_id
        for m in user.memberships
    )
    membership = account_services.grant_role(
        user, role, neighbourhood_id=neighbourhood_id, municipality_id=municipality_id
    )
    if role in MANAGED_ROLES and not had_it:
        moderation_services.record_event(
            None,
            GRANTED[role],
            TargetType.USER,
            user.id,
            neighbourhood_id=neighbourhood_id,
            municipality_id=municipality_id,
            reason=command_line_reason(_reason(reason)),
        )
        logger.info("the command line gave user %s the role %s: audited", user.id, role.value)
    return membership


def revoke_role(actor: User, user: User, membership: Membership, *, reason: str | None) -> None:
    """Take a role given here away. An administrator keeps their own admin role, and the
    platform always keeps an administrator."""
    _ensure_admin(actor)
    _ensure_not_erased(user)
    if membership.user_id != user.id or membership.role not in MANAGED_ROLES:
        raise DomainError(_l("This person does not have this role."), status=404)
    if membership.role == Role.ADMIN:
        if user.id == actor.id:
            raise DomainError(
                _l(
                    "You cannot take away your own administrator role. "
                    "Ask another administrator to do it."
                ),
                "reason",
            )
        if user.active and user.erased_at is None and active_admin_count() <= 1:
            raise DomainError(
                _l("This is the last administrator. The platform always needs one."), "reason"
            )
    reason = _reason(reason)
    role, neighbourhood_id, municipality_id = (
        membership.role,
        membership.neighbourhood_id,
        membership.municipality_id,
    )
    account_services.revoke_role(user, membership, actor=actor)
    moderation_services.record_event(
        actor,
        REVOKED[role],
        TargetType.USER,
        user.id,
        neighbourhood_id=neighbourhood_id,
        municipality_id=municipality_id,
        reason=reason,
    )
    _tell(user, role, neighbourhood_id, municipality_id, given=False)


def block(actor: User, user: User, neighbourhood, *, until: date | None, reason: str | None):
    """Block `user` in `neighbourhood` up to and including `until`, with the moderation
    block service (which writes the audit entry and tells the person)."""
    _ensure_admin(actor)
    if user.id == actor.id:
        raise DomainError(_l("You cannot block yourself."))
    if neighbourhood is None:
        raise DomainError(_l("Choose the neighbourhood."), "neighbourhood")
    if not (reason or "").strip():
        raise DomainError(_l("Write why you do this. It is kept in the log."), "reason")
    return moderation_services.block(actor, user, neighbourhood, until=until, reason=reason)


def lift_block(actor: User, user: User, block_row: Block, *, reason: str | None) -> None:
    _ensure_admin(actor)
    if block_row.user_id != user.id:
        raise DomainError(_l("This block does not exist."), status=404)
    if block_row.lifted_at is not None:
        raise DomainError(_l("This block has already been lifted."), "reason")
    moderation_services.lift_block(actor, block_row, reason=_reason(reason))
