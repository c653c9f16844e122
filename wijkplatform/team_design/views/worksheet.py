"""The worksheet: overview with progress and hints, one block's form, linked Opgaven and
publishing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.core.commit import commit_or_report, report_domain_error
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import Opgave
from wijkplatform.team_design import hints, permissions, queries, services
from wijkplatform.team_design.forms import LinkOpgaveForm, block_form
from wijkplatform.team_design.models import TeamDesignOpgave
from wijkplatform.team_design.questions import BLOCKS_BY_NUMBER
from wijkplatform.team_design.views.common import (
    bp,
    labels,
    load_design_for_work,
    load_for_work,
    load_neighbourhood,
    today,
)


def _link_form(design, linkable) -> LinkOpgaveForm:
    form = LinkOpgaveForm()
    form.opgave_id.choices = [(str(o.id), o.title) for o in linkable]
    return form


@bp.route("/worksheet")
@login_required
def worksheet(slug: str):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_view_worksheet(current_user, neighbourhood))
    design = queries.design_for(neighbourhood)
    can_edit = permissions.can_edit_team_design(current_user, neighbourhood)
    if design is None:
        return render_template(
            "team_design/worksheet.html",
            neighbourhood=neighbourhood,
            design=None,
            can_edit=can_edit,
            **labels(),
        )
    linked = queries.linked_opgaven(design)
    linkable = queries.linkable_opgaven(design)
    progress = queries.progress(design, linked)
    action_count, overdue = queries.action_counts(design, today())
    return render_template(
        "team_design/worksheet.html",
        neighbourhood=neighbourhood,
        design=design,
        can_edit=can_edit,
        linked=linked,
        link_form=_link_form(design, linkable),
        progress=progress,
        overall=queries.overall(progress),
        hints=hints.hints_for(queries.facts_of(design, linked)),
        opgave_choices=queries.opgave_choices(linked),
        overdue=overdue,
        action_count=action_count,
        history=queries.history(design, limit=10),
        **labels(),
    )


@bp.route("/start", methods=["POST"])
@login_required
def start(slug: str):
    neighbourhood, _design = load_for_work(slug)
    if commit_or_report(services.start_design, current_user, neighbourhood):
        flash(
            _("The team design is started. Only workers and reviewers see it for now."), "success"
        )
    return redirect(url_for("team_design.worksheet", slug=slug))


def _form_from_block(number: int, row):
    data = {
        "base_version": str(row.version),
        "participation": row.participation.value if row.participation else "",
    }
    spec = BLOCKS_BY_NUMBER[number]
    for question in spec.questions:
        data[question.key] = row.answer(question.key)
    for choice_list in spec.choices:
        if not choice_list.from_opgave:
            chosen = row.chosen(choice_list.key)
            data[choice_list.key] = (
                chosen if choice_list.multiple else (chosen[0] if chosen else "")
            )
    return block_form(number, data=data)


def _choices_from(form, spec) -> dict:
    result = {}
    for choice_list in spec.choices:
        if choice_list.from_opgave:
            continue
        value = form[choice_list.key].data
        result[choice_list.key] = (
            list(value or ()) if choice_list.multiple else ([value] if value else [])
        )
    return result


def _render_block(neighbourhood, design, number, form, *, status=200, conflict=None):
    linked = queries.linked_opgaven(design) if number == 1 else []
    return render_template(
        "team_design/block_edit.html",
        neighbourhood=neighbourhood,
        design=design,
        spec=BLOCKS_BY_NUMBER[number],
        form=form,
        conflict=conflict,
        linked=linked,
        opgave_choices=queries.opgave_choices(linked),
        **labels(),
    ), status


@bp.route("/blocks/<int:number>/edit", methods=["GET", "POST"])
@login_required
def edit_block(slug: str, number: int):
    neighbourhood, design = load_design_for_work(slug)
    spec = BLOCKS_BY_NUMBER.get(number)
    if spec is None:
        abort(404)
    if request.method == "GET":
        return _render_block(
            neighbourhood, design, number, _form_from_block(number, design.block(number))
        )

    form = block_form(number)
    if form.validate_on_submit():
        base = form.base_version.data
        outcome = commit_or_report(
            services.save_block,
            current_user,
            design,
            number,
            base_version=int(base) if base and base.isdigit() else None,
            answers={q.key: form[q.key].data for q in spec.questions},
            choices=_choices_from(form, spec),
            participation=form.participation.data,
            note=form.note.data,
            form=form,
            report=False,
        )
        if isinstance(outcome.error, services.StaleBlock):
            db.session.expire_all()
            design = queries.design_for(neighbourhood)
            row = design.block(number)
            form.base_version.data = str(row.version)
            return _render_block(
                neighbourhood,
                design,
                number,
                form,
                status=409,
                conflict={"message": outcome.error.message, "theirs": row},
            )
        if outcome.error:
            report_domain_error(outcome.error, form, abort_on=(403, 404))
        else:
            if outcome.value is None:
                flash(_("Nothing was changed."), "info")
            else:
                flash(_("Block %(number)d is saved.", number=number), "success")
            return redirect(url_for("team_design.worksheet", slug=slug) + f"#block-{number}")
    return _render_block(neighbourhood, design, number, form, status=422)


@bp.route("/blocks/<int:number>/history")
@login_required
def block_history(slug: str, number: int):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_view_worksheet(current_user, neighbourhood))
    design = queries.design_for(neighbourhood)
    spec = BLOCKS_BY_NUMBER.get(number)
    if design is None or spec is None:
        abort(404)
    return render_template(
        "team_design/block_history.html",
        neighbourhood=neighbourhood,
        design=design,
        spec=spec,
        versions=queries.history(design, number, limit=50),
        **labels(),
    )


@bp.route("/opgaven", methods=["POST"])
@login_required
def link_opgave(slug: str):
    _neighbourhood, design = load_design_for_work(slug)
    form = LinkOpgaveForm()
    raw = form.opgave_id.data or ""
    opgave = db.session.get(Opgave, int(raw)) if raw.isdigit() else None
    if commit_or_report(services.link_opgave, current_user, design, opgave):
        flash(_("The Opgave is linked to block 1."), "success")
    return redirect(url_for("team_design.worksheet", slug=slug) + "#opgaven")


def _link_or_404(design, link_id: int) -> TeamDesignOpgave:
    link = db.session.get(TeamDesignOpgave, link_id)
    if link is None or link.design_id != design.id:
        abort(404)
    return link


@bp.route("/opgaven/<int:link_id>/unlink", methods=["POST"])
@login_required
def unlink_opgave(slug: str, link_id: int):
    _neighbourhood, design = load_design_for_work(slug)
    link = _link_or_404(design, link_id)
    if commit_or_report(services.unlink_opgave, current_user, design, link):
        flash(_("The Opgave is no longer linked."), "success")
    return redirect(url_for("team_design.worksheet", slug=slug) + "#opgaven")


@bp.route("/opgaven/<int:link_id>/seen", methods=["POST"])
@login_required
def seen_opgave_change(slug: str, link_id: int):
    _neighbourhood, design = load_design_for_work(slug)
    link = _link_or_404(design, link_id)
    commit_or_report(services.acknowledge_opgave_change, current_user, design, link)
    return redirect(url_for("team_design.worksheet", slug=slug) + "#opgaven")


@bp.route("/publish", methods=["POST"])
@login_required
def publish(slug: str):
    _neighbourhood, design = load_design_for_work(slug)
    if request.form.get("action") == "unpublish":
        if commit_or_report(services.unpublish, current_user, design):
            flash(_("Only workers and reviewers see the team design now."), "success")
    elif commit_or_report(services.publish, current_user, design):
        flash(_("Everyone can read the team design now."), "success")
    return redirect(url_for("team_design.worksheet", slug=slug))
