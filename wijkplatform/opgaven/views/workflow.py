"""Submit a draft to the municipality, the reviewer's decision, and a new draft from an
accepted Opgave."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.permissions import ensure
from wijkplatform.opgaven import permissions, services
from wijkplatform.opgaven.forms import DecisionForm, SubmitForm
from wijkplatform.opgaven.views.common import bp, load_opgave, today
from wijkplatform.opgaven.views.drafts import render_detail


@bp.route("/opgaven/<int:opgave_id>/submit", methods=["POST"])
@login_required
def submit(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_write_opgave(current_user, opgave.neighbourhood))
    form = SubmitForm(prefix="submit")
    number = opgave.current_version
    outcome = commit_or_report(
        services.submit,
        current_user,
        opgave,
        reason=form.reason.data,
        today=today(),
        form=form,
        abort_on=(403, 404),
    )
    if outcome:
        flash(_("Version %(number)d is sent to the municipality.", number=number), "success")
    elif outcome.error.field in form:
        # The early reason is missing or too long: the page again, with the text kept.
        return render_detail(load_opgave(opgave_id), forms={"submit": form}, status=422)
    return redirect(url_for("opgaven.detail", opgave_id=opgave.id))


@bp.route("/opgaven/<int:opgave_id>/decision", methods=["POST"])
@login_required
def decide(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_review_opgave(current_user, opgave))
    form = DecisionForm(prefix="decision")
    decisions = {
        "accept": (services.accept, "remarks",
                   _("The Opgave is accepted. It can no longer be changed.")),
        "return": (services.return_opgave, "reasons",
                   _("The Opgave is returned with your reasons.")),
    }  # fmt: skip
    if form.validate_on_submit() and form.decision.data in decisions:
        service, argument, message = decisions[form.decision.data]
        outcome = commit_or_report(
            service, current_user, opgave, **{argument: form.reasons.data or ""}, form=form
        )
        if outcome:
            flash(message, "success")
        if outcome or outcome.error.status == 409:
            # A decision taken meanwhile: the page shows the Opgave as it is now.
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    elif form.is_submitted() and not form.decision.errors:
        form.decision.errors = [_("Choose accept or return.")]
    return render_detail(load_opgave(opgave_id), forms={"decision": form}, status=422)


@bp.route("/opgaven/<int:opgave_id>/new-draft", methods=["POST"])
@login_required
def start_from(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_start_from(current_user, opgave))
    draft = commit_or_report(
        services.start_from, current_user, opgave, abort_on=(403, 404, 409, 422)
    ).value
    flash(_("A new draft is started from this Opgave. The accepted one stays as it is."), "success")
    return redirect(url_for("opgaven.edit", opgave_id=draft.id))
