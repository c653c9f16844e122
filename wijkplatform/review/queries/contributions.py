"""The contributions residents put first: the most supported per kind and per category, and
the fair ranking (supports against the residents who took part since a contribution was
written). The rankings are kept a minute per worker; the rows are read fresh."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from wijkplatform.contributions.models import (
    CATEGORIES,
    Contribution,
    ContributionCategory,
    ContributionKind,
)
from wijkplatform.contributions.queries import visible
from wijkplatform.extensions import db
from wijkplatform.review import ranking
from wijkplatform.review.models import ReviewParticipant
from wijkplatform.review.tallies import week_of

# The review never shows who wrote a contribution: no author (and their roles) is loaded.
_WITHOUT_PEOPLE = (lazyload(Contribution.author), lazyload(Contribution.organisation))
TOP_LIMIT = 5
FAIR_CANDIDATES_PER_NEIGHBOURHOOD = 20


def _ranked(key: tuple, compute):
    """The contribution *rankings* (which ids, in which order) are the one part of the
    review that sorts every contribution of a municipality; each worker keeps them for
    REVIEW_RANKING_SECONDS (default 60). The rows themselves (titles, counts, hidden or not)
    are read fresh on every request."""
    seconds = current_app.config.get("REVIEW_RANKING_SECONDS", 60)
    store = current_app.extensions.setdefault("review_rankings", {})
    now = time.monotonic()
    hit = store.get(key)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    value = compute()
    store[key] = (now, value)
    return value


def _load_visible(contribution_ids) -> dict[int, Contribution]:
    """The contributions by id, if still shown (one hidden since the ranking is left out)."""
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


def _top_ids(ids: list[int], limit: int):
    order = (
        Contribution.support_count.desc(),
        Contribution.created_at.desc(),
        Contribution.id.desc(),
    )
    by_kind = (
        select(
            Contribution.id,
            Contribution.kind,
            func.row_number().over(partition_by=Contribution.kind, order_by=order).label("rank"),
        )
        .where(visible(), Contribution.neighbourhood_id.in_(ids))
        .subquery()
    )
    by_category = (
        select(
            Contribution.id,
            ContributionCategory.category,
            func.row_number()
            .over(partition_by=ContributionCategory.category, order_by=order)
            .label("rank"),
        )
        .join(ContributionCategory, ContributionCategory.contribution_id == Contribution.id)
        .where(visible(), Contribution.neighbourhood_id.in_(ids))
        .subquery()
    )
    kind_rows = db.session.execute(
        select(by_kind.c.id, by_kind.c.kind).where(by_kind.c.rank <= limit).order_by(by_kind.c.rank)
    ).all()
    category_rows = db.session.execute(
        select(by_category.c.id, by_category.c.category)
        .where(by_category.c.rank <= limit)
        .order_by(by_category.c.rank)
    ).all()
    return (
        [(row.id, ContributionKind(row.kind).value) for row in kind_rows],
        [(row.id, row.category) for row in category_rows],
    )


def top_contributions(neighbourhood_ids, *, limit: int = TOP_LIMIT):
    """({kind: [Contribution]}, {category: [Contribution]}): the most supported visible
    contributions per kind and per category. Two ranking queries (kept a minute, _ranked),
    then the rows and their categories."""
    ids = sorted(neighbourhood_ids)
    if not ids:
        return {}, {}
    kind_rows, category_rows = _ranked(("top", tuple(ids), limit), lambda: _top_ids(ids, limit))
    loaded = _load_visible([i for i, _ in kind_rows] + [i for i, _ in category_rows])
    kinds: dict[str, list] = {k.value: [] for k in ContributionKind}
    for contribution_id, kind in kind_rows:
        if contribution_id in loaded:
            kinds[kind].append(loaded[contribution_id])
    categories: dict[str, list] = defaultdict(list)
    for contribution_id, category in category_rows:
        if category in CATEGORIES and contribution_id in loaded:
            categories[category].append(loaded[contribution_id])
    return kinds, {key: categories[key] for key in CATEGORIES if categories.get(key)}


@dataclass
class RankedContribution:
    contribution: Contribution
    score: float  # lower bound of the share of participants who support it
    participants: int  # residents who took part in its neighbourhood since it was written


def participants_since(neighbourhood_ids) -> dict[int, list[tuple[date, int]]]:
    """neighbourhood id -> [(week, residents whose last activity was in or after that
    week)], newest week first. One query over the participant rows."""
    last = (
        select(
            ReviewParticipant.neighbourhood_id.label("nb"),
            ReviewParticipant.user_id,
            func.max(ReviewParticipant.week).label("last_week"),
        )
        .where(ReviewParticipant.neighbourhood_id.in_(list(neighbourhood_ids)))
        .group_by(ReviewParticipant.neighbourhood_id, ReviewParticipant.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(last.c.nb, last.c.last_week, func.count())
        .group_by(last.c.nb, last.c.last_week)
        .order_by(last.c.nb, last.c.last_week.desc())
    ).all()
    result: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for nb_id, week, number in rows:
        week = week if isinstance(week, date) else date.fromisoformat(str(week))
        running = result[nb_id][-1][1] if result[nb_id] else 0
        result[nb_id].append((week, running + number))
    return dict(result)


def _people_since(steps: list[tuple[date, int]], week: date) -> int:
    number = 0
    for start, running in steps:  # newest first; running grows towards older weeks
        if start >= week:
            number = running
        else:
            break
    return number


def _fair_scores(ids: list[int], limit: int) -> list[tuple[int, float, int]]:
    ranked = (
        select(
            Contribution.id,
            Contribution.neighbourhood_id,
            Contribution.support_count,
            Contribution.created_at,
            func.row_number()
            .over(
                partition_by=Contribution.neighbourhood_id,
                order_by=(Contribution.support_count.desc(), Contribution.id.desc()),
            )
            .label("rank"),
        )
        .where(visible(), Contribution.neighbourhood_id.in_(ids), Contribution.support_count > 0)
        .subquery()
    )
    candidates = db.session.execute(
        select(
            ranked.c.id, ranked.c.neighbourhood_id, ranked.c.support_count, ranked.c.created_at
        ).where(ranked.c.rank <= FAIR_CANDIDATES_PER_NEIGHBOURHOOD)
    ).all()
    people = participants_since(ids)
    scored = []
    for contribution_id, nb_id, supports, created_at in candidates:
        since = _people_since(people.get(nb_id, []), week_of(created_at))
        score = ranking.wilson_lower_bound(supports, max(since, supports))
        scored.append((contribution_id, score, since, supports))
    scored.sort(key=lambda row: (-row[1], -row[3], -row[0]))
    return [(contribution_id, score, since) for contribution_id, score, since, _ in scored[:limit]]


def fair_ranking(neighbourhood_ids, *, limit: int = 10) -> list[RankedContribution]:
    """Contributions ranked by the Wilson lower bound of supports / residents who took part
    in their neighbourhood since the week they were written. Candidates: the most supported
    per neighbourhood, so a small neighbourhood always has its own in the running. Two
    ranking queries (kept a minute, _ranked), then the rows and their categories."""
    ids = sorted(neighbourhood_ids)
    if not ids:
        return []
    scores = _ranked(("fair", tuple(ids), limit), lambda: _fair_scores(ids, limit))
    loaded = _load_visible([contribution_id for contribution_id, _, _ in scores])
    return [
        RankedContribution(loaded[contribution_id], score, since)
        for contribution_id, score, since in scores
        if contribution_id in loaded
    ]
