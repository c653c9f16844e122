"""The contributions blueprint and what its views share: loading, field errors, the
contexts of the votes, follow and comments partials."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from wijkplatform.contributions import permissions, queries
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
)
from wijkplatform.core.urls import is_local_path

logger = logging.getLogger(__name__)


bp = Blueprint("contributions", __name__)


@bp.app_context_processor
def _labels():
    return {
        "kind_labels": KIND_LABELS,
        "kind_plurals": KIND_PLURALS,
        "category_labels": CATEGORIES,
        "status_labels": STATUS_LABELS,
        "stance_labels": STANCE_LABELS,
        "offline_source_labels": OFFLINE_SOURCE_LABELS,
    }


def load_contribution(contribution_id: int):
    contribution = queries.get_contribution(contribution_id)
    if contribution is None or not permissions.can_view_contribution(current_user, contribution):
        abort(404)
    return contribution


def back_to(contribution, anchor: str = ""):
    target = request.form.get("next")
    if is_local_path(target):
        return redirect(target)
    return redirect(url_for("contributions.detail", contribution_id=contribution.id) + anchor)


def votes_context(contribution):
    return {
        "contribution": contribution,
        "supported": queries.has_supported(current_user, contribution),
        "can_support": permissions.can_support_contribution(current_user, contribution),
        "signed_in": current_user.is_authenticated,
    }


def follow_context(contribution):
    return {
        "contribution": contribution,
        "following": queries.is_following(current_user, contribution),
        "can_follow": permissions.can_follow_contribution(current_user, contribution),
    }


def comments_context(contribution, comment_form=None):
    order = (
        request.args.get("order") if request.args.get("order") in {"newest", "oldest"} else "oldest"
    )
    thread = queries.thread(contribution, order=order)
    all_comments = thread.comments + [r for rs in thread.replies.values() for r in rs]
    if comment_form is None:
        comment_form = CommentForm(formdata=None)
        comment_form.submission_key.data = new_submission_key()
    return {
        "contribution": contribution,
        "thread": thread,
        "order": order,
        "comment_form": comment_form,
        "can_comment": permissions.can_comment_on(current_user, contribution),
        "can_edit": {c.id: permissions.can_edit_comment(current_user, c) for c in all_comments},
        "can_delete": {c.id: permissions.can_delete_comment(current_user, c) for c in all_comments},
        "new_key": new_submission_key,
    }
