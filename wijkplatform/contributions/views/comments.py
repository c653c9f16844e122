"""Comments: add (htmx or plain), edit within the window, remove."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from wijkplatform.contributions import permissions, queries, services
from wijkplatform.contributions import thread as thread_reads
from wijkplatform.contributions.forms import (
    ActionForm,
    CommentForm,
    new_submission_key,
)
from wijkplatform.contributions.models import Comment
from wijkplatform.contributions.views.common import (
    bp,
    comment_url,
    comments_context,
    load_contribution,
)
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.htmx import is_htmx_request, render_partial
from wijkplatform.core.limits import limit_posts
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


@bp.route("/contributions/<int:contribution_id>/comments")
def more_comments(contribution_id: int):
    """The next page of the thread (`comments_after=<id>`, the "Show more reactions" link).
    htmx appends it to the list in place; without JavaScript the link is the contribution's
    page itself, and this address leads there."""
    contribution = load_contribution(contribution_id)
    if not is_htmx_request():
        kept = {k: request.args[k] for k in ("order", "comments_after") if k in request.args}
        return redirect(
            url_for("contributions.detail", contribution_id=contribution.id, **kept) + "#comments"
        )
    context = comments_context(contribution, fragment=True)
    shown = context["thread"].comments
    return render_partial(
        "contributions/_comments_page.html",
        announce=ngettext(
            "%(num)d more reaction is shown.", "%(num)d more reactions are shown.", len(shown)
        ),
        focus=f"comment-{shown[0].id}" if shown else None,
        **context,
    )


@bp.route("/comments/<int:comment_id>/replies")
def comment_replies(comment_id: int):
    """Every answer to a top-level comment ("Show all answers"; a page shows the first
    few of each). htmx replaces the comment's answers with all of them; without
    JavaScript the contribution's page shows them (`all_replies=`)."""
    comment = _load_comment(comment_id)
    if comment.parent_id is not None:
        abort(404)
    if not is_htmx_request():
        return redirect(
            url_for(
                "contributions.detail",
                contribution_id=comment.contribution_id,
                comment=comment.id,
                all_replies=comment.id,
            )
            + f"#comment-{comment.id}-replies"
        )
    contribution = load_contribution(comment.contribution_id)
    thread = thread_reads.replies_of(contribution, comment)
    replies = thread.replies[comment.id]
    first_new = (
        replies[thread_reads.REPLIES_SHOWN] if len(replies) > thread_reads.REPLIES_SHOWN else None
    )
    can_comment = permissions.can_comment_on(current_user, contribution)
    can_edit, can_delete = permissions.comments_they_may_change(current_user, replies)
    return render_partial(
        "contributions/_replies.html",
        comment=comment,
        contribution=contribution,
        thread=thread,
        can_edit=can_edit,
        can_delete=can_delete,
        can_comment=can_comment,
        new_key=new_submission_key,
        announce=ngettext(
            "All %(num)d answer is shown.", "All %(num)d answers are shown.", len(replies)
        ),
        focus=f"comment-{first_new.id}" if first_new else None,
    )


@bp.route("/contributions/<int:contribution_id>/comments", methods=["POST"])
@limit_posts("POST_RATE_LIMIT")
@login_required
def add_comment(contribution_id: int):
    contribution = load_contribution(contribution_id)
    ensure(permissions.can_comment_on(current_user, contribution))
    form = CommentForm()
    outcome = form.validate_on_submit() and commit_or_report(
        services.add_comment,
        current_user,
        contribution,
        body=form.body.data,
        stance=form.stance.data,
        parent_id=form.parent_id.data,
        submission_key=form.submission_key.data,
        form=form,
    )
    if outcome:
        comment = outcome.value
        if is_htmx_request():
            return render_partial(
                "contributions/_comments.html",
                trigger="comment-added",
                announce=_("Your reaction has been placed."),
                focus=f"comment-{comment.id}",
                **comments_context(contribution, land_on=comment),
            )
        flash(_("Your reaction has been placed."), "success")
        return redirect(comment_url(comment))
    if is_htmx_request():
        return render_partial(
            "contributions/_comments.html", status=422, **comments_context(contribution, form)
        )
    return render_template(
        "contributions/comment_form.html", form=form, contribution=contribution, comment=None
    ), 422


def _load_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.hidden:
        abort(404)
    load_contribution(comment.contribution_id)
    return comment


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id: int):
    comment = _load_comment(comment_id)
    ensure(permissions.can_edit_comment(current_user, comment))
    form = CommentForm(obj=comment)
    if form.validate_on_submit() and commit_or_report(
        services.edit_comment,
        current_user,
        comment,
        body=form.body.data,
        stance=form.stance.data,
        form=form,
    ):
        flash(_("Your reaction has been changed."), "success")
        return redirect(comment_url(comment))
    status = 422 if form.is_submitted() else 200
    contribution = queries.get_contribution(comment.contribution_id)
    return render_template(
        "contributions/comment_form.html", form=form, contribution=contribution, comment=comment
    ), status


@bp.route("/comments/<int:comment_id>/delete", methods=["POST"])
@login_required
def delete_comment(comment_id: int):
    comment = _load_comment(comment_id)
    ensure(permissions.can_delete_comment(current_user, comment) or comment.deleted)
    if ActionForm().validate_on_submit() and commit_or_report(
        services.delete_comment, current_user, comment
    ):
        flash(_("Your reaction has been removed."), "success")
    return redirect(
        url_for("contributions.detail", contribution_id=comment.contribution_id) + "#comments"
    )
