"""Start a draft, read it, change it (each save a version), and read or compare versions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.core import registries
from wijkplatform.core.commit import commit_or_report, report_domain_error
from wijkplatform.core.permissions import ensure
from wijkplatform.neighbourhoods import queries as neighbourhood_queries
from wijkplatform.opgaven import diff, permissions, profile_text, queries, services, workflow
from wijkplatform.opgaven.forms import (
    DecisionForm,
    EvidenceForm,
    NewOpgaveForm,
    OpenReactionsForm,
    OpgaveForm,
    SubmitForm,
)
from wijkplatform.opgaven.models import FOCUS, GOALS, SECTION_KEYS, OpgaveAction
from wijkplatform.opgaven.views.common import LABELS, bp, load_opgave, today
from wijkplatform.opgaven.views.evidence_items import evidence_items_writer
from wijkplatform.opgaven.workflow import Step


@bp.route("/neighbourhoods/<slug>/opgaven/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    neighbourhood = neighbourhood_queries.get_neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    ensure(permissions.can_write_opgave(current_user, neighbourhood))
    form = NewOpgaveForm()
    outcome = form.validate_on_submit() and commit_or_report(
        services.create_opgave, current_user, neighbourhood, title=form.title.data, form=form
    )
    if outcome:
        flash(_("The draft is started. Only neighbourhood workers see it for now."), "success")
        return redirect(url_for("opgaven.edit", opgave_id=outcome.value.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "opgaven/opgave_new.html", form=form, neighbourhood=neighbourhood
    ), status


def _latest_reason(events, action: OpgaveAction):
    for event in reversed(events):
        if event.action == action:
            return event
    return None


def render_detail(opgave, *, forms=None, status: int = 200):
    forms = forms or {}
    version = services.latest_version(opgave)
    events = queries.timeline(opgave)
    evidence = queries.evidence(opgave)
    can_edit = permissions.can_edit_opgave(current_user, opgave)
    can_write = permissions.can_write_opgave(current_user, opgave.neighbourhood)
    can_open = permissions.can_take_step(current_user, opgave, Step.OPEN_REACTIONS)
    can_submit = permissions.can_take_step(current_user, opgave, Step.SUBMIT)
    can_decide = any(
        permissions.can_take_step(current_user, opgave, step) for step in (Step.ACCEPT, Step.RETURN)
    )

    def form(name, make, allowed):
        # Only a form that is shown: making one stores a CSRF token in the session, and a
        # visitor who reads the page gets no session cookie (issue 18).
        return forms.get(name) or (make() if allowed else None)

    return render_template(
        "opgaven/opgave_detail.html",
        opgave=opgave,
        version=version,
        timeline=queries.grouped_timeline(events),
        evidence=evidence,
        evidence_items=evidence_items_writer(opgave.id, can_edit=can_edit, can_write=can_write),
        results={r.section: r for r in queries.reaction_results(opgave)},
        residents_reacted=queries.residents_reacted(opgave),
        comments=(
            queries.reaction_comments(opgave)
            if permissions.can_see_reaction_comments(current_user, opgave)
            else None
        ),
        suggestions=queries.suggestions(opgave, version) if can_edit else None,
        can_edit=can_edit,
        can_write=can_write,
        notice=workflow.notice(opgave.status),
        can_react=permissions.can_react_to_opgave(current_user, opgave, today()),
        reactions_open=workflow.reactions_open(opgave.status, opgave.reactions_until, today()),
        can_open=can_open,
        can_close=permissions.can_take_step(current_user, opgave, Step.CLOSE_REACTIONS),
        can_submit=can_submit,
        can_decide=can_decide,
        can_start_from=permissions.can_start_from(current_user, opgave),
        returned=_latest_reason(events, OpgaveAction.RETURNED),
        accepted=_latest_reason(events, OpgaveAction.ACCEPTED),
        open_form=form("open", lambda: OpenReactionsForm(prefix="open"), can_open),
        decision_form=form("decision", lambda: DecisionForm(prefix="decision"), can_decide),
        submit_form=form("submit", lambda: SubmitForm(prefix="submit"), can_submit),
        submit_early=services.cuts_reactions_short(opgave, today()),
        evidence_form=form("evidence", EvidenceForm, can_edit),
        page_sections=registries.render_sections(opgave, registries.OPGAVE),
        **LABELS,
    ), status


@bp.route("/opgaven/<int:opgave_id>")
def detail(opgave_id: int):
    return render_detail(load_opgave(opgave_id))


def _form_from_version(version, opgave) -> OpgaveForm:
    data = {key: version.text_of(key) for key in SECTION_KEYS}
    data.update(
        title=version.title,
        goals=version.goal_keys,
        focus=version.focus_keys,
        base_version=str(opgave.current_version),
    )
    return OpgaveForm(data=data)


def _render_edit(opgave, form, *, status=200, conflict=None, pulled=None, offer_pull=False):
    return render_template(
        "opgaven/opgave_edit.html",
        opgave=opgave,
        form=form,
        conflict=conflict,
        pulled=pulled,
        offer_pull=offer_pull,
        **LABELS,
    ), status


@bp.route("/opgaven/<int:opgave_id>/edit", methods=["GET", "POST"])
@login_required
def edit(opgave_id: int):
    opgave = load_opgave(opgave_id)
    ensure(permissions.can_write_opgave(current_user, opgave.neighbourhood))
    if not workflow.is_editable(opgave.status):
        flash(_("This Opgave cannot be changed now."), "warning")
        return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    if request.method == "GET":
        form = _form_from_version(services.latest_version(opgave), opgave)
        pulled = None
        if request.args.get("pull") == "profile":
            pulled = profile_text.key_figures_text(opgave.neighbourhood)
            if pulled is None:
                flash(_("There are no figures for this neighbourhood yet."), "info")
            else:
                text = form.characteristics.data or ""
                form.characteristics.data = (text + "\n\n" + pulled.text).strip()
        offer_pull = pulled is None and profile_text.has_profile(opgave.neighbourhood)
        return _render_edit(opgave, form, pulled=pulled, offer_pull=offer_pull)

    form = OpgaveForm()
    if request.form.get("pull") == "profile":
        # A secondary action inside the editor: add the figures to what was typed, save nothing.
        pulled = profile_text.key_figures_text(opgave.neighbourhood)
        if pulled is None:
            flash(_("There are no figures for this neighbourhood yet."), "info")
        else:
            text = form.characteristics.data or ""
            form.characteristics.data = (text + "\n\n" + pulled.text).strip()
        offer_pull = pulled is None and profile_text.has_profile(opgave.neighbourhood)
        return _render_edit(opgave, form, pulled=pulled, offer_pull=offer_pull)
    if form.validate_on_submit():
        base = form.base_version.data
        outcome = commit_or_report(
            services.save_version,
            current_user,
            opgave,
            base_version=int(base) if base and base.isdigit() else None,
            title=form.title.data,
            texts={key: form[key].data for key in SECTION_KEYS},
            goals=form.goals.data,
            focus=form.focus.data,
            note=form.note.data,
            form=form,
            report=False,
        )
        if isinstance(outcome.error, services.StaleVersion):
            return _conflict(opgave, form, outcome.error)
        if outcome.error:
            report_domain_error(outcome.error, form, abort_on=(403, 404, 409))
        else:
            version = outcome.value
            if version is None:
                flash(_("Nothing was changed, so no new version was made."), "info")
            else:
                flash(_("Saved as version %(number)d.", number=version.number), "success")
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    return _render_edit(opgave, form, status=422)


def _conflict(opgave, form, stale):
    """Keep the editor's text, show what the other save changed, and let them save again."""
    opgave = load_opgave(opgave.id)
    base = form.base_version.data
    base_number = int(base) if base and base.isdigit() else None
    theirs = queries.get_version(opgave, opgave.current_version)
    before = queries.get_version(opgave, base_number) if base_number else None
    changes = [d for d in diff.diff_versions(before, theirs, ("title", *SECTION_KEYS)) if d.changed]
    form.base_version.data = str(opgave.current_version)
    return _render_edit(
        opgave,
        form,
        status=409,
        conflict={"message": stale.message, "version": theirs, "changes": changes},
    )


@bp.route("/opgaven/<int:opgave_id>/versions/")
def versions(opgave_id: int):
    opgave = load_opgave(opgave_id)
    return render_template(
        "opgaven/version_list.html", opgave=opgave, versions=queries.versions(opgave), **LABELS
    )


def _version_or_404(opgave, number: int):
    version = queries.get_version(opgave, number)
    if version is None:
        abort(404)
    return version


@bp.route("/opgaven/<int:opgave_id>/versions/<int:number>")
def version(opgave_id: int, number: int):
    opgave = load_opgave(opgave_id)
    return render_template(
        "opgaven/version_detail.html",
        opgave=opgave,
        version=_version_or_404(opgave, number),
        **LABELS,
    )


@bp.route("/opgaven/<int:opgave_id>/versions/<int:number>/compare")
def compare(opgave_id: int, number: int):
    """Version `number` beside the one before it, per section."""
    opgave = load_opgave(opgave_id)
    after = _version_or_404(opgave, number)
    before = queries.get_version(opgave, number - 1) if number > 1 else None
    return render_template(
        "opgaven/version_compare.html",
        opgave=opgave,
        before=before,
        after=after,
        changes=diff.diff_versions(before, after, ("title", *SECTION_KEYS)),
        goals_before=set(before.goal_keys) if before else set(),
        focus_before=set(before.focus_keys) if before else set(),
        all_goals=GOALS,
        all_focus=FOCUS,
        **LABELS,
    )
