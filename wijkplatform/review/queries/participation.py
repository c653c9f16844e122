"""Participation over time (per week) and per category, and the categories ranked so that
every neighbourhood weighs the same."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from wijkplatform.contributions.models import (
    CATEGORIES,
)
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.review import ranking
from wijkplatform.review.models import ALL_CATEGORIES, ReviewParticipant, ReviewTally, ReviewTotal
from wijkplatform.review.queries.figures import COUNTERS, NeighbourhoodFigures
from wijkplatform.review.tallies import week_of

WEEK_CHOICES = (4, 8, 12, 26, 52)
DEFAULT_WEEKS = 12


@dataclass
class Week:
    start: date
    counts: dict[str, int]


def weekly(
    neighbourhood_ids, *, weeks: int = DEFAULT_WEEKS, today: date | None = None
) -> list[Week]:
    """The last `weeks` weeks (oldest first, this week last) summed over the
    neighbourhoods; weeks without activity are there with zeros. Two queries."""
    last = week_of(utcnow()) if today is None else today - timedelta(days=today.weekday())
    first = last - timedelta(weeks=weeks - 1)
    series = {first + timedelta(weeks=n): dict.fromkeys(COUNTERS, 0) for n in range(weeks)}
    ids = list(neighbourhood_ids)
    if not ids:
        return [Week(start, counts) for start, counts in series.items()]
    for week, contributions, supports, comments in db.session.execute(
        select(
            ReviewTally.week,
            func.sum(ReviewTally.contributions),
            func.sum(ReviewTally.supports),
            func.sum(ReviewTally.comments),
        )
        .where(
            ReviewTally.neighbourhood_id.in_(ids),
            ReviewTally.category == ALL_CATEGORIES,
            ReviewTally.week >= first,
        )
        .group_by(ReviewTally.week)
    ):
        if week in series:
            series[week].update(contributions=contributions, supports=supports, comments=comments)
    for week, people in db.session.execute(
        select(ReviewParticipant.week, func.count(func.distinct(ReviewParticipant.user_id)))
        .where(ReviewParticipant.neighbourhood_id.in_(ids), ReviewParticipant.week >= first)
        .group_by(ReviewParticipant.week)
    ):
        if week in series:
            series[week]["participants"] = people
    return [Week(start, counts) for start, counts in series.items()]


def categories_by_neighbourhood(neighbourhood_ids) -> dict[int, dict[str, dict[str, int]]]:
    """neighbourhood id -> category -> {contributions, supports, comments}, all time (the
    stored totals, a row per neighbourhood and category). One query."""
    result: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    ids = list(neighbourhood_ids)
    if not ids:
        return {}
    for nb_id, category, contributions, supports, comments in db.session.execute(
        select(
            ReviewTotal.neighbourhood_id,
            ReviewTotal.category,
            ReviewTotal.contributions,
            ReviewTotal.supports,
            ReviewTotal.comments,
        ).where(ReviewTotal.neighbourhood_id.in_(ids), ReviewTotal.category != ALL_CATEGORIES)
    ):
        if category in CATEGORIES:
            result[nb_id][category] = {
                "contributions": contributions or 0,
                "supports": supports or 0,
                "comments": comments or 0,
            }
    return dict(result)


@dataclass
class CategoryPriority:
    category: str
    score: float  # mean over neighbourhoods of the lower bound of the share of supports
    supports: int
    contributions: int
    neighbourhoods: int  # where it has at least one contribution


def category_priorities(
    figures: list[NeighbourhoodFigures], by_neighbourhood: dict[int, dict[str, dict[str, int]]]
) -> list[CategoryPriority]:
    """Categories ranked so that every neighbourhood weighs the same: per neighbourhood the
    share of its supports that went to the category (Wilson lower bound), averaged over the
    neighbourhoods with supports."""
    with_supports = [f for f in figures if f.counts["supports"] > 0]
    result = []
    for category in CATEGORIES:
        bounds, supports, contributions, places = [], 0, 0, 0
        for figure in figures:
            counts = by_neighbourhood.get(figure.neighbourhood.id, {}).get(category)
            if counts:
                supports += counts["supports"]
                contributions += counts["contributions"]
                places += 1 if counts["contributions"] else 0
        for figure in with_supports:
            counts = by_neighbourhood.get(figure.neighbourhood.id, {}).get(category, {})
            bounds.append(
                ranking.wilson_lower_bound(counts.get("supports", 0), figure.counts["supports"])
            )
        score = sum(bounds) / len(bounds) if bounds else 0.0
        result.append(CategoryPriority(category, score, supports, contributions, places))
    return sorted(result, key=lambda p: (-p.score, -p.supports, p.category))
