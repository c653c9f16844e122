"""Residents say whether the draft describes their neighbourhood; the neighbourhood worker
opens and closes the period for that."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.limits import limit_posts
from wijkplatform.core.permissions import ensure
from wijkplatform.opgaven import permissions, queries, services, workflow
from wijkplatform.opgaven.forms import OpenReactionsForm, ReactionForm
from wijkplatform.opgaven.models import REACTION_SECTIONS
from wijkplatform.opgaven.views.common import (
    LABELS,
    bp,
    load_opgave,
    take_step,
    today,
)
from wijkplatform.opgaven.views.drafts import render_detail


def _render_form(opgave, form, status=200):
    return render_template(
        "opgaven/reaction_form.html",
        opgave=opgave,
        version=services.latest_version(opgave),
        form=form,
        reaction_sections=REACTION_SECTIONS,
        **LABELS,
    ), status


@bp.route("/opgaven/<int:opgave_id>/react", methods=["GET", "POST"])
@limit_posts("POST_RATE_LIMIT")
@login_required
def react(opgave_id: int):
    opgave = load_opgave(opgave_id)
    if not workflow.reactions_open(opgave.status, opgave.reactions_until, today()):
        flash(_("You can no longer react to this draft."), "info")
        return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    ensure(permissions.can_react_to_opgave(current_user, opgave, today()))
    form = ReactionForm()
    if not form.is_submitted():
        for section, reaction in queries.own_reactions(current_user, opgave).items():
            if section in REACTION_SECTIONS:
                form[f"{section}-answer"].data = reaction.answer.value
                form[f"{section}-comment"].data = reaction.comment
        return _render_form(opgave, form)
    if form.validate_on_submit():
        answers = {
            section: (form[f"{section}-answer"].data or "", form[f"{section}-comment"].data or "")
            for section in REACTION_SECTIONS
        }
        outcome = commit_or_report(
            services.react, current_user, opgave, answers, today=today(), form=form, abort_on=()
        )
        if not outcome and outcome.error.status in (403, 409):
            # Reactions closed meanwhile, or a block: said on the draft itself.
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
        if outcome:
            flash(
                _(
                    "Thank you. Your answers are saved. You can change them until the "
                    "reactions close."
                ),
                "success",
            )
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id) + "#reactions")
    return _render_form(opgave, form, status=422)


@bp.route("/opgaven/<int:opgave_id>/reactions/open", methods=["POST"])
@login_required
def open_reactions(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_write_opgave(current_user, opgave.neighbourhood))
    form = OpenReactionsForm(prefix="open")
    if form.validate_on_submit():
        if commit_or_report(
            services.open_reactions,
            current_user,
            opgave,
            until=form.until.data,
            today=today(),
            form=form,
            abort_on=(403, 404, 409),
        ):
            flash(
                _(
                    "The draft is open for reactions. Residents of %(name)s can now react.",
                    name=opgave.neighbourhood.name,
                ),
                "success",
            )
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    elif form.until.raw_data and form.until.raw_data[0]:
        form.until.errors = [_("Fill in a date like 31-12-2026.")]
    else:
        form.until.errors = [_("Choose a last day after today.")]
    return render_detail(load_opgave(opgave_id), forms={"open": form}, status=422)


@bp.route("/opgaven/<int:opgave_id>/reactions/close", methods=["POST"])
@login_required
def close_reactions(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_write_opgave(current_user, opgave.neighbourhood))
    return take_step(
        opgave,
        lambda: services.close_reactions(current_user, opgave),
        _("Reactions are closed. The answers stay visible."),
    )
