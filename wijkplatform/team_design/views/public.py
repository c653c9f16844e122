"""The published design in plain language, residents' comments per block, and the links
from the neighbourhood page and the Opgave page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from wijkplatform.core import registries
from wijkplatform.core.commit import commit_or_report
from wijkplatform.core.htmx import is_htmx_request, render_partial
from wijkplatform.core.limits import limit_posts
from wijkplatform.core.permissions import ensure
from wijkplatform.core.urls import id_arg
from wijkplatform.extensions import db
from wijkplatform.team_design import permissions, queries, services
from wijkplatform.team_design.forms import CommentForm, HideCommentForm
from wijkplatform.team_design.models import TeamDesign, TeamDesignComment, TeamDesignOpgave
from wijkplatform.team_design.questions import BLOCKS_BY_NUMBER, TEAM_FORM_EXPLANATIONS, TEAM_FORMS
from wijkplatform.team_design.views.common import bp, labels, load_neighbourhood


def render_public(neighbourhood, design, *, comment_forms=None, status=200):
    visible = permissions.can_view_team_design(current_user, design)
    can_work = permissions.can_view_worksheet(current_user, neighbourhood)
    if not visible:
        return render_template(
            "team_design/design_public.html",
            neighbourhood=neighbourhood,
            design=None,
            can_work=can_work,
            **labels(),
        ), status
    linked = queries.linked_opgaven(design)
    comment_forms = comment_forms or {}
    can_comment = permissions.can_comment_on_team_design(current_user, design)
    can_moderate = permissions.can_moderate_team_design_comments(current_user, neighbourhood)
    return render_template(
        "team_design/design_public.html",
        neighbourhood=neighbourhood,
        design=design,
        can_work=can_work,
        linked=linked,
        opgave_choices=queries.opgave_choices(linked),
        team_forms=TEAM_FORMS,
        team_form_explanations=TEAM_FORM_EXPLANATIONS,
        # Workers also see what they hid, with the reason, and can show it again. A page
        # of each block's comments (issue 18), or of one block after `comments_after`.
        comments=queries.design_comments(
            design, include_hidden=can_moderate, after=_comments_after()
        ),
        can_comment=can_comment,
        can_moderate=can_moderate,
        comment_forms={
            n: comment_forms.get(n) or CommentForm(prefix=f"block{n}") for n in BLOCKS_BY_NUMBER
        }
        if can_comment
        else {},
        **labels(),
    ), status


def _comments_after() -> tuple[int, int] | None:
    """(block, comment id) from `?block=&comments_after=` (the "Show more comments" link
    without JavaScript); anything else is ignored and the page shows every block from its
    first comment."""
    block, after = id_arg("block"), id_arg("comments_after")
    if block not in BLOCKS_BY_NUMBER or after is None:
        return None
    return block, after


@bp.route("/")
def public(slug: str):
    neighbourhood = load_neighbourhood(slug)
    return render_public(neighbourhood, queries.design_for(neighbourhood))


@bp.route("/blocks/<int:number>/comments")
def more_comments(slug: str, number: int):
    """The next comments of one block (`comments_after=<id>`, the "Show more comments"
    link). htmx adds them to the block's list in place; without JavaScript this address
    leads to the design page, which then shows that block from there."""
    neighbourhood = load_neighbourhood(slug)
    if number not in BLOCKS_BY_NUMBER:
        abort(404)
    after = id_arg("comments_after")
    if not is_htmx_request():
        kept = {"block": number, "comments_after": after} if after is not None else {}
        return redirect(
            url_for("team_design.public", slug=neighbourhood.slug, **kept) + f"#block-{number}"
        )
    design = queries.design_for(neighbourhood)
    if after is None or design is None:
        abort(404)
    if not permissions.can_view_team_design(current_user, design):
        abort(404)
    can_moderate = permissions.can_moderate_team_design_comments(current_user, neighbourhood)
    comments = queries.more_design_comments(design, number, after, include_hidden=can_moderate)
    shown = comments.blocks[number].comments
    return render_partial(
        "team_design/_design_comments_page.html",
        neighbourhood=neighbourhood,
        number=number,
        comments=comments,
        can_moderate=can_moderate,
        announce=ngettext(
            "%(num)d more comment is shown.", "%(num)d more comments are shown.", len(shown)
        ),
        focus=f"team-design-comment-{shown[0].id}" if shown else None,
    )


@bp.route("/blocks/<int:number>/comments", methods=["POST"])
@limit_posts("POST_RATE_LIMIT")
@login_required
def comment(slug: str, number: int):
    neighbourhood = load_neighbourhood(slug)
    design = queries.design_for(neighbourhood)
    if design is None or number not in BLOCKS_BY_NUMBER:
        abort(404)
    ensure(permissions.can_comment_on_team_design(current_user, design))
    form = CommentForm(prefix=f"block{number}")
    if form.validate_on_submit() and commit_or_report(
        services.add_comment, current_user, design, number, form.body.data, form=form
    ):
        flash(_("Thank you. Your comment is placed."), "success")
        return redirect(url_for("team_design.public", slug=slug) + f"#block-{number}")
    return render_public(neighbourhood, design, comment_forms={number: form}, status=422)


def _comment_for_moderation(slug: str, comment_id: int):
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_moderate_team_design_comments(current_user, neighbourhood))
    design = queries.design_for(neighbourhood)
    row = db.session.get(TeamDesignComment, comment_id)
    if design is None or row is None or row.design_id != design.id:
        abort(404)
    return design, row


@bp.route("/comments/<int:comment_id>/restore", methods=["POST"])
@login_required
def restore_comment(slug: str, comment_id: int):
    design, row = _comment_for_moderation(slug, comment_id)
    if commit_or_report(services.restore_comment, current_user, design, row):
        flash(_("The comment is shown again."), "success")
    return redirect(url_for("team_design.public", slug=slug) + f"#block-{row.block}")


@bp.route("/comments/<int:comment_id>/hide", methods=["POST"])
@login_required
def hide_comment(slug: str, comment_id: int):
    design, row = _comment_for_moderation(slug, comment_id)
    form = HideCommentForm()
    if commit_or_report(
        services.hide_comment, current_user, design, row, form.reason.data, form=form
    ):
        flash(_("The comment is hidden."), "success")
    elif form.reason.errors:
        flash(form.reason.errors[0], "error")
    return redirect(url_for("team_design.public", slug=slug) + f"#block-{row.block}")


# --- Links from other pages ------------------------------------------------------------


def neighbourhood_section(neighbourhood) -> Markup:
    return Markup(
        render_template(
            "team_design/_neighbourhood_team_design.html",
            neighbourhood=neighbourhood,
            published=queries.is_published(neighbourhood),
            can_work=permissions.can_view_worksheet(current_user, neighbourhood),
        )
    )


def opgave_section(opgave) -> Markup:
    design = db.session.scalar(
        select(TeamDesign)
        .join(TeamDesignOpgave, TeamDesignOpgave.design_id == TeamDesign.id)
        .where(TeamDesignOpgave.opgave_id == opgave.id)
    )
    if design is None or not permissions.can_view_team_design(current_user, design):
        return Markup("")
    return Markup(
        render_template("team_design/_opgave_team_design.html", neighbourhood=design.neighbourhood)
    )


@bp.record_once
def _register_sections(state) -> None:
    app = state.app
    registries.register_section(app, "team_design", neighbourhood_section, order=20)
    registries.register_section(
        app, "team_design", opgave_section, order=10, slot=registries.OPGAVE
    )
