"""The queue per neighbourhood, the log, and one item with its actions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkplatform.contributions import queries as contribution_queries
from wijkplatform.contributions.models import Contribution, ContributionStatus
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.db import utcnow
from wijkplatform.core.errors import DomainError
from wijkplatform.core.htmx import is_htmx_request, render_partial
from wijkplatform.core.i18n import translated_labels
from wijkplatform.core.paging import page_notices, page_number
from wijkplatform.core.permissions import ensure
from wijkplatform.core.text import clean_line
from wijkplatform.extensions import db
from wijkplatform.moderation import permissions, queries, services, targets
from wijkplatform.moderation.forms import AnswerForm, MergeForm, ReasonForm
from wijkplatform.moderation.models import TargetType
from wijkplatform.moderation.views.common import (
    LABELS,
    MODERATION_ABORTS,
    bp,
    load_neighbourhood,
    load_target,
    moderated_neighbourhoods,
    worker_inbox_counts,
)
from wijkplatform.moderation.views.queue_items import queue_items_writer

# --- Queue and log -------------------------------------------------------------------


def render_queue(neighbourhood, *, reject_forms=None, status: int = 200):
    ensure(permissions.can_moderate(current_user, neighbourhood))
    flagged = queries.flagged_items(neighbourhood)
    organisations = queries.pending_organisations(neighbourhood)
    reject_forms = reject_forms or {}
    # Translated once per language, not per item (issue 18).
    labels = {name: translated_labels(table) for name, table in LABELS.items()}
    new_account_days = queries.new_account_days()
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
        new_account_days=new_account_days,
        action_form=ReasonForm(),
        queue_items=queue_items_writer(
            neighbourhood,
            target_labels=labels["target_labels"],
            flag_reason_labels=labels["flag_reason_labels"],
            not_counted_labels=labels["not_counted_labels"],
            new_account_days=new_account_days,
        ),
        **labels,
    ), status


@bp.route("/<slug>/")
def queue(slug: str):
    return render_queue(load_neighbourhood(slug))


def _inbox_context(neighbourhood):
    """One page of the inbox (`?page=`, 25 rows) with what the page says about it."""
    ensure(permissions.can_moderate(current_user, neighbourhood))
    # The header's count of every inbox of the worker serves this page too: one query for
    # the three figures. An administrator who is not a worker here gets this one counted.
    counts = worker_inbox_counts(current_user)
    if neighbourhood.id not in counts:
        counts = {**counts, **queries.inbox_counts([neighbourhood.id])}
    asked = request.args.get("page")
    wanted = page_number(asked)
    page = queries.inbox(neighbourhood, total=counts.get(neighbourhood.id, 0), page=wanted or 1)
    return {
        "neighbourhood": neighbourhood,
        "page": page,
        "ignored": page_notices(asked, wanted, page.page),
        "counts": counts,
        "today": utcnow().date(),
    }


@bp.route("/<slug>/inbox")
def inbox(slug: str):
    """New contributions without an answer or a status, oldest first, a page at a time."""
    neighbourhood = load_neighbourhood(slug)
    context = _inbox_context(neighbourhood)
    return render_template(
        "moderation/inbox.html",
        others=[n for n in moderated_neighbourhoods(current_user) if n.id != neighbourhood.id],
        **context,
    )


@bp.route("/<slug>/inbox/more")
def inbox_more(slug: str):
    """The next page of the inbox for the "Show more" control: htmx adds its rows to the
    list in place; without JavaScript (the control's own link is the inbox page itself)
    this address shows that page of the inbox."""
    if not is_htmx_request():
        return inbox(slug)
    neighbourhood = load_neighbourhood(slug)
    context = _inbox_context(neighbourhood)
    page = context["page"]
    if context["ignored"]:  # a page the control never asks for: nothing to add
        abort(404)
    return render_partial(
        "moderation/_inbox_page.html",
        announce=_(
            "Contributions %(first)d to %(last)d of %(total)d have been added to the list.",
            first=page.first_number,
            last=page.first_number + len(page.rows) - 1,
            total=page.total,
        )
        if page.rows
        else None,
        focus=f"inbox-{page.rows[0].id}-link" if page.rows else None,
        **context,
    )


@bp.route("/<slug>/log")
def log(slug: str):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_view_moderation_log(current_user, neighbourhood))
    return render_template(
        "moderation/log.html",
        neighbourhood=neighbourhood,
        events=queries.events_for_neighbourhood(neighbourhood),
        can_moderate=permissions.can_moderate(current_user, neighbourhood),
        **LABELS,
    )


# --- One item ------------------------------------------------------------------------


def merge_candidates(contribution, words: str) -> list:
    """Contributions of the same neighbourhood to keep when this one is the duplicate: found
    by the words searched for (by default its own title), never itself or a merged one."""
    return contribution_queries.similar_contributions(
        contribution.neighbourhood_id, words or contribution.title, exclude_id=contribution.id
    )


def _render_item(neighbourhood, target_type, target, *, forms=None, status: int = 200):
    forms = forms or {}
    contribution = services.contribution_of(target)
    kind = targets.kind_of(target) if contribution is None else None
    survivor_q = clean_line(request.args.get("survivor_q", ""))[:200]
    return render_template(
        "moderation/item.html",
        neighbourhood=neighbourhood,
        target_type=target_type,
        target=target,
        contribution=contribution,
        reports=queries.reports_for(target_type, target.id),
        counting=services.counting_flag_count(target_type, target.id),
        threshold=services.hide_threshold(target),
        decided_reasons=sorted(r.value for r in services.decided_reasons(target_type, target.id)),
        new_account_days=queries.new_account_days(),
        events=queries.events_for(target_type, target.id),
        heading=kind.heading(target) if kind is not None else None,
        page_url=kind.page_url(target) if kind is not None else None,
        answer=queries.latest_answer(contribution.id) if contribution is not None else None,
        merge=queries.merge_of(contribution.id) if contribution is not None else None,
        survivor_q=survivor_q,
        survivor_candidates=(
            merge_candidates(contribution, survivor_q)
            if target_type == TargetType.CONTRIBUTION
            else []
        ),
        can_moderate=permissions.can_moderate(current_user, neighbourhood),
        hide_form=forms.get("hide") or ReasonForm(prefix="hide"),
        restore_form=forms.get("restore") or ReasonForm(prefix="restore"),
        dismiss_form=forms.get("dismiss") or ReasonForm(prefix="dismiss"),
        merge_form=forms.get("merge") or MergeForm(prefix="merge"),
        answer_form=forms.get("answer")
        or AnswerForm(
            prefix="answer",
            data={"status": _answer_default(contribution) if contribution is not None else None},
        ),
        **LABELS,
    ), status


def _answer_default(contribution) -> str:
    if contribution.status == ContributionStatus.OPEN:
        return ContributionStatus.UNDER_CONSIDERATION.value
    return contribution.status.value


@bp.route("/<slug>/<target_type>/<int:target_id>")
def item(slug: str, target_type: str, target_id: int):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_view_moderation_log(current_user, neighbourhood))
    target_type, target = load_target(neighbourhood, target_type, target_id)
    return _render_item(neighbourhood, target_type, target)


def _item_action(slug, target_type, target_id, name, form_class, action, done_message):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_moderate(current_user, neighbourhood))
    target_type, target = load_target(neighbourhood, target_type, target_id)
    form = form_class(prefix=name)
    if form.validate_on_submit() and commit_or_report(
        action, target, form, form=form, abort_on=MODERATION_ABORTS
    ):
        flash(done_message, "success")
        return redirect(
            url_for(
                "moderation.item", slug=slug, target_type=target_type.value, target_id=target_id
            )
        )
    target_type, target = load_target(neighbourhood, target_type.value, target_id)
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
        raise DomainError(_("Choose the contribution to keep."), "survivor_id")
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
