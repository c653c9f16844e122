"""The moderation queue per neighbourhood, item pages with actions and the log, reports by
residents, blocks and organisation checks. There is no route that edits or deletes the log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from wijkplatform.accounts.models import (
    ORGANISATION_KIND_LABELS,
    Organisation,
    User,
)
from wijkplatform.contributions.models import STATUS_LABELS, Contribution, ContributionStatus
from wijkplatform.core.limits import limit_posts
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions, queries, services
from wijkplatform.moderation.forms import AnswerForm, BlockForm, FlagForm, MergeForm, ReasonForm
from wijkplatform.moderation.models import (
    ACTION_LABELS,
    FLAG_REASON_LABELS,
    FLAGGABLE,
    TARGET_LABELS,
    Block,
    TargetType,
)
from wijkplatform.neighbourhoods import queries as neighbourhood_queries

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

LABELS = {
    "action_labels": ACTION_LABELS,
    "flag_reason_labels": FLAG_REASON_LABELS,
    "target_labels": TARGET_LABELS,
    "status_labels": STATUS_LABELS,
    "organisation_kind_labels": ORGANISATION_KIND_LABELS,
}


def _neighbourhood(slug: str):
    neighbourhood = neighbourhood_queries.get_neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    return neighbourhood


def _target(neighbourhood, target_type: str, target_id: int):
    if target_type not in {t.value for t in FLAGGABLE}:
        abort(404)
    target = services.get_target(target_type, target_id)
    if target is None or services.neighbourhood_of(target).id != neighbourhood.id:
        abort(404)
    return TargetType(target_type), target


def _field_error(form, error: services.ModerationError) -> None:
    if error.status != 422:
        abort(error.status)
    field = getattr(form, error.field or "", None)
    if field is None:
        field = getattr(form, "reason", None)
    field.errors = [*field.errors, error.message]


# --- Queue and log -------------------------------------------------------------------


def _render_queue(neighbourhood, *, reject_forms=None, status: int = 200):
    ensure(permissions.can_moderate(current_user, neighbourhood))
    flagged = queries.flagged_items(neighbourhood)
    organisations = queries.pending_organisations(neighbourhood)
    reject_forms = reject_forms or {}
    return render_template(
        "moderation/queue.html",
        neighbourhood=neighbourhood,
        flagged=flagged,
        hidden=queries.hidden_items(
            neighbourhood, exclude={(i.target_type, i.target.id) for i in flagged}
        ),
        organisations=organisations,
        reject_forms={
            o.id: reject_forms.get(o.id) or ReasonForm(prefix=f"org{o.id}") for o in organisations
        },
        blocks=queries.active_blocks(neighbourhood),
        action_form=ReasonForm(),
        **LABELS,
    ), status


@bp.route("/<slug>/")
def queue(slug: str):
    return _render_queue(_neighbourhood(slug))


@bp.route("/<slug>/log")
def log(slug: str):
    neighbourhood = _neighbourhood(slug)
    ensure(permissions.can_view_moderation_log(current_user, neighbourhood))
    return render_template(
        "moderation/log.html",
        neighbourhood=neighbourhood,
        events=queries.events_for_neighbourhood(neighbourhood),
        can_moderate=permissions.can_moderate(current_user, neighbourhood),
        **LABELS,
    )


# --- One item ------------------------------------------------------------------------


def _render_item(neighbourhood, target_type, target, *, forms=None, status: int = 200):
    forms = forms or {}
    contribution = services.contribution_of(target)
    return render_template(
        "moderation/item.html",
        neighbourhood=neighbourhood,
        target_type=target_type,
        target=target,
        contribution=contribution,
        flags=queries.flags_for(target_type, target.id),
        events=queries.events_for(target_type, target.id),
        answer=queries.latest_answer(contribution.id),
        merge=queries.merge_of(contribution.id),
        can_moderate=permissions.can_moderate(current_user, neighbourhood),
        hide_form=forms.get("hide") or ReasonForm(prefix="hide"),
        restore_form=forms.get("restore") or ReasonForm(prefix="restore"),
        dismiss_form=forms.get("dismiss") or ReasonForm(prefix="dismiss"),
        merge_form=forms.get("merge") or MergeForm(prefix="merge"),
        answer_form=forms.get("answer")
        or AnswerForm(prefix="answer", data={"status": _answer_default(contribution)}),
        **LABELS,
    ), status


def _answer_default(contribution) -> str:
    if contribution.status == ContributionStatus.OPEN:
        return ContributionStatus.UNDER_CONSIDERATION.value
    return contribution.status.value


@bp.route("/<slug>/<target_type>/<int:target_id>")
def item(slug: str, target_type: str, target_id: int):
    neighbourhood = _neighbourhood(slug)
    ensure(permissions.can_view_moderation_log(current_user, neighbourhood))
    target_type, target = _target(neighbourhood, target_type, target_id)
    return _render_item(neighbourhood, target_type, target)


def _item_action(slug, target_type, target_id, name, form_class, action, done_message):
    neighbourhood = _neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    target_type, target = _target(neighbourhood, target_type, target_id)
    form = form_class(prefix=name)
    if form.validate_on_submit():
        try:
            action(target, form)
        except services.ModerationError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(done_message, "success")
            return redirect(
                url_for(
                    "moderation.item", slug=slug, target_type=target_type.value, target_id=target_id
                )
            )
    db.session.rollback()
    target_type, target = _target(neighbourhood, target_type.value, target_id)
    return _render_item(neighbourhood, target_type, target, forms={name: form}, status=422)


@bp.route("/<slug>/<target_type>/<int:target_id>/hide", methods=["POST"])
def hide(slug: str, target_type: str, target_id: int):
    return _item_action(
        slug,
        target_type,
        target_id,
        "hide",
        ReasonForm,
        lambda target, form: services.hide(current_user, target, reason=form.reason.data),
        _("Hidden. The author can see the reason."),
    )


@bp.route("/<slug>/<target_type>/<int:target_id>/restore", methods=["POST"])
def restore(slug: str, target_type: str, target_id: int):
    return _item_action(
        slug,
        target_type,
        target_id,
        "restore",
        ReasonForm,
        lambda target, form: services.restore(current_user, target, reason=form.reason.data),
        _("Shown again."),
    )


@bp.route("/<slug>/<target_type>/<int:target_id>/dismiss", methods=["POST"])
def dismiss(slug: str, target_type: str, target_id: int):
    return _item_action(
        slug,
        target_type,
        target_id,
        "dismiss",
        ReasonForm,
        lambda target, form: services.dismiss_flags(current_user, target, reason=form.reason.data),
        _("The reports are set aside."),
    )


def _merge(target, form):
    if target.__class__ is not Contribution:
        abort(404)
    survivor = (
        db.session.get(Contribution, form.survivor_id.data) if form.survivor_id.data else None
    )
    if survivor is None:
        raise services.ModerationError(
            _("Fill in the number of an existing contribution."), "survivor_id"
        )
    services.merge(current_user, target, survivor, reason=form.reason.data)


@bp.route("/<slug>/<target_type>/<int:target_id>/merge", methods=["POST"])
def merge(slug: str, target_type: str, target_id: int):
    return _item_action(
        slug,
        target_type,
        target_id,
        "merge",
        MergeForm,
        _merge,
        _("Merged. The page of this contribution now leads to the one you kept."),
    )


def _answer(target, form):
    if target.__class__ is not Contribution:
        abort(404)
    services.answer(current_user, target, status=form.status.data, body=form.body.data)


@bp.route("/<slug>/<target_type>/<int:target_id>/answer", methods=["POST"])
def answer(slug: str, target_type: str, target_id: int):
    return _item_action(
        slug,
        target_type,
        target_id,
        "answer",
        AnswerForm,
        _answer,
        _("The official answer is on the contribution."),
    )


# --- Reports by residents ------------------------------------------------------------


@bp.route("/report/<target_type>/<int:target_id>", methods=["GET", "POST"])
@limit_posts("FLAG_RATE_LIMIT")
@login_required
def report(target_type: str, target_id: int):
    if target_type not in {t.value for t in FLAGGABLE}:
        abort(404)
    target = services.get_target(target_type, target_id)
    if target is None or target.hidden or getattr(target, "deleted", False):
        abort(404)
    contribution = services.contribution_of(target)
    if contribution.hidden:
        abort(404)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            created = services.flag(
                current_user, target, reason=form.reason.data, text=form.text.data
            )
        except services.ModerationError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            if created is None:
                flash(
                    _("You reported this before. A neighbourhood worker will look at it."), "info"
                )
            else:
                flash(_("Thank you. A neighbourhood worker will look at your report."), "success")
            anchor = f"#comment-{target.id}" if target_type == "comment" else ""
            return redirect(
                url_for("contributions.detail", contribution_id=contribution.id) + anchor
            )
    status = 422 if form.is_submitted() else 200
    return render_template(
        "moderation/report.html",
        form=form,
        target=target,
        target_type=target_type,
        contribution=contribution,
        **LABELS,
    ), status


@bp.route("/notices")
@login_required
def notices():
    """What moderation did to your own content, with the reasons."""
    return render_template(
        "moderation/notices.html", notices=queries.notices_for(current_user), **LABELS
    )


# --- Blocks --------------------------------------------------------------------------


@bp.route("/<slug>/users/<int:user_id>/block", methods=["GET", "POST"])
def block(slug: str, user_id: int):
    neighbourhood = _neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = BlockForm()
    valid = form.validate_on_submit()
    if form.until.errors:  # WTForms could not read the date
        form.until.errors = [_("Fill in a date, like 31-12-2026.")]
    if valid:
        try:
            services.block(
                current_user, user, neighbourhood, until=form.until.data, reason=form.reason.data
            )
        except services.ModerationError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(
                _("%(name)s is blocked. They see why and until when.", name=user.display_name),
                "success",
            )
            return redirect(url_for("moderation.queue", slug=slug))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "moderation/block_form.html", form=form, neighbourhood=neighbourhood, user=user, **LABELS
    ), status


@bp.route("/<slug>/blocks/<int:block_id>/lift", methods=["POST"])
def lift_block(slug: str, block_id: int):
    neighbourhood = _neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    block_row = db.session.get(Block, block_id)
    if block_row is None or block_row.neighbourhood_id != neighbourhood.id:
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    services.lift_block(current_user, block_row, reason=form.reason.data)
    db.session.commit()
    flash(_("The block is lifted."), "success")
    return redirect(url_for("moderation.queue", slug=slug))


# --- Organisations -------------------------------------------------------------------


def _organisation(neighbourhood, organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.neighbourhood_id != neighbourhood.id:
        abort(404)
    return organisation


@bp.route("/<slug>/organisations/<int:organisation_id>/verify", methods=["POST"])
def verify_organisation(slug: str, organisation_id: int):
    neighbourhood = _neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    organisation = _organisation(neighbourhood, organisation_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    services.verify_organisation(current_user, organisation, reason=form.reason.data)
    db.session.commit()
    flash(_("%(name)s is verified.", name=organisation.name), "success")
    return redirect(url_for("moderation.queue", slug=slug))


@bp.route("/<slug>/organisations/<int:organisation_id>/reject", methods=["POST"])
def reject_organisation(slug: str, organisation_id: int):
    neighbourhood = _neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    organisation = _organisation(neighbourhood, organisation_id)
    form = ReasonForm(prefix=f"org{organisation.id}")
    if form.validate_on_submit():
        try:
            services.reject_organisation(current_user, organisation, reason=form.reason.data)
        except services.ModerationError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(
                _("%(name)s is not verified. The member sees the reason.", name=organisation.name),
                "success",
            )
            return redirect(url_for("moderation.queue", slug=slug))
    return _render_queue(neighbourhood, reject_forms={organisation.id: form}, status=422)


# --- Hooks into the contribution pages (no import from contributions to here) --------


def _redirect_merged():
    """The page of a merged contribution leads to the one that was kept."""
    if request.endpoint != "contributions.detail":
        return None
    contribution_id = (request.view_args or {}).get("contribution_id")
    survivor_id = services.survivor_id_of(contribution_id) if contribution_id else None
    if survivor_id is None:
        return None
    flash(_("That contribution was merged with this one."), "info")
    return redirect(url_for("contributions.detail", contribution_id=survivor_id), code=301)


def _tell_blocked_writers():
    """A blocked resident who opens the contribution form hears why and until when, before
    typing anything (the services refuse them anyway)."""
    if request.endpoint != "contributions.new" or not current_user.is_authenticated:
        return None
    neighbourhood = neighbourhood_queries.get_neighbourhood_by_slug(
        request.values.get("neighbourhood", "")
    )
    block_row = services.active_block(current_user, neighbourhood.id) if neighbourhood else None
    if block_row is None:
        return None
    return render_template(
        "moderation/blocked.html", block=block_row, message=services.block_message(block_row)
    ), 403


def moderation_panel(contribution) -> Markup:
    """Official answer, report link and moderator links, shown on a contribution's page."""
    neighbourhood = contribution.neighbourhood
    return Markup(
        render_template(
            "moderation/_contribution_panel.html",
            contribution=contribution,
            answer=queries.latest_answer(contribution.id),
            can_moderate=permissions.can_moderate(current_user, neighbourhood),
            can_report=current_user.is_authenticated and not contribution.hidden,
            **LABELS,
        )
    )


def report_url(target_type: str, target_id: int) -> str | None:
    if not current_user.is_authenticated:
        return None
    return url_for("moderation.report", target_type=target_type, target_id=target_id)


@bp.record_once
def _register_hooks(state) -> None:
    state.app.before_request(_redirect_merged)
    state.app.before_request(_tell_blocked_writers)
    state.app.jinja_env.globals["moderation_panel"] = moderation_panel
    state.app.jinja_env.globals["report_url"] = report_url
