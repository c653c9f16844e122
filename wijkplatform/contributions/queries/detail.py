"""One contribution and what its page shows around it: the contributions it is linked to,
the issues it could be linked to, and similar contributions (also shown while writing one).
Its thread of comments: contributions/thread.py."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload, lazyload, selectinload

from wijkplatform.contributions.models import Contribution, ContributionKind, ContributionLink
from wijkplatform.contributions.queries.common import visible
from wijkplatform.contributions.search import normalise_query, search_clause
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood

SIMILAR_LIMIT = 5


def get_contribution(contribution_id: int, *, with_author: bool = True) -> Contribution | None:
    """One contribution; `with_author=False` leaves its author (and the author's memberships),
    its organisation and its neighbourhood's municipality unloaded until something reads
    them, for a request that never shows them (a vote)."""
    # A vote's answer needs the categories (the weekly review tally): in the same statement.
    # The review asks whether the voter is a resident of the neighbourhood: joined too. The
    # organisation and the municipalities (joined by default) made the vote's read a join
    # of seven tables and 67 columns; the texts (the body, the neighbourhood's boundary as
    # GeoJSON and its description) are not read either (issue 18).
    if with_author:
        return db.session.get(Contribution, contribution_id)
    return (
        db.session.execute(_read_to_vote(), {"contribution_id": contribution_id})
        .unique()
        .scalar_one_or_none()
    )


@cache
def _read_to_vote():
    """The statement of `get_contribution(…, with_author=False)`, built once per process
    with its id a bound parameter: its loader options cost more to build than to run."""
    return (
        select(Contribution)
        .options(
            lazyload(Contribution.author),
            joinedload(Contribution.neighbourhood).options(
                lazyload(Neighbourhood.municipality),
                defer(Neighbourhood.boundary_geojson),
                defer(Neighbourhood.description),
            ),
            lazyload(Contribution.organisation),
            defer(Contribution.body),
            joinedload(Contribution.category_rows),
        )
        .where(Contribution.id == bindparam("contribution_id"))
    )


@dataclass
class Links:
    helps_with: list[Contribution]  # for a resource or potential: the issues it links to
    helped_by: list[Contribution]  # for an issue: the resources and potentials linked to it
    link_ids: dict[int, int]  # other contribution id -> link id


def links(contribution) -> Links:
    rows = db.session.scalars(
        select(ContributionLink)
        .where(
            (ContributionLink.source_id == contribution.id)
            | (ContributionLink.target_id == contribution.id)
        )
        .options(selectinload(ContributionLink.source), selectinload(ContributionLink.target))
        .order_by(ContributionLink.created_at)
    ).all()
    helps_with, helped_by, link_ids = [], [], {}
    for link in rows:
        if link.source_id == contribution.id and not link.target.hidden:
            helps_with.append(link.target)
            link_ids[link.target_id] = link.id
        elif link.target_id == contribution.id and not link.source.hidden:
            helped_by.append(link.source)
            link_ids[link.source_id] = link.id
    return Links(helps_with=helps_with, helped_by=helped_by, link_ids=link_ids)


def linkable_issues(contribution, limit: int = 200) -> list[Contribution]:
    """Issues in the same neighbourhood this resource or potential could be linked to."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                visible(),
                Contribution.kind == ContributionKind.ISSUE,
                Contribution.neighbourhood_id == contribution.neighbourhood_id,
                Contribution.withdrawn_at.is_(None),
            )
            .order_by(Contribution.support_count.desc(), Contribution.id.desc())
            .limit(limit)
        ).unique()
    )


def similar_contributions(neighbourhood_id: int, title: str, *, exclude_id=None) -> list:
    """Visible contributions in the neighbourhood whose title or text shares the words."""
    matches = search_clause(_any_words(title), any_word=True)
    if matches is None:
        return []
    statement = select(Contribution).where(
        visible(), Contribution.neighbourhood_id == neighbourhood_id, matches
    )
    if exclude_id:
        statement = statement.where(Contribution.id != exclude_id)
    return list(
        db.session.scalars(
            statement.order_by(Contribution.support_count.desc()).limit(SIMILAR_LIMIT)
        ).unique()
    )


STOP_WORDS = {
    "de", "het", "een", "en", "in", "van", "op", "te", "voor", "met", "is", "er", "aan",
    "om", "bij", "niet", "we", "wij", "ik", "je", "zijn", "die", "dat", "the", "and", "of",
    "to", "a", "for", "meer", "geen", "ons", "onze",
}  # fmt: skip


def _any_words(title: str) -> str:
    """Keep the telling words of a title (3+ letters, no stop words)."""
    words = [
        w for w in normalise_query(title).lower().split() if len(w) > 3 and w not in STOP_WORDS
    ]
    return " ".join(words[:6])
