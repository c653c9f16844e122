"""Who hears about what: one receiver per domain event (core/signals.py), connected in
`notifications.init_app`. Each decides the recipients and adds their notifications through
`services.notify` (never for the actor), inside the transaction of the change itself."""

from __future__ import annotations

from sqlalchemy import select, union

from wijkplatform.accounts.models import Membership, OrganisationMember, Role
from wijkplatform.contributions.models import Comment, Contribution, Follow, Vote
from wijkplatform.core import signals
from wijkplatform.extensions import db
from wijkplatform.moderation.models import TargetType
from wijkplatform.moderation.services import neighbourhood_of, target_type_of
from wijkplatform.neighbourhoods.models import Neighbourhood
from wijkplatform.notifications.models import MergedAs, SubjectType, merged_detail
from wijkplatform.notifications.models import NotificationKind as Kind
from wijkplatform.notifications.services import notify
from wijkplatform.opgaven.models import Opgave, OpgaveEvidence, OpgaveReaction, OpgaveStatus


def _ids(query) -> set[int]:
    return set(db.session.scalars(query))


def _interested_in(contribution: Contribution) -> set[int]:
    """The author, the supporters and the followers of a contribution."""
    return {contribution.author_id} | _ids(
        union(
            select(Vote.user_id).where(Vote.contribution_id == contribution.id),
            select(Follow.user_id).where(Follow.contribution_id == contribution.id),
        )
    )


def _moderators_of(neighbourhood_id: int) -> set[int]:
    return _ids(
        select(Membership.user_id).where(
            Membership.role == Role.MODERATOR, Membership.neighbourhood_id == neighbourhood_id
        )
    )


def _reviewers_for(neighbourhood_id: int) -> set[int]:
    municipality = select(Neighbourhood.municipality_id).where(Neighbourhood.id == neighbourhood_id)
    return _ids(
        select(Membership.user_id).where(
            Membership.role == Role.REVIEWER,
            Membership.municipality_id == municipality.scalar_subquery(),
        )
    )


def _involved_in(opgave: Opgave) -> set[int]:
    """The residents who reacted to the Opgave, and the authors, supporters and followers
    of its evidence (the status of what they wrote, support or follow changes with it)."""
    evidence = select(OpgaveEvidence.contribution_id).where(OpgaveEvidence.opgave_id == opgave.id)
    return _ids(
        union(
            select(OpgaveReaction.user_id).where(OpgaveReaction.opgave_id == opgave.id),
            select(Contribution.author_id).where(Contribution.id.in_(evidence)),
            select(Vote.user_id).where(Vote.contribution_id.in_(evidence)),
            select(Follow.user_id).where(Follow.contribution_id.in_(evidence)),
        )
    )


def _contribution_of(target) -> tuple[int | None, int | None]:
    """(the author, the contribution it belongs to) of a contribution or comment."""
    if isinstance(target, Contribution):
        return target.author_id, target.id
    if isinstance(target, Comment):
        return target.author_id, target.contribution_id
    return None, None


# --- contributions -------------------------------------------------------------------------


def on_comment_created(sender, *, actor, comment, contribution, **kwargs):
    recipients = {contribution.author_id}
    if comment.parent_id is not None:
        parent = db.session.get(Comment, comment.parent_id)
        recipients.add(parent.author_id if parent else None)
    notify(
        recipients,
        Kind.COMMENT_REPLY,
        SubjectType.CONTRIBUTION,
        contribution.id,
        actor=actor,
        detail=str(comment.id),
    )


def on_contribution_edited(sender, *, actor, contribution, **kwargs):
    """An author who changes a hidden contribution asks the workers to look again."""
    if not contribution.hidden:
        return
    notify(
        _moderators_of(contribution.neighbourhood_id),
        Kind.REVIEW_ASKED,
        SubjectType.CONTRIBUTION,
        contribution.id,
        actor=actor,
        detail=f"contribution-{contribution.id}",
    )


def on_contribution_created(sender, *, actor, contribution, **kwargs):
    notify(
        _moderators_of(contribution.neighbourhood_id),
        Kind.CONTRIBUTION_CREATED,
        SubjectType.CONTRIBUTION,
        contribution.id,
        actor=actor,
    )


# --- moderation ----------------------------------------------------------------------------


def on_contribution_answered(sender, *, actor, contribution, answer, **kwargs):
    notify(
        _interested_in(contribution),
        Kind.CONTRIBUTION_ANSWERED,
        SubjectType.CONTRIBUTION,
        contribution.id,
        actor=actor,
        detail=str(answer.status),
    )


def on_contribution_merged(
    sender, *, actor, merged, survivor, reason, supporter_ids=(), follower_ids=(), **kwargs
):
    """The author is told where their text went and why (the reason "the author sees"); the
    people who supported or followed it, that their support or follow now lives on the
    survivor. Everyone once: a supporter who also followed hears as a supporter."""
    supporters = set(supporter_ids) - {merged.author_id}
    followers = set(follower_ids) - supporters - {merged.author_id}
    detail_for = {person: merged_detail(survivor.id, MergedAs.SUPPORTER) for person in supporters}
    detail_for |= {person: merged_detail(survivor.id, MergedAs.FOLLOWER) for person in followers}
    notify(
        {merged.author_id} | supporters | followers,
        Kind.CONTRIBUTION_MERGED,
        SubjectType.CONTRIBUTION,
        merged.id,
        actor=actor,
        detail=merged_detail(survivor.id),
        detail_for=detail_for,
        reason=reason,
    )


def _design_comment_of(target) -> tuple[int | None, int | None]:
    """(the author, the neighbourhood of the team design) of a comment on a team design."""
    if target_type_of(target) != TargetType.DESIGN_COMMENT:
        return None, None
    return target.author_id, neighbourhood_of(target).id


def _on_moderated(target, actor, reason, what: str):
    author_id, contribution_id = _contribution_of(target)
    if contribution_id is None:
        author_id, neighbourhood_id = _design_comment_of(target)
        if neighbourhood_id is not None:
            notify(
                {author_id},
                Kind.CONTENT_MODERATED,
                SubjectType.TEAM_DESIGN,
                neighbourhood_id,
                actor=actor,
                detail=f"design_comment_{what}",
                reason=reason,
            )
        return
    detail = what if isinstance(target, Contribution) else f"comment_{what}"
    notify(
        {author_id},
        Kind.CONTENT_MODERATED,
        SubjectType.CONTRIBUTION,
        contribution_id,
        actor=actor,
        detail=detail,
        reason=reason,
    )


def on_content_hidden(sender, *, actor, target, reason, **kwargs):
    _on_moderated(target, actor, reason, "hidden")


def on_content_restored(sender, *, actor, target, reason, **kwargs):
    _on_moderated(target, actor, reason, "restored")


def on_content_flagged(sender, *, actor, flag, target, **kwargs):
    _author_id, contribution_id = _contribution_of(target)
    if contribution_id is None:
        if flag.target_type == TargetType.DESIGN_COMMENT:
            notify(
                _moderators_of(flag.neighbourhood_id),
                Kind.CONTENT_FLAGGED,
                SubjectType.TEAM_DESIGN,
                flag.neighbourhood_id,
                actor=actor,
                # The subject says it is a comment on the team design: "12:spam".
                detail=f"{flag.target_id}:{flag.reason}",
            )
        return
    notify(
        _moderators_of(flag.neighbourhood_id),
        Kind.CONTENT_FLAGGED,
        SubjectType.CONTRIBUTION,
        contribution_id,
        actor=actor,
        # What was reported and why ("comment-7:spam"); the reporter's own words stay in
        # the report (they are erased with the reporter's account).
        detail=f"{flag.target_type}-{flag.target_id}:{flag.reason}",
    )


def _on_organisation_decided(organisation, actor, reason, what: str):
    members = _ids(
        select(OrganisationMember.user_id).where(
            OrganisationMember.organisation_id == organisation.id
        )
    )
    notify(
        members | {organisation.created_by_id},
        Kind.ORGANISATION_DECIDED,
        SubjectType.ORGANISATION,
        organisation.id,
        actor=actor,
        detail=what,
        reason=reason,
    )


def on_organisation_verified(sender, *, actor, organisation, reason=None, **kwargs):
    _on_organisation_decided(organisation, actor, reason, "verified")


def on_organisation_rejected(sender, *, actor, organisation, reason=None, **kwargs):
    _on_organisation_decided(organisation, actor, reason, "rejected")


# --- opgaven -------------------------------------------------------------------------------

# The steps residents hear about; a draft is seen by neighbourhood workers only.
_PUBLIC_STATUSES = {
    OpgaveStatus.OPEN_FOR_REACTIONS,
    OpgaveStatus.SUBMITTED,
    OpgaveStatus.ACCEPTED,
    OpgaveStatus.RETURNED,
}


def on_evidence_linked(sender, *, actor, opgave, contribution, evidence, **kwargs):
    if opgave.published_at is None:
        return  # its author hears about it when the Opgave is published
    notify(
        {contribution.author_id},
        Kind.EVIDENCE_LINKED,
        SubjectType.CONTRIBUTION,
        contribution.id,
        actor=actor,
        detail=str(opgave.id),
    )


def on_opgave_status_changed(sender, *, actor, opgave, old_status, new_status, **kwargs):
    reasons = kwargs.get("reasons")
    if new_status in _PUBLIC_STATUSES:
        recipients = _involved_in(opgave)
        if new_status in {OpgaveStatus.ACCEPTED, OpgaveStatus.RETURNED}:
            recipients |= _moderators_of(opgave.neighbourhood_id)
        notify(
            recipients,
            Kind.OPGAVE_STATUS,
            SubjectType.OPGAVE,
            opgave.id,
            actor=actor,
            detail=str(new_status),
            reason=reasons if new_status == OpgaveStatus.RETURNED else None,
        )
    if new_status == OpgaveStatus.SUBMITTED:
        notify(
            _reviewers_for(opgave.neighbourhood_id),
            Kind.OPGAVE_WAITING,
            SubjectType.OPGAVE,
            opgave.id,
            actor=actor,
        )


RECEIVERS = {
    signals.comment_created: on_comment_created,
    signals.contribution_created: on_contribution_created,
    signals.contribution_edited: on_contribution_edited,
    signals.contribution_answered: on_contribution_answered,
    signals.contribution_merged: on_contribution_merged,
    signals.content_hidden: on_content_hidden,
    signals.content_restored: on_content_restored,
    signals.content_flagged: on_content_flagged,
    signals.organisation_verified: on_organisation_verified,
    signals.organisation_rejected: on_organisation_rejected,
    signals.evidence_linked: on_evidence_linked,
    signals.opgave_status_changed: on_opgave_status_changed,
}


def connect_all() -> None:
    for signal, receiver in RECEIVERS.items():
        signals.connect(signal, receiver)
