"""Writing a contribution (with a preview step), suggestions, editing and withdrawing."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from wijkplatform.accounts.services import verified_organisations_of
from wijkplatform.contributions import permissions, queries, services
from wijkplatform.contributions.forms import (
    ActionForm,
    ContributionForm,
    OfflineContributionForm,
    edit_contribution_form,
    new_submission_key,
)
from wijkplatform.contributions.models import (
    KIND_EXPLANATIONS,
    KIND_LABELS,
    ContributionKind,
)
from wijkplatform.contributions.photos import queries as photo_queries
from wijkplatform.contributions.photos.models import MAX_PHOTOS
from wijkplatform.contributions.views.common import (
    bp,
    load_contribution,
)
from wijkplatform.contributions.views.photos import (
    photo_too_large_message,
    photo_upload_limit,
    read_photos,
)
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.htmx import render_partial
from wijkplatform.core.limits import limit_posts
from wijkplatform.core.moderation import participation_refusal
from wijkplatform.core.permissions import ensure
from wijkplatform.core.uploads import accepts_uploads
from wijkplatform.neighbourhoods.queries import get_neighbourhood_by_slug

logger = logging.getLogger(__name__)


def _kind_from(value) -> str:
    return value if value in KIND_LABELS else ContributionKind.ISSUE.value


def _choose_neighbourhood():
    """`/contributions/new` without a neighbourhood: a resident of one neighbourhood goes
    straight to its form; someone linked to several chooses; nobody gets a 404."""
    own = permissions.neighbourhoods_to_share_in(current_user)
    if len(own) == 1:
        kind = request.args.get("kind")
        return redirect(
            url_for(
                "contributions.new",
                neighbourhood=own[0].slug,
                **({"kind": kind} if kind in KIND_LABELS else {}),
            )
        )
    return render_template("contributions/contribution_choose.html", neighbourhoods=own)


@bp.route("/contributions/new", methods=["GET", "POST"])
@accepts_uploads(photo_upload_limit, photo_too_large_message)
@limit_posts("POST_RATE_LIMIT")
@login_required
def new():
    slug = request.values.get("neighbourhood", "")
    if not slug and request.method == "GET":
        return _choose_neighbourhood()
    neighbourhood = get_neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    offline = request.values.get("offline") == "1"
    if offline:
        ensure(permissions.can_record_offline(current_user, neighbourhood))
    else:
        ensure(permissions.can_create_contribution(current_user, neighbourhood))
        refusal = participation_refusal(current_user, neighbourhood.id)
        if refusal:
            # Said before anything is typed (the services refuse a blocked resident anyway).
            return render_template(
                "contributions/participation_refused.html",
                neighbourhood=neighbourhood,
                message=refusal,
            ), 403
    form_class = OfflineContributionForm if offline else ContributionForm
    form = form_class()
    organisations = [] if offline else verified_organisations_of(current_user)
    form.organisation_id.choices = [
        SelectChoice(0, _("Myself")),
        *(SelectChoice(o.id, o.name) for o in organisations),
    ]
    if request.method == "GET":
        form.kind.data = _kind_from(request.args.get("kind"))
        form.submission_key.data = new_submission_key()
    similar, preview = [], False
    publishing = request.method == "POST" and request.form.get("action") == "publish"
    valid = form.validate_on_submit()
    # Photos are chosen on the check step and sent with "Publish" (a browser cannot keep a
    # chosen file across the preview); each one is checked even when other fields are wrong.
    photos = read_photos(form, MAX_PHOTOS) if publishing else []
    if valid and photos is not None:
        if not form.submission_key.data:
            form.submission_key.data = new_submission_key()
        if not publishing:
            # The step without JavaScript: show the text as others will see it, and
            # contributions that look alike, before publishing.
            preview = True
            similar = queries.similar_contributions(neighbourhood.id, form.title.data)
        else:
            outcome = commit_or_report(
                services.create_contribution,
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
                organisation=next(
                    (o for o in organisations if o.id == form.organisation_id.data), None
                ),
                photos=photos,
                form=form,
            )
            if outcome:
                flash(_("Thank you. Your contribution has been published."), "success")
                return redirect(url_for("contributions.detail", contribution_id=outcome.value.id))
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
            show_photos=preview or publishing,
            max_photos=MAX_PHOTOS,
            free_photo_slots=MAX_PHOTOS,
            existing_photos=[],
            photos_chosen=publishing,
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
@accepts_uploads(photo_upload_limit, photo_too_large_message)
@login_required
def edit(contribution_id: int):
    contribution = load_contribution(contribution_id)
    ensure(permissions.can_edit_contribution(current_user, contribution))
    existing = photo_queries.photos_of(contribution.id)
    form = edit_contribution_form(
        existing,
        obj=contribution,
        data=None if request.method == "POST" else {"categories": contribution.categories},
    )
    form.remove_photos.choices = [(p.id, p.alt_text) for p in existing]
    removing = {p.id for p in existing} & set(form.remove_photos.data or [])
    # Only the photos of this contribution have a field, and a photo being removed keeps
    # the alt text it has.
    alt_texts = {
        photo_id: field.data
        for photo_id, field in form.photo_alt_fields.items()
        if photo_id not in removing
    }
    free = MAX_PHOTOS - len(existing) + len(removing)
    valid = form.validate_on_submit()
    photos = read_photos(form, free) if form.is_submitted() else []
    if (
        valid
        and photos is not None
        and commit_or_report(
            services.edit_contribution,
            current_user,
            contribution,
            title=form.title.data,
            body=form.body.data,
            categories=form.categories.data,
            place=form.place.data,
            latitude=form.latitude.data,
            longitude=form.longitude.data,
            remove_photo_ids=sorted(removing),
            photos=photos,
            photo_alt_texts=alt_texts,
            form=form,
        )
    ):
        flash(_("Your changes have been saved."), "success")
        return redirect(url_for("contributions.detail", contribution_id=contribution.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "contributions/contribution_edit.html",
        form=form,
        contribution=contribution,
        existing_photos=existing,
        max_photos=MAX_PHOTOS,
        free_photo_slots=max(0, MAX_PHOTOS - len(existing)),
        photos_chosen=form.is_submitted(),
    ), status


@bp.route("/contributions/<int:contribution_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(contribution_id: int):
    """GET asks "are you sure?" (the step that works without JavaScript); POST withdraws."""
    contribution = load_contribution(contribution_id)
    if contribution.withdrawn and current_user.id in {
        contribution.author_id,
        contribution.recorded_by_id,
    }:
        # A second click on "withdraw": already done, nothing to say.
        return redirect(url_for("contributions.detail", contribution_id=contribution.id))
    ensure(permissions.can_withdraw_contribution(current_user, contribution))
    if request.method == "GET":
        return render_template(
            "contributions/withdraw_confirm.html",
            contribution=contribution,
            has_photos=bool(photo_queries.photos_of(contribution.id)),
        )
    if ActionForm().validate_on_submit() and commit_or_report(
        services.withdraw_contribution, current_user, contribution
    ):
        flash(_("Your contribution has been withdrawn. It stays visible as withdrawn."), "success")
    return redirect(url_for("contributions.detail", contribution_id=contribution.id))
