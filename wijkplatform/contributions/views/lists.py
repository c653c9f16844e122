"""Contribution lists per neighbourhood and per municipality, and the resident's own overview."""

from __future__ import annotations

import logging

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkplatform.contributions import permissions, queries, trail
from wijkplatform.contributions.views.common import bp
from wijkplatform.core.htmx import is_htmx_request, render_partial
from wijkplatform.core.paging import not_understood_message, past_the_end_message
from wijkplatform.neighbourhoods.queries import get_municipality_by_code, get_neighbourhood_by_slug

logger = logging.getLogger(__name__)


def _ignored(filters, page) -> list[str]:
    """What the list left out of the address, said in words: values of the filters it
    does not know, and a page number that is not one or is past the last page."""
    labels = {"kind": _("Kind"), "category": _("Subject"), "sort": _("Sort by")}
    messages = []
    for name, value in filters.ignored:
        if name == "page":
            messages.append(not_understood_message(value))
        else:
            messages.append(
                _(
                    "The filter %(filter)s “%(value)s” was not understood and is ignored.",
                    filter=labels[name],
                    value=value[:40],
                )
            )
    asked = (request.args.get("page") or "").strip()
    if filters.page > page.page:
        messages.append(past_the_end_message(asked, page.page))
    return messages


def _render_list(*, heading, filters, page, list_url_args, neighbourhood=None, municipality=None):
    context = {
        "ignored": _ignored(filters, page),
        # The online/offline split came with the page's count (one query, issue 18).
        "source_counts": page.sources,
        "heading": heading,
        "filters": filters,
        "page": page,
        "neighbourhood": neighbourhood,
        "municipality": municipality,
        "list_url_base": url_for(**list_url_args),
        "list_url": lambda **changes: url_for(**list_url_args, **filters.args(**changes)),
        "can_create": neighbourhood is not None
        and permissions.can_create_contribution(current_user, neighbourhood),
        "can_record_offline": neighbourhood is not None
        and permissions.can_record_offline(current_user, neighbourhood),
        "signed_in": current_user.is_authenticated,
        "can_support_ids": {
            c.id: permissions.can_support_contribution(current_user, c) for c in page.items
        },
        "support_refusals": {
            c.id: permissions.support_refusal(current_user, c) for c in page.items
        },
        # The first photo of each card came with the card (issue 18).
        "card_photos": {c.id: c.first_photo for c in page.items if c.first_photo},
    }
    if is_htmx_request() and request.headers.get("HX-Target") == "contribution-results":
        return render_partial("contributions/_contribution_results.html", **context)
    return render_template("contributions/contribution_list.html", **context)


@bp.route("/neighbourhoods/<slug>/contributions/")
def neighbourhood_list(slug: str):
    neighbourhood = get_neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    filters = queries.ListFilters.from_args(request.args)
    page = queries.list_contributions(
        filters, neighbourhood_ids=[neighbourhood.id], user=current_user, with_sources=True
    )
    return _render_list(
        heading=_("Contributions in %(name)s", name=neighbourhood.name),
        filters=filters,
        page=page,
        neighbourhood=neighbourhood,
        list_url_args={"endpoint": "contributions.neighbourhood_list", "slug": slug},
    )


@bp.route("/municipalities/<code>/contributions/")
def municipality_list(code: str):
    municipality = get_municipality_by_code(code)
    if municipality is None:
        abort(404)
    filters = queries.ListFilters.from_args(request.args)
    page = queries.list_contributions(filters, municipality_id=municipality.id, user=current_user)
    return _render_list(
        heading=_("Contributions in the municipality of %(name)s", name=municipality.name),
        filters=filters,
        page=page,
        municipality=municipality,
        list_url_args={
            "endpoint": "contributions.municipality_list",
            "code": municipality.cbs_code,
        },
    )


@bp.route("/account/contributions")
@login_required
def mine():
    overview = queries.user_overview(current_user)
    return render_template(
        "contributions/my_contributions.html",
        overview=overview,
        trails=trail.trails(overview["own"]),
    )
