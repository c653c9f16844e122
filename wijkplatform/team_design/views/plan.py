"""The team development plan: actions with owner, due date, status and the block they
serve; overdue actions stand out."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.team_design import permissions, queries, services
from wijkplatform.team_design.forms import ActionForm, ActionStatusForm, block_choices
from wijkplatform.team_design.models import TeamDesignAction
from wijkplatform.team_design.views.common import (
    bp,
    labels,
    load_design_for_work,
    load_neighbourhood,
    today,
)


def _action_form(design) -> ActionForm:
    form = ActionForm()
    form.block.choices = block_choices()
    form.owner_id.choices = [("", _("Choose a person"))] + [
        (str(user.id), user.display_name) for user in queries.possible_owners(design)
    ]
    return form


def _render_plan(neighbourhood, design, form, *, status=200):
    actions = queries.actions(design)
    day = today()
    return render_template(
        "team_design/plan.html",
        neighbourhood=neighbourhood,
        design=design,
        actions=actions,
        overdue={action.id for action in actions if action.is_overdue(day)},
        form=form,
        status_form=ActionStatusForm(),
        can_edit=permissions.can_edit_team_design(current_user, neighbourhood),
        **labels(),
    ), status


@bp.route("/plan", methods=["GET", "POST"])
@login_required
def plan(slug: str):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_view_worksheet(current_user, neighbourhood))
    design = queries.design_for(neighbourhood)
    if design is None:
        abort(404)
    form = _action_form(design)
    if not form.is_submitted():
        return _render_plan(neighbourhood, design, form)
    ensure(permissions.can_edit_team_design(current_user, neighbourhood))
    if form.validate():
        block = form.block.data or ""
        owner = form.owner_id.data or ""
        outcome = commit_or_report(
            services.add_action,
            current_user,
            design,
            block=int(block) if block.isdigit() else None,
            title=form.title.data,
            owner_id=int(owner) if owner.isdigit() else None,
            due_date=form.due_date.data,
            form=form,
        )
        if outcome:
            flash(_("The action is added to the plan."), "success")
            return redirect(url_for("team_design.plan", slug=slug))
    return _render_plan(neighbourhood, design, form, status=422)


@bp.route("/plan/<int:action_id>/status", methods=["POST"])
@login_required
def action_status(slug: str, action_id: int):
    _neighbourhood, design = load_design_for_work(slug)
    action = db.session.get(TeamDesignAction, action_id)
    if action is None or action.design_id != design.id:
        abort(404)
    form = ActionStatusForm()
    if commit_or_report(
        services.set_action_status, current_user, design, action, form.status.data, form=form
    ):
        flash(_("The status is changed."), "success")
    return redirect(url_for("team_design.plan", slug=slug) + f"#action-{action.id}")
