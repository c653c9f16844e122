"""What Opgaven add to other pages: the neighbourhood's Opgaven, the Opgaven a contribution
is evidence for, and news and work on the account page."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from markupsafe import Markup

from wijkplatform.accounts.permissions import is_admin
from wijkplatform.core import registries
from wijkplatform.opgaven import permissions, queries, workflow
from wijkplatform.opgaven.views.common import LABELS, bp, today


def _sees_unpublished(neighbourhood) -> bool:
    user = current_user
    return permissions.can_write_opgave(user, neighbourhood) or (
        getattr(user, "is_authenticated", False)
        and (permissions.is_reviewer_of(user, neighbourhood.municipality) or is_admin(user))
    )


def neighbourhood_section(neighbourhood) -> Markup:
    opgaven = queries.opgaven_of(
        neighbourhood, include_unpublished=_sees_unpublished(neighbourhood)
    )
    return Markup(
        render_template(
            "opgaven/_neighbourhood_opgaven.html",
            neighbourhood=neighbourhood,
            opgaven=opgaven,
            taking_reactions={
                opgave.id
                for opgave in opgaven
                if workflow.reactions_open(opgave.status, opgave.reactions_until, today())
            },
            can_write=permissions.can_write_opgave(current_user, neighbourhood),
            **LABELS,
        )
    )


def contribution_section(contribution) -> Markup:
    rows = queries.opgaven_for_contribution(
        contribution, include_unpublished=_sees_unpublished(contribution.neighbourhood)
    )
    if not rows:
        return Markup("")
    return Markup(render_template("opgaven/_contribution_opgaven.html", rows=rows, **LABELS))


def account_section(user) -> Markup:
    return Markup(
        render_template(
            "opgaven/_account_opgaven.html",
            news=queries.news_for(user),
            to_review=queries.to_review(user),
            drafts=queries.drafts_for_moderator(user),
            **LABELS,
        )
    )


@bp.record_once
def _register_sections(state) -> None:
    app = state.app
    registries.register_section(app, "opgaven", neighbourhood_section, order=10)
    registries.register_section(
        app, "opgaven", contribution_section, order=10, slot=registries.CONTRIBUTION
    )
    registries.register_section(app, "opgaven", account_section, order=10, slot=registries.ACCOUNT)
