"""The residents' side of the area analysis: what they raise per subject, and the social map
(resources named by residents and organisations, and the verified organisations).

Counts come from SQL (GROUP BY over visible contributions), never from loading rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from wijkplatform.accounts.models import Organisation, OrganisationStatus
from wijkplatform.accounts.permissions import join_counting_residents
from wijkplatform.contributions.models import (
    CATEGORIES,
    Contribution,
    ContributionCategory,
    ContributionKind,
    Vote,
)
from wijkplatform.contributions.queries import visible
from wijkplatform.extensions import db

KINDS = [kind.value for kind in ContributionKind]
# A subject is a gap when residents raise at least this many issues about it and nobody
# has named a resource for it yet.
GAP_MIN_ISSUES = 2


@dataclass
class TopicRow:
    category: str
    label: object
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    support: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_gap(self) -> bool:
        return (
            self.counts[ContributionKind.ISSUE] >= GAP_MIN_ISSUES
            and self.counts[ContributionKind.RESOURCE] == 0
        )


@dataclass
class RaisedTopics:
    rows: list[TopicRow]
    largest: int  # the highest count in any cell, for the bars

    @property
    def gaps(self) -> list[TopicRow]:
        return [row for row in self.rows if row.is_gap]

    @property
    def empty(self) -> bool:
        return all(row.total == 0 for row in self.rows)


def _active():
    """Shown publicly and not withdrawn."""
    return visible(), Contribution.withdrawn_at.is_(None)


def raised_topics(neighbourhood_id: int) -> RaisedTopics:
    """Per subject: how many issues, resources and potentials, and how much support from
    residents who count (accounts.permissions.join_counting_residents): the area analysis is where
    priorities are read, so support from elsewhere or from new accounts is left out. One
    query."""
    # Per contribution of this neighbourhood (vote.contribution_id index), the voters kept
    # to the neighbourhood's residents and then their accounts checked by key: never the
    # votes of other neighbourhoods, never every account of the city (issue 18).
    counted_support = (
        join_counting_residents(
            select(Vote.contribution_id, func.count(Vote.id).label("supports"))
            .join(Contribution, Contribution.id == Vote.contribution_id)
            .where(Contribution.neighbourhood_id == neighbourhood_id),
            Vote.user_id,
            neighbourhood_id,
        )
        .group_by(Vote.contribution_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            ContributionCategory.category,
            Contribution.kind,
            func.count(Contribution.id),
            func.coalesce(func.sum(counted_support.c.supports), 0),
        )
        .join(Contribution, Contribution.id == ContributionCategory.contribution_id)
        .outerjoin(counted_support, counted_support.c.contribution_id == Contribution.id)
        .where(Contribution.neighbourhood_id == neighbourhood_id, *_active())
        .group_by(ContributionCategory.category, Contribution.kind)
    ).all()
    by_category = {key: TopicRow(key, label) for key, label in CATEGORIES.items()}
    for category, kind, count, support in rows:
        row = by_category.get(category)
        if row is None:  # a category retired from the list: not shown
            continue
        kind_value = ContributionKind(kind).value
        row.counts[kind_value] = count
        row.support[kind_value] = int(support)
    ordered = sorted(by_category.values(), key=lambda r: (-r.total, str(r.label)))
    largest = max((c for r in ordered for c in r.counts.values()), default=0)
    return RaisedTopics(rows=ordered, largest=largest)


@dataclass
class SocialMap:
    resources: list[Contribution]
    by_category: list[tuple[str, object, list[Contribution]]]
    organisations: list[Organisation] = field(default_factory=list)


def social_map(neighbourhood_id: int) -> SocialMap:
    """The neighbourhood's resources (hulpbronnen), most supported first, grouped by subject."""
    resources = list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.neighbourhood_id == neighbourhood_id,
                Contribution.kind == ContributionKind.RESOURCE,
                *_active(),
            )
            .order_by(Contribution.support_count.desc(), Contribution.title)
        ).unique()
    )
    groups = []
    for key, label in CATEGORIES.items():
        members = [r for r in resources if key in r.categories]
        if members:
            groups.append((key, label, members))
    # Only organisations a neighbourhood worker has verified appear on the social map.
    organisations = list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.neighbourhood_id == neighbourhood_id,
                Organisation.status == OrganisationStatus.VERIFIED,
            )
            .order_by(Organisation.kind, Organisation.name)
        )
    )
    return SocialMap(resources=resources, by_category=groups, organisations=organisations)


# At most this many places on the neighbourhood's map (and in its list), most supported first.
MAP_LIMIT = 200


@dataclass(frozen=True)
class MapPlace:
    id: int
    kind: str
    title: str
    place: str | None
    latitude: float
    longitude: float
    support_count: int


@dataclass
class ContributionMap:
    places: list[MapPlace]
    more: bool  # more contributions have a place than the map shows

    @property
    def kinds(self) -> list[str]:
        """The kinds on the map, in the usual order (for the legend)."""
        present = {place.kind for place in self.places}
        return [kind for kind in KINDS if kind in present]


def contribution_map(neighbourhood_id: int, *, limit: int = MAP_LIMIT) -> ContributionMap:
    """Public contributions of the neighbourhood that have a place on the map: shown, not
    withdrawn, not merged away, with both coordinates; most supported first. One query, of
    columns only (no objects), whatever the number of places."""
    rows = db.session.execute(
        select(
            Contribution.id,
            Contribution.kind,
            Contribution.title,
            Contribution.place,
            Contribution.latitude,
            Contribution.longitude,
            Contribution.support_count,
        )
        .where(
            Contribution.neighbourhood_id == neighbourhood_id,
            Contribution.latitude.is_not(None),
            Contribution.longitude.is_not(None),
            *_active(),
        )
        .order_by(Contribution.support_count.desc(), Contribution.id.desc())
        .limit(limit + 1)
    ).all()
    places = [
        MapPlace(
            id=row.id,
            kind=ContributionKind(row.kind).value,
            title=row.title,
            place=row.place,
            latitude=row.latitude,
            longitude=row.longitude,
            support_count=row.support_count,
        )
        for row in rows[:limit]
    ]
    return ContributionMap(places=places, more=len(rows) > limit)
