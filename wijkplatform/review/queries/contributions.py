"""The contributions residents put first: the most supported per kind and per category, and
the fair ranking (supports against the residents who took part since a contribution was
written). Every ranking is read fresh on each request, from the contribution indexes in
their order (a few rows per kind, category or neighbourhood), not by sorting every
contribution of the municipality (issue 18)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import bindparam, exists, false, literal, select, true, union_all
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
from wijkplatform.review.tallies import week_of

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


def participants_since(neighbourhood_ids) -> dict[int, list[tuple[date, int]]]:
    """neighbourhood id -> [(week, residents whose last activity was in or after that
    week)], newest week first. One query over the stored reach (a row per neighbourhood and
    week, ReviewReach), however many people took part; rows of columns, no ORM."""
    rows = _rows(
        select(ReviewReach.neighbourhood_id, ReviewReach.week, ReviewReach.people)
        .where(ReviewReach.neighbourhood_id.in_(list(neighbourhood_ids)), ReviewReach.people > 0)
        .order_by(ReviewReach.neighbourhood_id, ReviewReach.week.desc())
    )
    result: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for nb_id, week, number in rows:
        week = week if isinstance(week, date) else date.fromisoformat(str(week))
        steps = result[nb_id]
        steps.append((week, (steps[-1][1] if steps else 0) + number))
    return dict(result)


def _rows(statement, parameters=None):
    """The rows of a statement of columns, read through the session's connection: the ORM's
    per-row work is for entities, and the fair ranking reads some 4,000 rows (issue 18)."""
    return db.session.connection().execute(statement, parameters).all()


def _since_finder(steps: list[tuple[date, int]]):
    """The residents taking part since a week, found by bisecting the weeks."""
    oldest_first = steps[::-1]
    weeks = [week for week, _ in oldest_first]
    running = [number for _, number in oldest_first]

    def since(week: date) -> int:
        at = bisect_left(weeks, week)  # the first week on or after `week`
        return running[at] if at < len(running) else 0

    return since


def _fair_candidates(ids: list[int]):
    return _rows(_fair_statement(db.session.get_bind().dialect.name), {"ids": ids})


@cache
def _fair_statement(dialect: str):
    """(id, neighbourhood id, supports, written) of the FAIR_CANDIDATES_PER_NEIGHBOURHOOD
    most supported visible contributions of each neighbourhood (by supports, then newest),
    each neighbourhood's read from its list index in that order (ix_contribution_list_top):
    one statement, however many contributions there are. PostgreSQL joins the walks
    LATERAL; SQLite looks up the ids each walk gives."""
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
        statement = (
            select(walk)
            .select_from(Neighbourhood)
            .join(walk, true())
            .where(Neighbourhood.id.in_(bindparam("ids", expanding=True)))
        )
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
        statement = (
            select(*columns)
            .select_from(Neighbourhood)
            .join(Contribution, Contribution.id.in_(walk))
            .where(Neighbourhood.id.in_(bindparam("ids", expanding=True)))
        )
    return statement


def _fair_scores(ids: list[int], limit: int) -> list[tuple[int, float, int]]:
    candidates = _fair_candidates(ids)
    finders = {nb_id: _since_finder(steps) for nb_id, steps in participants_since(ids).items()}
    scored = []
    for contribution_id, nb_id, supports, created_at in candidates:
        finder = finders.get(nb_id)
        since = finder(week_of(created_at)) if finder else 0
        score = ranking.wilson_lower_bound(supports, max(since, supports))
        scored.append((contribution_id, score, since, supports))
    scored.sort(key=lambda row: (-row[1], -row[3], -row[0]))
    return [(contribution_id, score, since) for contribution_id, score, since, _ in scored[:limit]]


def fair_ranking(neighbourhood_ids, *, limit: int = 10) -> list[RankedContribution]:
    """Contributions ranked by the Wilson lower bound of supports / residents who took part
    in their neighbourhood since the week they were written. Candidates: the most supported
    per neighbourhood, so a small neighbourhood always has its own in the running. Two
    ranking statements, then the rows and their categories."""
    ids = sorted(neighbourhood_ids)
    if not ids:
        return []
    scores = _fair_scores(ids, limit)
    loaded = _load_visible([contribution_id for contribution_id, _, _ in scores])
    return [
        RankedContribution(loaded[contribution_id], score, since)
        for contribution_id, score, since in scores
        if contribution_id in loaded
    ]
