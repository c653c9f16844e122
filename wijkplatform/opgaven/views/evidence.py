"""Link contributions to the sections of a draft as evidence, and unlink them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.contributions import queries as contribution_queries
from wijkplatform.core.commit import commit_or_report, report_domain_error
from wijkplatform.core.htmx import is_htmx_request
from wijkplatform.core.permissions import ensure
from wijkplatform.extensions import db
from wijkplatform.opgaven import permissions, queries, services
from wijkplatform.opgaven.forms import EvidenceForm, EvidenceSearchForm
from wijkplatform.opgaven.models import DEFAULT_EVIDENCE_SECTION, OpgaveEvidence
from wijkplatform.opgaven.views.common import LABELS, bp, load_opgave


def _render_picker(opgave, *, form=None, error=None, status=200):
    search = EvidenceSearchForm(request.args)
    candidates = queries.evidence_candidates(
        opgave, q=search.q.data or "", kind=search.kind.data or ""
    )
    template = "opgaven/_evidence_candidates.html" if is_htmx_request() else "opgaven/evidence.html"
    return render_template(
        template,
        opgave=opgave,
        search=search,
        candidates=candidates,
        default_sections={c.id: DEFAULT_EVIDENCE_SECTION[c.kind] for c in candidates},
        evidence=queries.evidence(opgave),
        evidence_form=form or EvidenceForm(),
        error=error,
        **LABELS,
    ), status


@bp.route("/opgaven/<int:opgave_id>/evidence", methods=["GET", "POST"])
@login_required
def evidence(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_write_opgave(current_user, opgave.neighbourhood))
    if not permissions.can_edit_opgave(current_user, opgave):
        flash(_("The evidence of this Opgave cannot be changed now."), "warning")
        return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    if request.method == "GET":
        return _render_picker(opgave)
    form = EvidenceForm()
    if not form.validate_on_submit():
        return _render_picker(opgave, form=form, status=422)
    contribution = (
        contribution_queries.get_contribution(form.contribution_id.data)
        if form.contribution_id.data
        else None
    )
    if contribution is None:
        return _render_picker(
            opgave, form=form, error=_("Choose a contribution from the list."), status=422
        )
    outcome = commit_or_report(
        services.link_evidence,
        current_user,
        opgave,
        contribution,
        section=form.section.data,
        report=False,
    )
    if not outcome:
        if outcome.error.status in (403, 404):
            report_domain_error(outcome.error)
        return _render_picker(opgave, form=form, error=str(outcome.error.message), status=422)
    flash(_("“%(title)s” is linked.", title=contribution.title), "success")
    target = request.form.get("back")
    if target == "detail":
        return redirect(url_for("opgaven.detail", opgave_id=opgave.id) + "#suggestions")
    return redirect(url_for("opgaven.evidence", opgave_id=opgave.id, **_search_filters()))


def _search_filters() -> dict:
    """The picker's own filters, to come back to the same list. Never the whole query string:
    url_for reads `_external`, `_scheme` and `_anchor` from its keywords (an address on
    another host), and a repeated `opgave_id` would be a 500."""
    search = EvidenceSearchForm(request.args)
    return {name: value for name in ("q", "kind") if (value := search[name].data)}


@bp.route("/opgaven/<int:opgave_id>/evidence/<int:evidence_id>/remove", methods=["POST"])
@login_required
def remove_evidence(opgave_id: int, evidence_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_write_opgave(current_user, opgave.neighbourhood))
    row = db.session.get(OpgaveEvidence, evidence_id)
    if row is None or row.opgave_id != opgave.id:
        abort(404)
    title = row.contribution.title
    commit_or_report(
        services.unlink_evidence, current_user, opgave, row, abort_on=(403, 404, 409, 422)
    )
    flash(_("“%(title)s” is no longer linked.", title=title), "success")
    return redirect(url_for("opgaven.detail", opgave_id=opgave.id) + f"#section-{row.section}")
