"""One contribution and what its page shows around it: the contributions it is linked to,
the issues it could be linked to, and similar contributions (also shown while writing one).
Its thread of comments: contributions/thread.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from wijkplatform.contributions.models import Contribution, ContributionKind, ContributionLink
from wijkplatform.contributions.queries.common import visible
from wijkplatform.contributions.search import normalise_query, search_clause
from wijkplatform.extensions import db

SIMILAR_LIMIT = 5


def get_contribution(contribution_id: int, *, with_author: bool = True) -> Contribution | None:
    """One contribution; `with_author=False` leaves its author (and the author's memberships)
    unloaded until something reads them, for a request that never shows the author (a vote)."""
    # A vote's answer needs the categories (the weekly review tally): in the same statement.
    options = (
        ()
        if with_author
        else (lazyload(Contribution.author), joinedload(Contribution.category_rows))
    )
    return db.session.get(Contribution, contribution_id, options=options)


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
