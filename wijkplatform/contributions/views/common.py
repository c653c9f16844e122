"""The contributions blueprint and what its views share: loading, field errors, the
contexts of the votes, follow and comments partials."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.orm import lazyload

from wijkplatform.contributions import permissions, queries
from wijkplatform.contributions import thread as thread_reads
from wijkplatform.contributions.forms import (
    CommentForm,
    new_submission_key,
)
from wijkplatform.contributions.models import (
    CATEGORIES,
    KIND_LABELS,
    KIND_PLURALS,
    OFFLINE_SOURCE_LABELS,
    STANCE_LABELS,
    STATUS_LABELS,
    Comment,
)
from wijkplatform.core.i18n import translated_labels
from wijkplatform.core.moderation import participation_refusal
from wijkplatform.core.urls import id_arg, is_local_path
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


bp = Blueprint("contributions", __name__)


@bp.app_context_processor
def _labels():
    # Translated once per language, not on every use (a list page shows them per card).
    return {
        "kind_labels": translated_labels(KIND_LABELS),
        "kind_plurals": translated_labels(KIND_PLURALS),
        "category_labels": translated_labels(CATEGORIES),
        "status_labels": translated_labels(STATUS_LABELS),
        "stance_labels": translated_labels(STANCE_LABELS),
        "offline_source_labels": translated_labels(OFFLINE_SOURCE_LABELS),
    }


@bp.app_template_global()
def can_share_in(neighbourhood) -> bool:
    """For pages of lower features (a neighbourhood's page): may the visitor post here?"""
    return permissions.can_create_contribution(current_user, neighbourhood)


def load_contribution(contribution_id: int, *, with_author: bool = True):
    contribution = queries.get_contribution(contribution_id, with_author=with_author)
    if contribution is None or not permissions.can_view_contribution(current_user, contribution):
        abort(404)
    return contribution


def back_to(contribution, anchor: str = ""):
    """Back to the page the form was on (a list or the contribution), at `anchor`: the
    item that changed, not the top of the page."""
    target = request.form.get("next")
    if is_local_path(target):
        return redirect(target if "#" in target else target + anchor)
    return redirect(url_for("contributions.detail", contribution_id=contribution.id) + anchor)


def votes_context(contribution, *, supported: bool | None = None, may_take_part: bool = False):
    """What _votes.html shows. A view that has just changed the support passes what it knows:
    `supported` (the state it set) and `may_take_part` (the service has just asked whether
    the person may take part here), so no query asks again (issue 18)."""
    refusal = permissions.support_refusal(current_user, contribution) or (
        None
        if may_take_part
        else participation_refusal(current_user, contribution.neighbourhood_id)
    )
    return {
        "contribution": contribution,
        "supported": queries.has_supported(current_user, contribution)
        if supported is None
        else supported,
        "can_support": refusal is None
        and permissions.can_support_contribution(current_user, contribution),
        "support_refusal": refusal,
        "signed_in": current_user.is_authenticated,
    }


def follow_context(contribution):
    return {
        "contribution": contribution,
        "following": queries.is_following(current_user, contribution),
        "can_follow": permissions.can_follow_contribution(current_user, contribution),
    }


def comment_order() -> str:
    order = request.args.get("order")
    return order if order in thread_reads.ORDERS else "oldest"


def comment_url(comment, **kwargs) -> str:
    """The address of one comment on its contribution's page. The thread is paged, so the
    address also says which comment it is (`comment=`): the page then starts at its thread
    when that is not on the first page."""
    return (
        url_for(
            "contributions.detail",
            contribution_id=comment.contribution_id,
            comment=comment.id,
            **kwargs,
        )
        + f"#comment-{comment.id}"
    )


def comments_context(contribution, comment_form=None, *, land_on=None, fragment=False):
    """What _comments.html shows: one page of the thread (issue 18). The page is the first,
    the one after `comments_after` (the "more" link), or the one where comment `land_on` (or
    `?comment=<id>`, a link to one comment) is."""
    order = comment_order()
    after = id_arg("comments_after")
    start_at = None
    # The answers of one comment shown in full (`?all_replies=`, "Show all answers"
    # without JavaScript, or the comment a link to an answer lands on): the others show
    # their first few (issue 18).
    all_replies_of = id_arg("all_replies")
    if after is None:
        if land_on is None and (wanted := id_arg("comment")) is not None:
            land_on = db.session.get(Comment, wanted, options=[lazyload(Comment.author)])
        if land_on is not None and land_on.contribution_id == contribution.id:
            start_at = thread_reads.landing_start(land_on)
            if start_at is not None:
                order = "oldest"  # the position was counted oldest first
            if land_on.parent_id is not None:
                all_replies_of = land_on.parent_id
    thread = thread_reads.thread_page(
        contribution,
        order=order,
        after=after,
        start_at=start_at,
        with_stances=not fragment,
        all_replies_of=all_replies_of,
    )
    can_edit, can_delete = permissions.comments_they_may_change(current_user, thread.all_comments())
    can_comment = permissions.can_comment_on(current_user, contribution)
    if comment_form is None and can_comment:
        # Only a form that is shown: making one stores a CSRF token in the session, and a
        # visitor who reads along gets no session cookie (issue 18).
        comment_form = CommentForm(formdata=None)
        comment_form.submission_key.data = new_submission_key()
    return {
        "contribution": contribution,
        "thread": thread,
        "order": order,
        "comment_form": comment_form,
        "can_comment": can_comment,
        "can_edit": can_edit,
        "can_delete": can_delete,
        "new_key": new_submission_key,
    }
