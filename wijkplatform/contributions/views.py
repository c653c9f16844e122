"""Contribution lists, the form (with a preview step), the detail page, support, follow,
comments and links; and the resident's own overview under /account/."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.contributions import permissions, queries, services
from wijkplatform.contributions.forms import (
    ActionForm,
    CommentForm,
    ContributionForm,
    EditContributionForm,
    FollowForm,
    LinkForm,
    OfflineContributionForm,
    SupportForm,
    as_choices,
    new_submission_key,
)
from wijkplatform.contributions.models import (
    CATEGORIES,
    KIND_EXPLANATIONS,
    KIND_LABELS,
    KIND_PLURALS,
    OFFLINE_SOURCE_LABELS,
    STANCE_LABELS,
    STATUS_LABELS,
    Comment,
    ContributionKind,
    ContributionLink,
)
from wijkplatform.core.htmx import is_htmx_request, render_partial
from wijkplatform.core.permissions import ensure
from wijkplatform.core.urls import is_local_path
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.queries import get_municipality_by_code, get_neighbourhood_by_slug

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


def _field_error(form, error: services.ContributionError) -> None:
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(str(error.message), "error")


def _load(contribution_id: int):
    contribution = queries.get_contribution(contribution_id)
    if contribution is None or not permissions.can_view_contribution(current_user, contribution):
        abort(404)
    return contribution


def _back_to(contribution, anchor: str = ""):
    target = request.form.get("next")
    if is_local_path(target):
        return redirect(target)
    return redirect(url_for("contributions.detail", contribution_id=contribution.id) + anchor)


# --- lists ---------------------------------------------------------------------------


def _render_list(*, heading, filters, page, list_url_args, neighbourhood=None, municipality=None):
    context = {
        "heading": heading,
        "filters": filters,
        "page": page,
        "neighbourhood": neighbourhood,
        "municipality": municipality,
        "list_url_base": url_for(**list_url_args),
        "list_url": lambda **changes: url_for(**list_url_args, **filters.args(**changes)),
        "can_create": neighbourhood is not None
        and permissions.can_create_contribution(current_user, neighbourhood),
        "can_record_offline": neighbourhood is not None
        and permissions.can_record_offline(current_user, neighbourhood),
        "signed_in": current_user.is_authenticated,
        "can_support_ids": {
            c.id: permissions.can_support_contribution(current_user, c) for c in page.items
        },
    }
    if is_htmx_request() and request.headers.get("HX-Target") == "contribution-results":
        return render_partial("contributions/_contribution_results.html", **context)
    return render_template("contributions/contribution_list.html", **context)


@bp.route("/neighbourhoods/<slug>/contributions/")
def neighbourhood_list(slug: str):
    neighbourhood = get_neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    filters = queries.ListFilters.from_args(request.args)
    page = queries.list_contributions(
        filters, neighbourhood_ids=[neighbourhood.id], user=current_user
    )
    return _render_list(
        heading=_("Contributions in %(name)s", name=neighbourhood.name),
        filters=filters,
        page=page,
        neighbourhood=neighbourhood,
        list_url_args={"endpoint": "contributions.neighbourhood_list", "slug": slug},
    )


@bp.route("/municipalities/<code>/contributions/")
def municipality_list(code: str):
    municipality = get_municipality_by_code(code)
    if municipality is None:
        abort(404)
    filters = queries.ListFilters.from_args(request.args)
    page = queries.list_contributions(
        filters, neighbourhood_ids=[n.id for n in municipality.neighbourhoods], user=current_user
    )
    return _render_list(
        heading=_("Contributions in the municipality of %(name)s", name=municipality.name),
        filters=filters,
        page=page,
        municipality=municipality,
        list_url_args={
            "endpoint": "contributions.municipality_list",
            "code": municipality.cbs_code,
        },
    )


# --- writing ---------------------------------------------------------------------------


def _kind_from(value) -> str:
    return value if value in KIND_LABELS else ContributionKind.ISSUE.value


@bp.route("/contributions/new", methods=["GET", "POST"])
@login_required
def new():
    neighbourhood = get_neighbourhood_by_slug(request.values.get("neighbourhood", ""))
    if neighbourhood is None:
        abort(404)
    offline = request.values.get("offline") == "1"
    if offline:
        ensure(permissions.can_record_offline(current_user, neighbourhood))
    else:
        ensure(permissions.can_create_contribution(current_user, neighbourhood))
    form_class = OfflineContributionForm if offline else ContributionForm
    form = form_class()
    if request.method == "GET":
        form.kind.data = _kind_from(request.args.get("kind"))
        form.submission_key.data = new_submission_key()
    similar, preview = [], False
    if form.validate_on_submit():
        if not form.submission_key.data:
            form.submission_key.data = new_submission_key()
        if request.form.get("action") != "publish":
            # The step without JavaScript: show the text as others will see it, and
            # contributions that look alike, before publishing.
            preview = True
            similar = queries.similar_contributions(neighbourhood.id, form.title.data)
        else:
            try:
                contribution = services.create_contribution(
                    current_user,
                    neighbourhood=neighbourhood,
                    kind=form.kind.data,
                    title=form.title.data,
                    body=form.body.data,
                    categories=form.categories.data,
                    place=form.place.data,
                    latitude=form.latitude.data,
                    longitude=form.longitude.data,
                    submission_key=form.submission_key.data,
                    offline_source=form.offline_source.data if offline else None,
                    offline_date=form.offline_date.data if offline else None,
                )
            except services.ContributionError as error:
                db.session.rollback()
                if error.status == 403:
                    abort(403)
                _field_error(form, error)
            else:
                db.session.commit()
                flash(_("Thank you. Your contribution has been published."), "success")
                return redirect(url_for("contributions.detail", contribution_id=contribution.id))
    status = 422 if form.is_submitted() and not preview else 200
    return (
        render_template(
            "contributions/contribution_form.html",
            form=form,
            neighbourhood=neighbourhood,
            offline=offline,
            preview=preview,
            similar=similar,
            kind_explanations=KIND_EXPLANATIONS,
        ),
        status,
    )


@bp.route("/contributions/similar")
def similar():
    """Suggestions while the title is typed (htmx, debounced)."""
    neighbourhood = get_neighbourhood_by_slug(request.args.get("neighbourhood", ""))
    title = request.args.get("title", "")
    found = queries.similar_contributions(neighbourhood.id, title) if neighbourhood else []
    return render_partial("contributions/_similar.html", similar=found)


@bp.route("/contributions/<int:contribution_id>/edit", methods=["GET", "POST"])
@login_required
def edit(contribution_id: int):
    contribution = _load(contribution_id)
    ensure(permissions.can_edit_contribution(current_user, contribution))
    form = EditContributionForm(
        obj=contribution,
        data=None if request.method == "POST" else {"categories": contribution.categories},
    )
    if form.validate_on_submit():
        try:
            services.edit_contribution(
                current_user,
                contribution,
                title=form.title.data,
                body=form.body.data,
                categories=form.categories.data,
                place=form.place.data,
                latitude=form.latitude.data,
                longitude=form.longitude.data,
            )
        except services.ContributionError as error:
            db.session.rollback()
            if error.status == 403:
                abort(403)
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("contributions.detail", contribution_id=contribution.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "contributions/contribution_edit.html", form=form, contribution=contribution
    ), status


@bp.route("/contributions/<int:contribution_id>/withdraw", methods=["POST"])
@login_required
def withdraw(contribution_id: int):
    contribution = _load(contribution_id)
    ensure(permissions.can_withdraw_contribution(current_user, contribution))
    if ActionForm().validate_on_submit():
        services.withdraw_contribution(current_user, contribution)
        db.session.commit()
        flash(_("Your contribution has been withdrawn. It stays visible as withdrawn."), "success")
    return redirect(url_for("contributions.detail", contribution_id=contribution.id))


# --- the detail page -----------------------------------------------------------------


def _votes_context(contribution):
    return {
        "contribution": contribution,
        "supported": services.has_supported(current_user, contribution),
        "can_support": permissions.can_support_contribution(current_user, contribution),
        "signed_in": current_user.is_authenticated,
    }


def _follow_context(contribution):
    return {
        "contribution": contribution,
        "following": queries.is_following(current_user, contribution),
        "can_follow": permissions.can_follow_contribution(current_user, contribution),
    }


def _comments_context(contribution, comment_form=None):
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


@bp.route("/contributions/<int:contribution_id>")
def detail(contribution_id: int):
    contribution = _load(contribution_id)
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
        action_form=ActionForm(),
        votes=_votes_context(contribution),
        follow=_follow_context(contribution),
        comments=_comments_context(contribution),
    )


# --- support and follow ----------------------------------------------------------------


@bp.route("/contributions/<int:contribution_id>/support", methods=["POST"])
@login_required
def support(contribution_id: int):
    contribution = _load(contribution_id)
    form = SupportForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = form.supported.data != "0"
    try:
        changed = services.set_support(current_user, contribution, wanted)
    except services.ContributionError as error:
        db.session.rollback()
        if is_htmx_request():
            return render_partial(
                "contributions/_votes.html", status=error.status, error=error.message,
                **_votes_context(contribution),
            )  # fmt: skip
        flash(str(error.message), "error")
        return _back_to(contribution)
    db.session.commit()
    if is_htmx_request():
        return render_partial(
            "contributions/_votes.html",
            trigger="support-changed" if changed else None,
            **_votes_context(contribution),
        )
    if changed:
        flash(_("Thank you for your support.") if wanted else _("Your support has been removed."),
              "success")  # fmt: skip
    return _back_to(contribution)


@bp.route("/contributions/<int:contribution_id>/follow", methods=["POST"])
@login_required
def follow(contribution_id: int):
    contribution = _load(contribution_id)
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = form.following.data != "0"
    try:
        services.set_follow(current_user, contribution, wanted)
    except services.ContributionError as error:
        db.session.rollback()
        abort(error.status)
    db.session.commit()
    if is_htmx_request():
        return render_partial("contributions/_follow.html", **_follow_context(contribution))
    if wanted:
        flash(_("You now follow this contribution."), "success")
    else:
        flash(_("You no longer follow this contribution."), "success")
    return _back_to(contribution)


# --- comments ----------------------------------------------------------------------------


@bp.route("/contributions/<int:contribution_id>/comments", methods=["POST"])
@login_required
def add_comment(contribution_id: int):
    contribution = _load(contribution_id)
    ensure(permissions.can_comment_on(current_user, contribution))
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = services.add_comment(
                current_user,
                contribution,
                body=form.body.data,
                stance=form.stance.data,
                parent_id=form.parent_id.data,
                submission_key=form.submission_key.data,
            )
        except services.ContributionError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            if is_htmx_request():
                return render_partial(
                    "contributions/_comments.html",
                    trigger="comment-added",
                    **_comments_context(contribution),
                )
            flash(_("Your reaction has been placed."), "success")
            return redirect(
                url_for("contributions.detail", contribution_id=contribution.id)
                + f"#comment-{comment.id}"
            )
    if is_htmx_request():
        return render_partial(
            "contributions/_comments.html", status=422, **_comments_context(contribution, form)
        )
    return render_template(
        "contributions/comment_form.html", form=form, contribution=contribution
    ), 422


def _load_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.hidden:
        abort(404)
    _load(comment.contribution_id)
    return comment


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id: int):
    comment = _load_comment(comment_id)
    ensure(permissions.can_edit_comment(current_user, comment))
    form = CommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            services.edit_comment(
                current_user, comment, body=form.body.data, stance=form.stance.data
            )
        except services.ContributionError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("Your reaction has been changed."), "success")
            return redirect(
                url_for("contributions.detail", contribution_id=comment.contribution_id)
                + f"#comment-{comment.id}"
            )
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
    if ActionForm().validate_on_submit():
        services.delete_comment(current_user, comment)
        db.session.commit()
        flash(_("Your reaction has been removed."), "success")
    return redirect(
        url_for("contributions.detail", contribution_id=comment.contribution_id) + "#comments"
    )


# --- links -----------------------------------------------------------------------------


@bp.route("/contributions/<int:contribution_id>/links", methods=["POST"])
@login_required
def add_link(contribution_id: int):
    contribution = _load(contribution_id)
    ensure(permissions.can_link_contribution(current_user, contribution))
    form = LinkForm()
    target = queries.get_contribution(form.target_id.data) if form.validate_on_submit() else None
    if target is None:
        flash(_("Choose an issue from the list."), "error")
    else:
        try:
            services.link_contributions(current_user, contribution, target)
        except services.ContributionError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The link has been added. Both contributions show it."), "success")
    return redirect(url_for("contributions.detail", contribution_id=contribution.id) + "#links")


@bp.route("/contributions/<int:contribution_id>/links/<int:link_id>/delete", methods=["POST"])
@login_required
def delete_link(contribution_id: int, link_id: int):
    contribution = _load(contribution_id)
    link = db.session.get(ContributionLink, link_id)
    if link is None or contribution.id not in {link.source_id, link.target_id}:
        abort(404)
    ensure(permissions.can_link_contribution(current_user, link.source))
    if ActionForm().validate_on_submit():
        services.unlink_contributions(current_user, link)
        db.session.commit()
        flash(_("The link has been removed."), "success")
    return redirect(url_for("contributions.detail", contribution_id=contribution.id) + "#links")


# --- the resident's own overview -------------------------------------------------------


@bp.route("/account/contributions")
@login_required
def mine():
    return render_template(
        "contributions/my_contributions.html", overview=queries.user_overview(current_user)
    )
