"""Submit a draft to the municipality, the reviewer's decision, and a new draft from an
accepted Opgave."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.opgaven import permissions, services
from wijkplatform.opgaven.forms import DecisionForm
from wijkplatform.opgaven.views.common import bp, field_error, load_opgave, take_step
from wijkplatform.opgaven.views.drafts import render_detail


@bp.route("/opgaven/<int:opgave_id>/submit", methods=["POST"])
@login_required
def submit(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_write_opgave(current_user, opgave.neighbourhood))
    return take_step(
        opgave,
        lambda: services.submit(current_user, opgave),
        _("Version %(number)d is sent to the municipality.", number=opgave.current_version),
    )


@bp.route("/opgaven/<int:opgave_id>/decision", methods=["POST"])
@login_required
def decide(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_review_opgave(current_user, opgave))
    form = DecisionForm(prefix="decision")
    if form.validate_on_submit():
        try:
            if form.decision.data == "accept":
                services.accept(current_user, opgave, remarks=form.reasons.data or "")
                message = _("The Opgave is accepted. It can no longer be changed.")
            elif form.decision.data == "return":
                services.return_opgave(current_user, opgave, reasons=form.reasons.data or "")
                message = _("The Opgave is returned with your reasons.")
            else:
                raise services.OpgaveError(_("Choose accept or return."), "decision")
        except services.OpgaveError as error:
            db.session.rollback()
            if error.status == 403:
                abort(403)
            if error.status == 409:
                flash(str(error.message), "error")
                return redirect(url_for("opgaven.detail", opgave_id=opgave_id))
            field_error(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    db.session.rollback()
    return render_detail(load_opgave(opgave_id), forms={"decision": form}, status=422)


@bp.route("/opgaven/<int:opgave_id>/new-draft", methods=["POST"])
@login_required
def start_from(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_start_from(current_user, opgave))
    try:
        draft = services.start_from(current_user, opgave)
    except services.OpgaveError as error:
        db.session.rollback()
        abort(error.status if error.status in (403, 409) else 422)
    db.session.commit()
    flash(_("A new draft is started from this Opgave. The accepted one stays as it is."), "success")
    return redirect(url_for("opgaven.edit", opgave_id=draft.id))
