"""What a notification says and where it leads, in the current language: the same sentence
on the notifications page and in the mails (under `force_locale` for the recipient)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from wijkplatform.contributions.models import STATUS_LABELS as CONTRIBUTION_STATUS
from wijkplatform.core.urls import public_url
from wijkplatform.moderation.models import FLAG_REASON_LABELS
from wijkplatform.notifications.models import MergedAs, Notification, SubjectType, merged_into
from wijkplatform.notifications.models import NotificationKind as Kind
from wijkplatform.opgaven.models import STATUS_LABELS as OPGAVE_STATUS


def _url(endpoint: str, external: bool, **values) -> str:
    return public_url(endpoint, **values) if external else url_for(endpoint, **values)


def _gone() -> str:
    return _("(no longer there)")


def title_of(row: Notification, things) -> str:
    """The title of the thing the notification is about."""
    if row.subject_type == SubjectType.CONTRIBUTION:
        return things.contributions.get(row.subject_id, (_gone(), ""))[0]
    if row.subject_type == SubjectType.OPGAVE:
        return things.opgaven.get(row.subject_id, _gone())
    if row.subject_type == SubjectType.TEAM_DESIGN:
        name = things.team_designs.get(row.subject_id, (None, ""))[0]
        return _("The team design of %(name)s", name=name) if name else _gone()
    return things.organisations.get(row.subject_id, _gone())


def subject(row: Notification, things, *, external: bool = False) -> tuple[str, str]:
    """(title, link) of the thing the notification is about."""
    title = title_of(row, things)
    if row.subject_type == SubjectType.CONTRIBUTION:
        return title, _url("contributions.detail", external, contribution_id=row.subject_id)
    if row.subject_type == SubjectType.OPGAVE:
        return title, _url("opgaven.detail", external, opgave_id=row.subject_id)
    if row.subject_type == SubjectType.TEAM_DESIGN:
        slug = things.team_designs.get(row.subject_id, ("", ""))[1]
        if slug:
            return title, _url("team_design.public", external, slug=slug)
    return title, _url("accounts.overview", external)


def _flagged_target(row: Notification) -> tuple[str, int, str]:
    target, _colon, reason = (row.detail or "").partition(":")
    target_type, _dash, target_id = target.rpartition("-")
    return target_type, int(target_id or 0), reason


def link(row: Notification, things, *, external: bool = False) -> str:
    """Where the person acts on it: a reaction at its place, a report in the moderation
    page of that item (the moderator decides there directly)."""
    if row.kind == Kind.COMMENT_REPLY and (row.detail or "").isdigit():
        return _url(
            "contributions.detail",
            external,
            contribution_id=row.subject_id,
            # The thread is paged: `comment` makes the page start where the reaction is.
            comment=row.detail,
            _anchor=f"comment-{row.detail}",
        )
    if row.kind == Kind.CONTENT_FLAGGED and row.subject_type == SubjectType.TEAM_DESIGN:
        slug = things.team_designs.get(row.subject_id, ("", ""))[1]
        comment_id = (row.detail or "").partition(":")[0]
        if slug and comment_id.isdigit():
            return _url(
                "moderation.item",
                external,
                slug=slug,
                target_type="design_comment",
                target_id=int(comment_id),
            )
    if row.kind in (Kind.CONTENT_FLAGGED, Kind.REVIEW_ASKED):
        slug = things.contributions.get(row.subject_id, ("", ""))[1]
        target_type, target_id, _reason = _flagged_target(row)
        if slug and target_id:
            return _url(
                "moderation.item",
                external,
                slug=slug,
                target_type=target_type,
                target_id=target_id,
            )
    if row.kind == Kind.CONTRIBUTION_MERGED and merged_into(row.detail)[0] is not None:
        survivor_id = merged_into(row.detail)[0]
        return _url("contributions.detail", external, contribution_id=survivor_id)
    return subject(row, things, external=external)[1]


def describe(row: Notification, things) -> str:
    title = title_of(row, things)
    actor = row.actor.display_name if row.actor is not None else None
    reason = (" " + _("Reason: %(reason)s", reason=row.reason)) if row.reason else ""
    kind = row.kind
    if kind == Kind.COMMENT_REPLY:
        return _("%(name)s reacted to “%(title)s”.", name=actor or _("Someone"), title=title)
    if kind == Kind.CONTRIBUTION_ANSWERED:
        status = CONTRIBUTION_STATUS.get(row.detail or "", "")
        return _(
            "A neighbourhood worker answered “%(title)s”. Status: %(status)s.",
            title=title,
            status=status,
        )
    if kind == Kind.CONTRIBUTION_MERGED:
        survivor_id, role = merged_into(row.detail)
        survivor = things.contributions.get(survivor_id or 0, (_gone(), ""))[0]
        if role == MergedAs.SUPPORTER:
            text = _(
                "“%(title)s”, which you support, was merged with “%(survivor)s”. Your "
                "support counts there now.",
                title=title,
                survivor=survivor,
            )
        elif role == MergedAs.FOLLOWER:
            text = _(
                "“%(title)s”, which you follow, was merged with “%(survivor)s”. You follow "
                "that one now.",
                title=title,
                survivor=survivor,
            )
        else:
            text = _(
                "Your contribution “%(title)s” was merged with “%(survivor)s”. Its supports "
                "and reactions are there now.",
                title=title,
                survivor=survivor,
            )
        return text + reason
    if kind == Kind.EVIDENCE_LINKED:
        opgave = things.opgaven.get(int(row.detail or 0), _gone())
        return _(
            "Your contribution “%(title)s” is used in the Opgave “%(opgave)s”.",
            title=title,
            opgave=opgave,
        )
    if kind == Kind.OPGAVE_STATUS:
        status = OPGAVE_STATUS.get(row.detail or "", "")
        return _("The Opgave “%(title)s” is now: %(status)s.", title=title, status=status) + reason
    if kind == Kind.ORGANISATION_DECIDED:
        name = things.organisations.get(row.subject_id, _gone())
        if row.detail == "verified":
            return _("Your organisation %(name)s has been checked and verified.", name=name)
        return _("Your organisation %(name)s was not verified.", name=name) + reason
    if kind == Kind.CONTENT_MODERATED:
        messages = {
            "hidden": _("Your contribution “%(title)s” was hidden.", title=title),
            "restored": _("Your contribution “%(title)s” is shown again.", title=title),
            "comment_hidden": _("Your reaction to “%(title)s” was hidden.", title=title),
            "comment_restored": _("Your reaction to “%(title)s” is shown again.", title=title),
            "design_comment_hidden": _("Your comment on “%(title)s” was hidden.", title=title),
            "design_comment_restored": _(
                "Your comment on “%(title)s” is shown again.", title=title
            ),
        }
        return messages.get(row.detail or "", messages["hidden"]) + reason
    if kind == Kind.CONTENT_FLAGGED and row.subject_type == SubjectType.TEAM_DESIGN:
        label = FLAG_REASON_LABELS.get((row.detail or "").partition(":")[2], "")
        return _("A comment on “%(title)s” was reported: %(reason)s.", title=title, reason=label)
    if kind == Kind.CONTENT_FLAGGED:
        target_type, _target_id, flag_reason = _flagged_target(row)
        label = FLAG_REASON_LABELS.get(flag_reason, "")
        if target_type == "comment":
            return _(
                "A reaction to “%(title)s” was reported: %(reason)s.", title=title, reason=label
            )
        return _("“%(title)s” was reported: %(reason)s.", title=title, reason=label)
    if kind == Kind.REVIEW_ASKED:
        return _(
            "The author changed the hidden contribution “%(title)s” and asks you to look "
            "at it again.",
            title=title,
        )
    if kind == Kind.CONTRIBUTION_CREATED:
        return _("New contribution in your neighbourhood: “%(title)s”.", title=title)
    return _("The Opgave “%(title)s” waits for your decision.", title=title)
