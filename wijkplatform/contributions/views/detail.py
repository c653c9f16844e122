"""The detail page, support and follow, and links between contributions."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.contributions import permissions, queries, services
from wijkplatform.contributions.forms import (
    ActionForm,
    FollowForm,
    LinkForm,
    SupportForm,
    as_choices,
)
from wijkplatform.contributions.models import ContributionLink, ContributionStatus
from wijkplatform.contributions.photos import queries as photo_queries
from wijkplatform.contributions.views.common import (
    back_to,
    bp,
    comments_context,
    follow_context,
    load_contribution,
    votes_context,
)
from wijkplatform.core import registries, signals
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.htmx import is_htmx_request, render_partial
from wijkplatform.core.limits import limit_posts
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db

logger = logging.getLogger(__name__)


@bp.route("/contributions/<int:contribution_id>")
def detail(contribution_id: int):
    contribution = load_contribution(contribution_id)
    if contribution.status == ContributionStatus.MERGED:
        # The page of a merged contribution leads to the one that was kept.
        survivor_id = signals.ask(signals.merge_survivor_asked, contribution_id=contribution.id)
        if survivor_id is not None:
            if current_user.is_authenticated and current_user.id == contribution.author_id:
                # The author is told where to read why (my input shows the reason).
                flash(
                    _(
                        "Your contribution was merged with this one. Why, and what happened "
                        "to it, is in My contributions."
                    ),
                    "info",
                )
            else:
                flash(_("That contribution was merged with this one."), "info")
            return redirect(url_for("contributions.detail", contribution_id=survivor_id), 301)
    links = queries.links(contribution)
    can_link = permissions.can_link_contribution(current_user, contribution)
    link_form = None
    if can_link:
        linked = {c.id for c in links.helps_with}
        link_form = LinkForm()
        link_form.target_id.choices = as_choices(
            (issue.id, issue.title)
            for issue in queries.linkable_issues(contribution)
            if issue.id not in linked
        )
    return render_template(
        "contributions/contribution_detail.html",
        contribution=contribution,
        links=links,
        can_link=can_link,
        link_form=link_form,
        can_edit_contribution=permissions.can_edit_contribution(current_user, contribution),
        can_withdraw=permissions.can_withdraw_contribution(current_user, contribution),
        votes=votes_context(contribution),
        follow=follow_context(contribution),
        comments=comments_context(contribution),
        sections=registries.render_sections(contribution, registries.CONTRIBUTION),
        photos=photo_queries.photos_of(contribution.id)
        if photo_queries.can_see_photos(current_user, contribution)
        else [],
        hidden_for_author=contribution.hidden
        and current_user.is_authenticated
        and current_user.id in {contribution.author_id, contribution.recorded_by_id},
    )


@bp.route("/contributions/<int:contribution_id>/print")
def print_view(contribution_id: int):
    """One contribution on paper (for a meeting or a neighbour without internet)."""
    contribution = load_contribution(contribution_id)
    if contribution.hidden:
        abort(404)
    return render_template("contributions/contribution_print.html", contribution=contribution)


@bp.route("/contributions/<int:contribution_id>/support", methods=["POST"])
@limit_posts("SUPPORT_RATE_LIMIT")
@login_required
def support(contribution_id: int):
    # The answer shows the count and the button, never the author: leave the author unloaded.
    contribution = load_contribution(contribution_id, with_author=False)
    form = SupportForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = form.supported.data != "0"
    # keep_loaded: set_support keeps the loaded contribution's count in step (RETURNING), so
    # the fragment is rendered from it without reading the contribution and the person again.
    outcome = commit_or_report(
        services.set_support, current_user, contribution, wanted, report=False, keep_loaded=True
    )
    if not outcome:
        if is_htmx_request():
            return render_partial(
                "contributions/_votes.html", status=outcome.error.status,
                error=outcome.error.message, **votes_context(contribution),
            )  # fmt: skip
        flash(str(outcome.error.message), "error")
        return back_to(contribution, f"#contribution-{contribution.id}-votes")
    changed = outcome.value
    said = _("Thank you for your support.") if wanted else _("Your support has been removed.")
    if is_htmx_request():
        # After set_support the support is as asked, and supporting has just checked that
        # the person may take part here (stopping needs no such check, so it asks).
        return render_partial(
            "contributions/_votes.html",
            trigger="support-changed" if changed else None,
            announce=said,
            **votes_context(contribution, supported=wanted, may_take_part=wanted),
        )
    if changed:
        flash(said, "success")
    # Without JavaScript: back to the same item on the page it was on, not the top.
    return back_to(contribution, f"#contribution-{contribution.id}-votes")


@bp.route("/contributions/<int:contribution_id>/follow", methods=["POST"])
@login_required
def follow(contribution_id: int):
    contribution = load_contribution(contribution_id)
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = form.following.data != "0"
    commit_or_report(
        services.set_follow, current_user, contribution, wanted, abort_on=(403, 404, 409, 422)
    )
    said = (
        _("You now follow this contribution.")
        if wanted
        else _("You no longer follow this contribution.")
    )
    if is_htmx_request():
        return render_partial(
            "contributions/_follow.html", announce=said, **follow_context(contribution)
        )
    flash(said, "success")
    return back_to(contribution, f"#contribution-{contribution.id}-follow")


@bp.route("/contributions/<int:contribution_id>/links", methods=["POST"])
@login_required
def add_link(contribution_id: int):
    contribution = load_contribution(contribution_id)
    ensure(permissions.can_link_contribution(current_user, contribution))
    form = LinkForm()
    chosen = form.target_id.data if form.validate_on_submit() else None
    target = queries.get_contribution(chosen) if chosen else None
    if target is None:
        flash(_("Choose an issue from the list."), "error")
    elif commit_or_report(services.link_contributions, current_user, contribution, target):
        flash(_("The link has been added. Both contributions show it."), "success")
    return redirect(url_for("contributions.detail", contribution_id=contribution.id) + "#links")


@bp.route("/contributions/<int:contribution_id>/links/<int:link_id>/delete", methods=["POST"])
@login_required
def delete_link(contribution_id: int, link_id: int):
    contribution = load_contribution(contribution_id)
    link = db.session.get(ContributionLink, link_id)
    if link is None or contribution.id not in {link.source_id, link.target_id}:
        abort(404)
    ensure(permissions.can_link_contribution(current_user, link.source))
    if ActionForm().validate_on_submit() and commit_or_report(
        services.unlink_contributions, current_user, link
    ):
        flash(_("The link has been removed."), "success")
    return redirect(url_for("contributions.detail", contribution_id=contribution.id) + "#links")
