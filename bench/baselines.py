"""The benchmark's baselines: pages the bench app serves without touching the database,
and one write (the minimal vote) that touches it as little as a vote can.

Read against them, a page's figures say where its time goes:

- `/_bench/static`: Flask alone (routing, sessions, security headers, compression).
- `/_bench/template`: a minimal template with a page of cards from fixed data, the physical
  limit of rendering a list page.
- `/_bench/minimal-vote/<id>` (POST): the least a vote can do through the same stack: the
  signed-in person from the session, the CSRF check, one vote row, the counter one up, one
  commit, a short answer. None of the vote's rules, stored figures or events: the floor a
  real vote is measured against.
- `/_bench/list-in-memory`: the real neighbourhood list page (`contributions/contribution_list.html`
  and its partials, with the view's own filter parsing and permission checks) rendered from
  model objects built in memory once. The real page minus this one is its data access:
  the queries and the loading of rows into objects.

Both templates show the same cards (ids, kinds, titles, categories, counts, dates), so the
difference between them is template work alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

bp = Blueprint("bench", __name__, url_prefix="/_bench", template_folder="templates")

# As many cards as a list page shows (queries.PAGE_SIZE), with text of a similar length.
BASELINE_ITEMS = [
    {
        "id": number,
        "kind": ("issue", "resource", "potential")[number % 3],
        "title": f"Voorbeeldbijdrage {number} over ontmoeting en buurthulp in de wijk",
        "excerpt": ("Veel bewoners willen elkaar vaker zien. " * 6).strip(),
        "place": "Bij het buurthuis",
        "categories": ["Ontmoeting en sociaal contact", "Vrijwilligerswerk"],
        "support_count": 1000 - number,
        "comment_count": number * 3,
        "author": f"Bewoner {number}",
        "created_at": datetime(2026, 11, 1, tzinfo=UTC),
    }
    for number in range(20)
]
# The category keys of the labels above, for the real cards.
BASELINE_CATEGORY_KEYS = ["loneliness", "volunteering"]
# The in-memory list claims as many contributions as a neighbourhood of the small city holds,
# so its page shows the same count line and pagination as the measured page 1.
BASELINE_TOTAL = 250


@dataclass(frozen=True)
class InMemoryList:
    neighbourhood: object  # Neighbourhood, with its Municipality
    contributions: list  # Contribution, each with its categories
    total: int


def build_in_memory_list(items=BASELINE_ITEMS, total: int = BASELINE_TOTAL) -> InMemoryList:
    """Transient model objects (never added to a session) for one page of a neighbourhood's
    list. Every attribute the templates read is set, so rendering never loads anything."""
    from wijkplatform.contributions.models import (
        Contribution,
        ContributionCategory,
        ContributionKind,
        ContributionStatus,
    )
    from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood

    municipality = Municipality(id=1, name="Benchstad", cbs_code="GM9999")
    neighbourhood = Neighbourhood(
        id=1, name="Wijk 01", slug="wijk-01", cbs_code="WK999901", municipality=municipality
    )
    contributions = [
        Contribution(
            id=item["id"],
            kind=ContributionKind(item["kind"]),
            neighbourhood_id=neighbourhood.id,
            neighbourhood=neighbourhood,
            author=None,
            organisation=None,
            title=item["title"],
            body=item["excerpt"],
            place=item["place"],
            status=ContributionStatus.OPEN,
            support_count=item["support_count"],
            comment_count=item["comment_count"],
            created_at=item["created_at"],
            withdrawn_at=None,
            offline_source=None,
            hidden=False,
            category_rows=[
                ContributionCategory(contribution_id=item["id"], category=key)
                for key in BASELINE_CATEGORY_KEYS
            ],
        )
        for item in items
    ]
    return InMemoryList(neighbourhood, contributions, total)


@bp.route("/static")
def static_string():
    return "ok"


@bp.route("/template")
def template():
    return render_template("bench/baseline_list.html", items=BASELINE_ITEMS)


@bp.route("/list-in-memory")
def list_in_memory():
    """What `contributions.views.lists.neighbourhood_list` does, with the page built once
    when the bench app starts instead of queried."""
    from wijkplatform.contributions import permissions, queries

    listing: InMemoryList = current_app.extensions["bench_in_memory_list"]
    neighbourhood, contributions, total = (
        listing.neighbourhood,
        listing.contributions,
        listing.total,
    )
    filters = queries.ListFilters.from_args(request.args)
    page = queries.Page(items=contributions, total=total, page=1)
    list_url_args = {"endpoint": "contributions.neighbourhood_list", "slug": neighbourhood.slug}
    return render_template(
        "contributions/contribution_list.html",
        source_counts={"online": total, "offline": 0},
        heading=_("Contributions in %(name)s", name=neighbourhood.name),
        filters=filters,
        ignored=[],
        page=page,
        neighbourhood=neighbourhood,
        municipality=None,
        list_url_base=url_for(**list_url_args),
        list_url=lambda **changes: url_for(**list_url_args, **filters.args(**changes)),
        can_create=permissions.can_create_contribution(current_user, neighbourhood),
        can_record_offline=permissions.can_record_offline(current_user, neighbourhood),
        signed_in=current_user.is_authenticated,
        can_support_ids={
            c.id: permissions.can_support_contribution(current_user, c) for c in contributions
        },
        support_refusals={
            c.id: permissions.support_refusal(current_user, c) for c in contributions
        },
        card_photos={},  # no database: the cards show no photo
    )


@bp.route("/minimal-vote/<int:contribution_id>", methods=["POST"])
@login_required
def minimal_vote(contribution_id: int):
    """A vote row and its counter in one transaction, nothing else (CSRFProtect has checked
    the token before this runs, as for the real vote). The bench sends it only for
    contributions no Opgave links, so the people kept behind each Opgave stay exact."""
    from sqlalchemy import insert, update

    from wijkplatform.contributions.models import Contribution, Vote
    from wijkplatform.extensions import db

    db.session.execute(
        insert(Vote).values(
            user_id=current_user.id, contribution_id=contribution_id, created_at=datetime.now(UTC)
        )
    )
    db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id)
        .values(support_count=Contribution.support_count + 1)
    )
    db.session.commit()
    return "ok"
