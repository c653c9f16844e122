"""Every moderation change. The only module that changes an item's hidden state.

Services take the acting user, flush but never commit, write one ModerationEvent per action
and log who did what.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from wijkplatform.accounts.models import Organisation, OrganisationStatus
from wijkplatform.accounts.permissions import is_moderator_of
from wijkplatform.contributions.models import (
    Comment,
    Contribution,
    ContributionStatus,
    Follow,
    Vote,
)
from wijkplatform.core.db import utcnow
from wijkplatform.core.moderation import participation_check
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions
from wijkplatform.moderation.models import (
    ANSWER_MAX,
    ANSWER_STATUSES,
    REASON_MAX,
    Action,
    Block,
    ContributionMerge,
    Flag,
    FlagReason,
    ModerationEvent,
    OfficialAnswer,
    TargetType,
)

logger = logging.getLogger(__name__)

DEFAULT_FLAG_HIDE_THRESHOLD = 3
BLOCK_MAX_DAYS = 366


class ModerationError(Exception):
    """A moderation rule was broken; `field` names the form field, `status` the HTTP code."""

    def __init__(self, message, field: str | None = None, status: int = 422):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status


def _actor(user) -> str:
    return f"user {user.id}" if user is not None else "system"


def _clean(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").strip()


def _reason(text: str | None, *, required: bool, field: str = "reason") -> str | None:
    text = _clean(text)
    if not text:
        if required:
            raise ModerationError(_l("Write a reason. The author may see it."), field)
        return None
    if len(text) > REASON_MAX:
        raise ModerationError(_l("Use at most %(max)d characters.", max=REASON_MAX), field)
    return text


def _ensure_moderator(actor, neighbourhood) -> None:
    if not permissions.can_moderate(actor, neighbourhood):
        raise ModerationError(_l("You do not moderate this neighbourhood."), status=403)


def record_event(
    actor,
    action: Action,
    target_type: TargetType,
    target_id: int,
    *,
    neighbourhood_id: int | None,
    reason: str | None = None,
) -> ModerationEvent:
    moderation_event = ModerationEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        neighbourhood_id=neighbourhood_id,
        reason=reason,
    )
    db.session.add(moderation_event)
    db.session.flush()
    return moderation_event


# --- Targets -------------------------------------------------------------------------


def get_target(target_type: str, target_id: int):
    """The contribution or comment, or None (also for a type that cannot be flagged)."""
    try:
        target_type = TargetType(target_type)
    except ValueError:
        return None
    if target_type == TargetType.CONTRIBUTION:
        return db.session.get(Contribution, target_id)
    if target_type == TargetType.COMMENT:
        return db.session.get(Comment, target_id)
    return None


def target_type_of(target) -> TargetType:
    return TargetType.COMMENT if isinstance(target, Comment) else TargetType.CONTRIBUTION


def contribution_of(target) -> Contribution:
    if isinstance(target, Comment):
        return db.session.get(Contribution, target.contribution_id)
    return target


def neighbourhood_of(target):
    return contribution_of(target).neighbourhood


def _refresh_counters(contribution_id: int) -> None:
    """Set both counters from the rows themselves: exact whatever happened before."""
    supports = select(func.count(Vote.id)).where(Vote.contribution_id == contribution_id)
    comments = select(func.count(Comment.id)).where(
        Comment.contribution_id == contribution_id,
        Comment.hidden.is_(False),
        Comment.deleted_at.is_(None),
    )
    db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id)
        .values(support_count=supports.scalar_subquery(), comment_count=comments.scalar_subquery())
        .execution_options(synchronize_session=False)
    )
    loaded = db.session.identity_map.get(db.session.identity_key(Contribution, contribution_id))
    if loaded is not None:
        db.session.refresh(loaded, ["support_count", "comment_count"])


def _set_hidden(target, hidden: bool, reason: str | None) -> None:
    target.hidden = hidden
    target.hidden_at = utcnow() if hidden else None
    target.hidden_reason = reason if hidden else None
    db.session.flush()
    if isinstance(target, Comment):
        # Hidden reactions are not in the public count.
        _refresh_counters(target.contribution_id)


# --- Flags ---------------------------------------------------------------------------


def flag_threshold() -> int:
    return int(current_app.config.get("FLAG_HIDE_THRESHOLD", DEFAULT_FLAG_HIDE_THRESHOLD))


def active_flag_count(target_type: TargetType, target_id: int) -> int:
    return db.session.scalar(
        select(func.count(Flag.id)).where(
            Flag.target_type == target_type,
            Flag.target_id == target_id,
            Flag.dismissed_at.is_(None),
        )
    )


def flag(reporter, target, *, reason: str, text: str | None = None) -> Flag | None:
    """Report `target`. A second report by the same person changes nothing (None).

    When enough different people reported it, the item is hidden until a neighbourhood
    worker looks at it."""
    target_type = target_type_of(target)
    if not permissions.can_flag(reporter, target):
        raise ModerationError(_l("This can no longer be reported."), status=409)
    try:
        reason = FlagReason(reason)
    except ValueError as error:
        raise ModerationError(_l("Choose a reason."), "reason") from error
    text = _reason(text, required=reason == FlagReason.OTHER, field="text")
    neighbourhood = neighbourhood_of(target)
    report = Flag(
        reporter_id=reporter.id,
        target_type=target_type,
        target_id=target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
        text=text,
    )
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        return None  # this person reported it before: it counts once
    record_event(
        reporter,
        Action.FLAGGED,
        target_type,
        target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason.value,
    )
    logger.info("%s flagged %s %s (%s)", _actor(reporter), target_type.value, target.id, reason)
    if not target.hidden and active_flag_count(target_type, target.id) >= flag_threshold():
        auto_reason = _("Hidden until a neighbourhood worker has looked at the reports.")
        _set_hidden(target, True, auto_reason)
        record_event(
            None,
            Action.AUTO_HIDDEN,
            target_type,
            target.id,
            neighbourhood_id=neighbourhood.id,
            reason=auto_reason,
        )
        logger.info("system hid %s %s after reports", target_type.value, target.id)
    return report


def _dismiss_open_flags(target_type: TargetType, target_id: int) -> int:
    result = db.session.execute(
        update(Flag)
        .where(
            Flag.target_type == target_type,
            Flag.target_id == target_id,
            Flag.dismissed_at.is_(None),
        )
        .values(dismissed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


# --- Hide, restore, dismiss ----------------------------------------------------------


def hide(actor, target, *, reason: str) -> None:
    neighbourhood = neighbourhood_of(target)
    _ensure_moderator(actor, neighbourhood)
    reason = _reason(reason, required=True)
    if target.hidden and target.hidden_reason == reason:
        return
    target_type = target_type_of(target)
    _set_hidden(target, True, reason)
    record_event(
        actor,
        Action.HIDDEN,
        target_type,
        target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
    )
    logger.info("%s hid %s %s", _actor(actor), target_type.value, target.id)


def restore(actor, target, *, reason: str | None = None) -> None:
    """Show the item again; the reports so far are set aside so they do not hide it again."""
    neighbourhood = neighbourhood_of(target)
    _ensure_moderator(actor, neighbourhood)
    reason = _reason(reason, required=False)
    target_type = target_type_of(target)
    if not target.hidden:
        raise ModerationError(_l("This is not hidden."), status=409)
    _set_hidden(target, False, None)
    _dismiss_open_flags(target_type, target.id)
    record_event(
        actor,
        Action.RESTORED,
        target_type,
        target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
    )
    logger.info("%s restored %s %s", _actor(actor), target_type.value, target.id)


def dismiss_flags(actor, target, *, reason: str | None = None) -> int:
    """Set the open reports aside (nothing wrong). Returns how many were set aside."""
    neighbourhood = neighbourhood_of(target)
    _ensure_moderator(actor, neighbourhood)
    reason = _reason(reason, required=False)
    target_type = target_type_of(target)
    count = _dismiss_open_flags(target_type, target.id)
    record_event(
        actor,
        Action.FLAGS_DISMISSED,
        target_type,
        target.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
    )
    logger.info("%s dismissed %d flags on %s %s", _actor(actor), count, target_type, target.id)
    return count


# --- Merge ---------------------------------------------------------------------------


def merge(actor, merged: Contribution, survivor: Contribution, *, reason: str) -> None:
    """`merged` is a duplicate of `survivor`: supports, follows and reactions move over.

    A person who supported both keeps one support; both counters are recounted from the
    rows, so they are exact."""
    _ensure_moderator(actor, merged.neighbourhood)
    reason = _reason(reason, required=True)
    if survivor is None or survivor.id == merged.id:
        raise ModerationError(_l("Choose another contribution to keep."), "survivor_id")
    if survivor.neighbourhood_id != merged.neighbourhood_id:
        raise ModerationError(
            _l("Choose a contribution from the same neighbourhood."), "survivor_id"
        )
    if merged.status == ContributionStatus.MERGED:
        raise ModerationError(_l("This contribution was merged already."), status=409)
    if survivor.status == ContributionStatus.MERGED or survivor.hidden:
        raise ModerationError(_l("Choose a contribution that is still shown."), "survivor_id")

    for model in (Vote, Follow):
        already = select(model.user_id).where(model.contribution_id == survivor.id)
        db.session.execute(
            delete(model)
            .where(model.contribution_id == merged.id, model.user_id.in_(already))
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(model)
            .where(model.contribution_id == merged.id)
            .values(contribution_id=survivor.id)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        update(Comment)
        .where(Comment.contribution_id == merged.id)
        .values(contribution_id=survivor.id)
        .execution_options(synchronize_session=False)
    )
    # Earlier duplicates of this one now lead to the survivor too.
    db.session.execute(
        update(ContributionMerge)
        .where(ContributionMerge.survivor_id == merged.id)
        .values(survivor_id=survivor.id)
        .execution_options(synchronize_session=False)
    )
    merged.status = ContributionStatus.MERGED
    db.session.add(
        ContributionMerge(
            merged_id=merged.id, survivor_id=survivor.id, actor_id=actor.id, reason=reason
        )
    )
    db.session.flush()
    for comment in db.session.identity_map.values():
        if isinstance(comment, Comment) and comment.contribution_id == merged.id:
            db.session.refresh(comment, ["contribution_id"])
    _refresh_counters(merged.id)
    _refresh_counters(survivor.id)
    record_event(
        actor,
        Action.MERGED,
        TargetType.CONTRIBUTION,
        merged.id,
        neighbourhood_id=merged.neighbourhood_id,
        reason=f"→ #{survivor.id}: {reason}",
    )
    logger.info("%s merged contribution %s into %s", _actor(actor), merged.id, survivor.id)


def survivor_id_of(contribution_id: int) -> int | None:
    return db.session.scalar(
        select(ContributionMerge.survivor_id).where(ContributionMerge.merged_id == contribution_id)
    )


# --- Official answer -----------------------------------------------------------------


def answer(actor, contribution: Contribution, *, status: str, body: str) -> OfficialAnswer:
    _ensure_moderator(actor, contribution.neighbourhood)
    try:
        status = ContributionStatus(status)
    except ValueError as error:
        raise ModerationError(_l("Choose a status."), "status") from error
    if status not in ANSWER_STATUSES:
        raise ModerationError(_l("Choose a status."), "status")
    if contribution.status == ContributionStatus.MERGED:
        raise ModerationError(_l("This contribution was merged with another one."), status=409)
    body = _clean(body)
    if not body:
        raise ModerationError(_l("Explain the status to the author and the neighbourhood."), "body")
    if len(body) > ANSWER_MAX:
        raise ModerationError(_l("Use at most %(max)d characters.", max=ANSWER_MAX), "body")
    official = OfficialAnswer(
        contribution_id=contribution.id, author_id=actor.id, status=status, body=body
    )
    db.session.add(official)
    contribution.status = status
    db.session.flush()
    record_event(
        actor,
        Action.ANSWERED,
        TargetType.CONTRIBUTION,
        contribution.id,
        neighbourhood_id=contribution.neighbourhood_id,
        reason=status.value,
    )
    logger.info("%s answered contribution %s (%s)", _actor(actor), contribution.id, status)
    return official


# --- Blocks --------------------------------------------------------------------------


def active_block(user, neighbourhood_id: int) -> Block | None:
    now = utcnow()
    return db.session.scalar(
        select(Block)
        .where(
            Block.user_id == user.id,
            Block.neighbourhood_id == neighbourhood_id,
            Block.lifted_at.is_(None),
            Block.starts_at <= now,
            Block.ends_at > now,
        )
        .order_by(Block.ends_at.desc())
        .limit(1)
    )


def block_message(block: Block) -> str:
    return _(
        "A neighbourhood worker has blocked you from taking part in %(name)s until "
        "%(date)s. The reason: %(reason)s",
        name=block.neighbourhood.name,
        date=format_date(block.last_day, "long"),
        reason=block.reason,
    )


@participation_check.connect
def _refuse_blocked(sender, *, user, neighbourhood_id: int, **kwargs):
    block = active_block(user, neighbourhood_id)
    return block_message(block) if block is not None else None


def block(actor, user, neighbourhood, *, until: date | None, reason: str) -> Block:
    """Block `user` from contributing, supporting and reacting in `neighbourhood` up to and
    including the day `until`."""
    _ensure_moderator(actor, neighbourhood)
    reason = _reason(reason, required=True)
    today = utcnow().date()
    if until is None:
        raise ModerationError(_l("Fill in the last day of the block."), "until")
    if until < today:
        raise ModerationError(_l("Choose today or a day in the future."), "until")
    if until > today + timedelta(days=BLOCK_MAX_DAYS):
        raise ModerationError(_l("A block lasts at most one year."), "until")
    if user.id == actor.id or is_moderator_of(user, neighbourhood):
        raise ModerationError(_l("Neighbourhood workers cannot be blocked here."), "user")
    ends_at = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
    new_block = Block(
        user_id=user.id,
        neighbourhood_id=neighbourhood.id,
        reason=reason,
        ends_at=ends_at,
        created_by_id=actor.id,
    )
    db.session.add(new_block)
    db.session.flush()
    record_event(
        actor,
        Action.BLOCKED,
        TargetType.USER,
        user.id,
        neighbourhood_id=neighbourhood.id,
        reason=f"{until.isoformat()}: {reason}",
    )
    logger.info(
        "%s blocked user %s in neighbourhood %s until %s",
        _actor(actor),
        user.id,
        neighbourhood.id,
        until,
    )
    return new_block


def lift_block(actor, block_row: Block, *, reason: str | None = None) -> None:
    _ensure_moderator(actor, block_row.neighbourhood)
    reason = _reason(reason, required=False)
    if block_row.lifted_at is not None:
        return
    block_row.lifted_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        Action.UNBLOCKED,
        TargetType.USER,
        block_row.user_id,
        neighbourhood_id=block_row.neighbourhood_id,
        reason=reason,
    )
    logger.info("%s lifted block %s", _actor(actor), block_row.id)


# --- Organisations -------------------------------------------------------------------


def verify_organisation(actor, organisation: Organisation, *, reason: str | None = None) -> None:
    _ensure_moderator(actor, organisation.neighbourhood)
    reason = _reason(reason, required=False)
    _decide(actor, organisation, OrganisationStatus.VERIFIED, reason)
    record_event(
        actor,
        Action.ORGANISATION_VERIFIED,
        TargetType.ORGANISATION,
        organisation.id,
        neighbourhood_id=organisation.neighbourhood_id,
        reason=reason,
    )


def reject_organisation(actor, organisation: Organisation, *, reason: str) -> None:
    _ensure_moderator(actor, organisation.neighbourhood)
    reason = _reason(reason, required=True)
    _decide(actor, organisation, OrganisationStatus.REJECTED, reason)
    record_event(
        actor,
        Action.ORGANISATION_REJECTED,
        TargetType.ORGANISATION,
        organisation.id,
        neighbourhood_id=organisation.neighbourhood_id,
        reason=reason,
    )


def _decide(actor, organisation, status, reason) -> None:
    organisation.status = status
    organisation.decided_at = utcnow()
    organisation.decided_by_id = actor.id
    organisation.decision_reason = reason
    db.session.flush()
    logger.info("%s set organisation %s to %s", _actor(actor), organisation.id, status.value)
