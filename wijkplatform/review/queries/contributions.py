"""The contributions residents put first: the most supported per kind and per category, and
the fair ranking (supports against the residents who took part since a contribution was
written). Every ranking is read fresh on each request, from the contribution indexes in
their order (a few rows per kind, category or neighbourhood), not by sorting every
contribution of the municipality (issue 18)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    Double,
    bindparam,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased, lazyload

from wijkplatform.contributions.models import (
    CATEGORIES,
    Contribution,
    ContributionCategory,
    ContributionKind,
    ContributionStatus,
)
from wijkplatform.contributions.queries import visible
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Neighbourhood
from wijkplatform.review import ranking
from wijkplatform.review.models import ReviewReach
from wijkplatform.review.tallies import week_sql

# The review never shows who wrote a contribution: no author (and their roles) is loaded.
_WITHOUT_PEOPLE = (lazyload(Contribution.author), lazyload(Contribution.organisation))
TOP_LIMIT = 5
FAIR_CANDIDATES_PER_NEIGHBOURHOOD = 20
# The order of "most supported": the municipality list's index (ix_contribution_municipality_
# top) read backwards, so a top five is the first five rows of the index that match.
_MOST_SUPPORTED = (
    Contribution.support_count.desc(),
    Contribution.created_at.desc(),
    Contribution.id.desc(),
)


def _load_visible(contribution_ids) -> dict[int, Contribution]:
    """The contributions by id, if still shown."""
    if not contribution_ids:
        return {}
    return {
        c.id: c
        for c in db.session.scalars(
            select(Contribution)
            .options(*_WITHOUT_PEOPLE)
            .where(Contribution.id.in_(set(contribution_ids)), visible())
        )
    }


@dataclass(frozen=True)
class TopContribution:
    """What a line of the top lists shows: no ORM object, no author, no categories."""

    id: int
    title: str
    support_count: int
    neighbourhood_name: str


def _top_statement(groups: dict[str, object]):
    """The first `:limit` visible contributions of the municipality `:municipality_id` in
    the most-supported order that meet each group's condition, with their group: a UNION ALL
    of one index walk per group (the groups are the kinds or the categories, a fixed number).
    Built once per process: putting twelve subqueries together cost more than running them."""
    parts = [
        select(
            literal(key).label("grp"),
            Contribution.id,
            Contribution.title,
            Contribution.support_count,
            Contribution.neighbourhood_id,
            Contribution.created_at,
        )
        .where(Contribution.municipality_id == bindparam("municipality_id"), visible(), condition)
        .order_by(*_MOST_SUPPORTED)
        .limit(bindparam("limit"))
        .subquery()
        for key, condition in groups.items()
    ]
    both = union_all(*(select(part) for part in parts)).subquery()
    return (
        select(both.c.grp, both.c.id, both.c.title, both.c.support_count, Neighbourhood.name)
        .join(Neighbourhood, Neighbourhood.id == both.c.neighbourhood_id)
        .order_by(
            both.c.grp,
            both.c.support_count.desc(),
            both.c.created_at.desc(),
            both.c.id.desc(),
        )
    )


@cache
def _top_statements():
    by_kind = _top_statement({k.value: Contribution.kind == k for k in ContributionKind})
    by_category = _top_statement(
        {
            key: exists().where(
                ContributionCategory.contribution_id == Contribution.id,
                ContributionCategory.category == key,
            )
            for key in CATEGORIES
        }
    )
    return by_kind, by_category


def _top_rows(statement, municipality_id: int, limit: int) -> dict[str, list[TopContribution]]:
    result: dict[str, list[TopContribution]] = defaultdict(list)
    for group, *columns in db.session.execute(
        statement, {"municipality_id": municipality_id, "limit": limit}
    ):
        result[group].append(TopContribution(*columns))
    return result


def top_contributions(municipality_id: int | None, *, limit: int = TOP_LIMIT):
    """({kind: [TopContribution]}, {category: [TopContribution]}): the most supported
    visible contributions of the municipality per kind and per category. Two statements,
    each reading at most `limit` index rows per kind or category that match."""
    if municipality_id is None:
        return {}, {}
    kind_statement, category_statement = _top_statements()
    by_kind = _top_rows(kind_statement, municipality_id, limit)
    by_category = _top_rows(category_statement, municipality_id, limit)
    kinds = {k.value: by_kind.get(k.value, []) for k in ContributionKind}
    return kinds, {key: by_category[key] for key in CATEGORIES if by_category.get(key)}


@dataclass
class RankedContribution:
    contribution: Contribution
    score: float  # lower bound of the share of participants who support it
    participants: int  # residents who took part in its neighbourhood since it was written


def _double(value):
    return cast(value, Double)


def _wilson_sql(successes, trials, z: float = ranking.Z):
    """ranking.wilson_lower_bound in SQL, for 1 <= successes <= trials: the same IEEE
    operations in the same order on doubles (z and z² sent as doubles, never as decimals),
    so the database orders by the very numbers Python computes (tests/review/test_fair.py
    compares them on both databases)."""
    n = _double(trials)
    z_ = bindparam("z", z, type_=Double)
    z2 = bindparam("z2", z * z, type_=Double)
    share = _double(successes) / n
    centre = share + z2 / (_double(2) * n)
    spread = z_ * func.sqrt(share * (_double(1) - share) / n + z2 / (_double(4) * n * n))
    bound = (centre - spread) / (_double(1) + z2 / n)
    return case((bound > 0, bound), else_=_double(0))


@cache
def _fair_statement(dialect: str):
    """(id, supports, residents taking part since it was written) of the `:limit` fairly
    ranked contributions of the neighbourhoods `:ids`, best first. The candidates are the
    FAIR_CANDIDATES_PER_NEIGHBOURHOOD most supported visible contributions of each
    neighbourhood (by supports, then newest), each neighbourhood's read from its list index
    in that order (ix_contribution_list_top); each candidate's residents since its week is
    one probe of the stored reach (ReviewReach.since); the database scores and sorts them,
    so Python gets the rows it shows (issue 18: it scored some 800 candidates against 4,000
    weeks of reach per request). PostgreSQL joins the walks LATERAL; SQLite looks up the ids
    each walk gives."""
    columns = (
        Contribution.id,
        Contribution.neighbourhood_id,
        Contribution.support_count,
        Contribution.created_at,
    )
    if dialect == "postgresql":
        walk = (
            select(*columns)
            .where(
                Contribution.neighbourhood_id == Neighbourhood.id,
                visible(),
                Contribution.support_count > 0,
            )
            .order_by(*_MOST_SUPPORTED)
            .limit(FAIR_CANDIDATES_PER_NEIGHBOURHOOD)
            .lateral()
        )
        walked = (
            select(walk)
            .select_from(Neighbourhood)
            .join(walk, true())
            .where(Neighbourhood.id.in_(bindparam("ids", expanding=True)))
        ).subquery()
    else:
        inner = aliased(Contribution)
        walk = (
            select(inner.id)
            .where(
                inner.neighbourhood_id == Neighbourhood.id,
                inner.hidden == false(),
                inner.status != ContributionStatus.MERGED,
                inner.support_count > 0,
            )
            .order_by(inner.support_count.desc(), inner.created_at.desc(), inner.id.desc())
            .limit(FAIR_CANDIDATES_PER_NEIGHBOURHOOD)
        )
        walked = (
            select(*columns)
            .select_from(Neighbourhood)
            .join(Contribution, Contribution.id.in_(walk))
            .where(Neighbourhood.id.in_(bindparam("ids", expanding=True)))
        ).subquery()
    # The first stored week on or after the one it was written in holds the people whose
    # last week is that week or later (ReviewReach.since); no such week: nobody since.
    since = (
        select(ReviewReach.since)
        .where(
            ReviewReach.neighbourhood_id == walked.c.neighbourhood_id,
            ReviewReach.week >= week_sql(walked.c.created_at),
        )
        .order_by(ReviewReach.week)
        .limit(1)
        .scalar_subquery()
    )
    # Computed once per candidate: the score below reads `since` several times.
    candidates = (
        select(
            walked.c.id,
            walked.c.support_count.label("supports"),
            func.coalesce(since, 0).label("since"),
        )
        .cte("fair_candidate")
        .prefix_with("MATERIALIZED")
    )
    trials = case(
        (candidates.c.since > candidates.c.supports, candidates.c.since),
        else_=candidates.c.supports,
    )
    return (
        select(candidates.c.id, candidates.c.supports, candidates.c.since)
        .order_by(
            _wilson_sql(candidates.c.supports, trials).desc(),
            candidates.c.supports.desc(),
            candidates.c.id.desc(),
        )
        .limit(bindparam("limit"))
    )


def _fair_scores(ids: list[int], limit: int):
    """[(id, supports, residents since)] of the fair ranking, best first."""
    statement = _fair_statement(db.session.get_bind().dialect.name)
    return db.session.connection().execute(statement, {"ids": ids, "limit": limit}).all()


def fair_ranking(neighbourhood_ids, *, limit: int = 10) -> list[RankedContribution]:
    """Contributions ranked by the Wilson lower bound of supports / residents who took part
    in their neighbourhood since the week they were written. Candidates: the most supported
    per neighbourhood, so a small neighbourhood always has its own in the running. One
    ranking statement, then the rows shown and their categories (the API shows them)."""
    ids = sorted(neighbourhood_ids)
    if not ids or limit <= 0:
        return []
    ranked = _fair_scores(ids, limit)
    loaded = _load_visible([contribution_id for contribution_id, _, _ in ranked])
    return [
        RankedContribution(
            loaded[contribution_id],
            ranking.wilson_lower_bound(supports, max(since, supports)),
            since,
        )
        for contribution_id, supports, since in ranked
        if contribution_id in loaded
    ]


@dataclass(frozen=True)
class FairLine:
    """What a line of the review page's fair ranking shows: no ORM object, no author."""

    id: int
    title: str
    kind: str
    support_count: int
    neighbourhood_name: str
    score: float
    participants: int


@cache
def _fair_lines_statement(dialect: str):
    top = _fair_statement(dialect).subquery()
    return (
        select(
            top.c.id,
            top.c.supports,
            top.c.since,
            Contribution.title,
            Contribution.kind,
            Neighbourhood.name,
        )
        .join(Contribution, Contribution.id == top.c.id)
        .join(Neighbourhood, Neighbourhood.id == Contribution.neighbourhood_id)
    )


def fair_ranking_lines(neighbourhood_ids, *, limit: int = 10) -> list[FairLine]:
    """The fair ranking as the review page shows it (fair_ranking's order and scores), in
    one statement: the ranked rows with the columns a line shows (issue 18: the page loaded
    the ten contributions and their categories in two more)."""
    ids = sorted(neighbourhood_ids)
    if not ids or limit <= 0:
        return []
    statement = _fair_lines_statement(db.session.get_bind().dialect.name)
    lines = [
        FairLine(
            contribution_id,
            title,
            kind,
            supports,
            name,
            ranking.wilson_lower_bound(supports, max(since, supports)),
            since,
        )
        for contribution_id, supports, since, title, kind, name in db.session.connection().execute(
            statement, {"ids": ids, "limit": limit}
        )
    ]
    # The join keeps no order: the ranking's own (score, supports, id), highest first.
    lines.sort(key=lambda line: (line.score, line.support_count, line.id), reverse=True)
    return lines
