"""The notifications page, the unread count in the header, mail choices and the one-click
unsubscribe link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.accounts.models import User
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.htmx import render_partial
from wijkplatform.extensions import csrf, db
from wijkplatform.notifications import queries, services
from wijkplatform.notifications import unsubscribe as links
from wijkplatform.notifications.forms import frequency_form
from wijkplatform.notifications.models import Frequency, NotificationKind, SubjectType

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("/")
@login_required
def index():
    before = request.args.get("before", type=int)
    groups, older = queries.recent_for(current_user.id, before=before)
    return render_template(
        "notifications/notification_list.html",
        groups=groups,
        older=older,
        unread=queries.unread_count(current_user.id),
    )


@bp.route("/count")
def count():
    """The header link with the number of unread notifications (htmx refreshes it)."""
    if not current_user.is_authenticated:
        return "", 204
    return render_partial(
        "notifications/_unread_link.html", unread=queries.unread_count(current_user.id)
    )


def _subject_from_form() -> tuple[SubjectType | None, int | None]:
    about = request.form.get("about", "")
    if not about:
        return None, None
    subject_type, _dash, subject_id = about.rpartition("-")
    if subject_type not in SubjectType.__members__.values() or not subject_id.isdigit():
        abort(400)
    return SubjectType(subject_type), int(subject_id)


@bp.route("/read", methods=["POST"])
@login_required
def mark_read():
    subject_type, subject_id = _subject_from_form()
    outcome = commit_or_report(
        services.mark_read, current_user, subject_type=subject_type, subject_id=subject_id
    )
    if outcome:
        flash(_("Marked as read."), "success")
    return redirect(url_for("notifications.index"))


def _kinds_for(user) -> list[NotificationKind]:
    """The kinds this person can get: everyone the resident kinds, workers and reviewers
    also those of their role."""
    roles = {membership.role.value for membership in user.memberships}
    kinds = [
        NotificationKind.COMMENT_REPLY,
        NotificationKind.CONTRIBUTION_ANSWERED,
        NotificationKind.CONTRIBUTION_MERGED,
        NotificationKind.EVIDENCE_LINKED,
        NotificationKind.OPGAVE_STATUS,
        NotificationKind.ORGANISATION_DECIDED,
        NotificationKind.CONTENT_MODERATED,
    ]
    if "moderator" in roles:
        kinds += [
            NotificationKind.CONTENT_FLAGGED,
            NotificationKind.CONTRIBUTION_CREATED,
            NotificationKind.REVIEW_ASKED,
        ]
    if "reviewer" in roles:
        kinds += [NotificationKind.OPGAVE_WAITING]
    return kinds


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    kinds = _kinds_for(current_user)
    form = frequency_form(kinds, services.frequencies_of(current_user.id))
    if form.validate_on_submit():
        choices = {kind: Frequency(form[kind.value].data) for kind in kinds}
        if commit_or_report(services.set_frequencies, current_user, choices, form=form):
            flash(_("Your choices for e-mail are saved."), "success")
            return redirect(url_for("notifications.settings"))
    status = 422 if form.is_submitted() else 200
    return render_template("notifications/settings.html", form=form, kinds=kinds), status


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail programs post here (RFC 8058)
def unsubscribe(token: str):
    found = links.read(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None or not user.active:
        return render_template("notifications/unsubscribe.html", done=False, valid=False), 404
    kind = found[1]
    if request.method == "POST":
        outcome = commit_or_report(services.unsubscribe, user, kind)
        if outcome:
            return render_template(
                "notifications/unsubscribe.html", done=True, valid=True, kind=kind
            )
    return render_template("notifications/unsubscribe.html", done=False, valid=True, kind=kind)
