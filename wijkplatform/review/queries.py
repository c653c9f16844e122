"""Reads for the municipal review page, the exports and the API. Each reads the
pre-aggregated figures (review/models.py) or a bounded number of contribution rows, with a
fixed number of queries whatever the number of neighbourhoods, weeks or supports."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import lazyload

from wijkplatform.contributions.models import (
    CATEGORIES,
    Contribution,
    ContributionCategory,
    ContributionKind,
)
from wijkplatform.contributions.queries import visible
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.indicators import Status
from wijkplatform.neighbourhoods.models import AreaProfile, IndicatorValue, Neighbourhood
from wijkplatform.opgaven import workflow
from wijkplatform.opgaven.models import Opgave, OpgaveStatus
from wijkplatform.review import ranking
from wijkplatform.review.models import ALL_CATEGORIES, ReviewParticipant, ReviewTally
from wijkplatform.review.tallies import week_of

COUNTERS = ("participants", "contributions", "supports", "comments")
# The review never shows who wrote a contribution: no author (and their roles) is loaded.
_WITHOUT_PEOPLE = (lazyload(Contribution.author), lazyload(Contribution.organisation))
TOP_LIMIT = 5
FAIR_CANDIDATES_PER_NEIGHBOURHOOD = 20
WEEK_CHOICES = (4, 8, 12, 26, 52)
DEFAULT_WEEKS = 12


@dataclass
class NeighbourhoodFigures:
    neighbourhood: Neighbourhood
    inhabitants: float | None = None
    profile_year: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    opgaven: dict[str, int] = field(default_factory=dict)
    # The team design (building blocks 1-6): none yet, or how far it is.
    design_published: bool | None = None  # None: no team design started
    blocks_worked_on: int = 0  # blocks saved at least once
    hints_open: int = 0  # consistency hints (team_design/hints.py) that fire now
    actions_overdue: int = 0  # development-plan actions planned or in progress, past due

    def per_1000(self, counter: str) -> float | None:
        return ranking.per_thousand(self.counts[counter], self.inhabitants)

    @property
    def opgaven_open(self) -> int:
        """Being written, open for reactions, submitted or returned: not decided yet."""
        return sum(n for status, n in self.opgaven.items() if status != OpgaveStatus.ACCEPTED)

    @property
    def opgaven_accepted(self) -> int:
        return self.opgaven.get(OpgaveStatus.ACCEPTED.value, 0)


def neighbourhoods_of(municipality) -> list[Neighbourhood]:
    return list(
        db.session.scalars(
            select(Neighbourhood)
            .where(Neighbourhood.municipality_id == municipality.id)
            .order_by(Neighbourhood.name, Neighbourhood.id)
        )
    )


def latest_inhabitants(neighbourhoods) -> dict[int, tuple[int, float]]:
    """neighbourhood id -> (year, inhabitants) from the latest area profile with a known
    population figure. One query."""
    by_code = {n.cbs_code: n.id for n in neighbourhoods if n.cbs_code}
    if not by_code:
        return {}
    rows = db.session.execute(
        select(AreaProfile.region_code, AreaProfile.year, IndicatorValue.value)
        .join(IndicatorValue, IndicatorValue.profile_id == AreaProfile.id)
        .where(
            AreaProfile.region_code.in_(list(by_code)),
            IndicatorValue.key == "inhabitants",
            IndicatorValue.status == Status.OK,
        )
        .order_by(AreaProfile.year)
    ).all()
    return {by_code[code]: (year, value) for code, year, value in rows}


def overview(municipality, neighbourhoods=None) -> list[NeighbourhoodFigures]:
    """Per neighbourhood: totals, residents taking part, population and the chain at a
    glance (profile year, Opgaven per status, team design and its hints). Eight queries."""
    neighbourhoods = (
        neighbourhoods if neighbourhoods is not None else neighbourhoods_of(municipality)
    )
    figures = {n.id: NeighbourhoodFigures(n) for n in neighbourhoods}
    ids = list(figures)
    if not ids:
        return []
    for nb_id, contributions, supports, comments in db.session.execute(
        select(
            ReviewTally.neighbourhood_id,
            func.sum(ReviewTally.contributions),
            func.sum(ReviewTally.supports),
            func.sum(ReviewTally.comments),
        )
        .where(ReviewTally.neighbourhood_id.in_(ids), ReviewTally.category == ALL_CATEGORIES)
        .group_by(ReviewTally.neighbourhood_id)
    ):
        figures[nb_id].counts.update(
            contributions=contributions or 0, supports=supports or 0, comments=comments or 0
        )
    for nb_id, people in db.session.execute(
        select(
            ReviewParticipant.neighbourhood_id, func.count(func.distinct(ReviewParticipant.user_id))
        )
        .where(ReviewParticipant.neighbourhood_id.in_(ids))
        .group_by(ReviewParticipant.neighbourhood_id)
    ):
        figures[nb_id].counts["participants"] = people
    for nb_id, (year, inhabitants) in latest_inhabitants(neighbourhoods).items():
        figures[nb_id].inhabitants = inhabitants
        figures[nb_id].profile_year = year
    for nb_id, status, number in db.session.execute(
        select(Opgave.neighbourhood_id, Opgave.status, func.count(Opgave.id))
        .where(Opgave.neighbourhood_id.in_(ids))
        .group_by(Opgave.neighbourhood_id, Opgave.status)
    ):
        figures[nb_id].opgaven[OpgaveStatus(status).value] = number
    _team_designs(figures)
    return list(figures.values())


def _team_designs(figures: dict[int, NeighbourhoodFigures]) -> None:
    """How far each neighbourhood's team design is: three queries for all of them. The
    consistency hints are the team design's own rules (team_design/hints.py), run here on
    every design's blocks and the current versions of its linked Opgaven, each loaded in
    one query (the hints depend on Opgave versions too, so a stored count kept by the
    team-design events would go stale when an Opgave changes)."""
    from wijkplatform.opgaven.models import OpgaveVersion
    from wijkplatform.team_design.hints import hints_for
    from wijkplatform.team_design.models import (
        OPEN_ACTION_STATUSES,
        TeamDesign,
        TeamDesignAction,
        TeamDesignBlock,
        TeamDesignOpgave,
    )
    from wijkplatform.team_design.queries import facts_from

    ids = list(figures)
    blocks: dict[int, dict[int, TeamDesignBlock]] = {}
    for nb_id, published_at, block in db.session.execute(
        select(TeamDesign.neighbourhood_id, TeamDesign.published_at, TeamDesignBlock)
        .outerjoin(TeamDesignBlock, TeamDesignBlock.design_id == TeamDesign.id)
        .options(lazyload(TeamDesignBlock.updated_by))  # who saved a block is not shown
        .where(TeamDesign.neighbourhood_id.in_(ids))
    ):
        figures[nb_id].design_published = published_at is not None
        blocks.setdefault(nb_id, {})
        if block is not None:
            blocks[nb_id][block.number] = block
            figures[nb_id].blocks_worked_on += block.version > 0
    versions: dict[int, list[OpgaveVersion]] = defaultdict(list)
    for nb_id, version in db.session.execute(
        select(TeamDesign.neighbourhood_id, OpgaveVersion)
        .join(TeamDesignOpgave, TeamDesignOpgave.design_id == TeamDesign.id)
        .join(Opgave, Opgave.id == TeamDesignOpgave.opgave_id)
        .join(
            OpgaveVersion,
            (OpgaveVersion.opgave_id == Opgave.id)
            & (OpgaveVersion.number == Opgave.current_version),
        )
        .options(lazyload(OpgaveVersion.author))
        .where(TeamDesign.neighbourhood_id.in_(ids))
        .order_by(TeamDesignOpgave.linked_at, TeamDesignOpgave.id)
    ):
        versions[nb_id].append(version)
    for nb_id, design_blocks in blocks.items():
        figures[nb_id].hints_open = len(hints_for(facts_from(design_blocks, versions[nb_id])))
    for nb_id, overdue in db.session.execute(
        select(TeamDesign.neighbourhood_id, func.count(TeamDesignAction.id))
        .join(TeamDesignAction, TeamDesignAction.design_id == TeamDesign.id)
        .where(
            TeamDesign.neighbourhood_id.in_(ids),
            TeamDesignAction.status.in_(OPEN_ACTION_STATUSES),
            TeamDesignAction.due_date < utcnow().date(),
        )
        .group_by(TeamDesign.neighbourhood_id)
    ):
        figures[nb_id].actions_overdue = overdue


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
    """neighbourhood id -> category -> {contributions, supports, comments}. One query."""
    result: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    ids = list(neighbourhood_ids)
    if not ids:
        return {}
    for nb_id, category, contributions, supports, comments in db.session.execute(
        select(
            ReviewTally.neighbourhood_id,
            ReviewTally.category,
            func.sum(ReviewTally.contributions),
            func.sum(ReviewTally.supports),
            func.sum(ReviewTally.comments),
        )
        .where(ReviewTally.neighbourhood_id.in_(ids), ReviewTally.category != ALL_CATEGORIES)
        .group_by(ReviewTally.neighbourhood_id, ReviewTally.category)
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


def draft_reactions(drafts) -> dict[int, dict[str, int]]:
    """Opgave id -> answer -> number of answers (over all parts) from residents who count
    (the rule of opgaven.queries.reaction_results), for every draft at once: one query."""
    from wijkplatform.accounts.permissions import counts_as_resident_clause
    from wijkplatform.opgaven.models import Answer, OpgaveReaction

    result = {opgave.id: {a.value: 0 for a in Answer} for opgave in drafts}
    if not drafts:
        return result
    for opgave_id, answer, number in db.session.execute(
        select(OpgaveReaction.opgave_id, OpgaveReaction.answer, func.count(OpgaveReaction.id))
        .join(Opgave, Opgave.id == OpgaveReaction.opgave_id)
        .where(
            OpgaveReaction.opgave_id.in_(list(result)),
            or_(
                OpgaveReaction.user_id.is_(None),
                counts_as_resident_clause(OpgaveReaction.user_id, Opgave.neighbourhood_id),
            ),
        )
        .group_by(OpgaveReaction.opgave_id, OpgaveReaction.answer)
    ):
        result[opgave_id][Answer(answer).value] = number
    return result


def drafts_waiting(neighbourhood_ids) -> list[Opgave]:
    """Opgaven waiting for the municipality's decision, oldest first. One query."""
    return list(
        db.session.scalars(
            select(Opgave)
            .where(
                Opgave.neighbourhood_id.in_(list(neighbourhood_ids)),
                Opgave.status.in_(workflow.waiting_for(workflow.Actor.REVIEWER)),
            )
            .order_by(Opgave.updated_at, Opgave.id)
        )
    )


# --- Who takes part -----------------------------------------------------------------------

MIN_GROUP = 10  # a group smaller than this is never shown on its own
AGE_KEYS = {
    "15_24": "age_15_24_pct",
    "25_44": "age_25_44_pct",
    "45_64": "age_45_64_pct",
    "65_plus": "age_65_plus_pct",
}


@dataclass
class GroupRow:
    key: str
    participants: int
    population_share: float | None = None  # of the inhabitants of 15 and older
    participant_share: float | None = None  # only when every group has MIN_GROUP or more
    missing: bool = False

    @property
    def shown(self) -> bool:
        return self.participants >= MIN_GROUP


@dataclass
class WhoTakesPart:
    ages: list[GroupRow]
    years: list[GroupRow]
    shares_shown: bool  # every age group has MIN_GROUP or more people

    @property
    def missing(self) -> list[GroupRow]:
        return [row for row in self.ages if row.missing]


def _people_per_group(neighbourhood_ids) -> tuple[dict[str, int], dict[str, int]]:
    """People taking part per age group and per years in the neighbourhood (each person once,
    whatever their number of neighbourhoods or weeks): one query over the pairs."""
    from wijkplatform.accounts.models import User

    # Only people who gave an answer, each once: EXISTS over the participant rows (by the
    # user_id index), not a DISTINCT over everybody who took part.
    took_part = (
        select(ReviewParticipant.id)
        .where(
            ReviewParticipant.user_id == User.id,
            ReviewParticipant.neighbourhood_id.in_(list(neighbourhood_ids)),
        )
        .exists()
    )
    rows = db.session.execute(
        select(User.age_group, User.years_here, func.count(User.id))
        .where(or_(User.age_group.is_not(None), User.years_here.is_not(None)), took_part)
        .group_by(User.age_group, User.years_here)
    ).all()
    ages: dict[str, int] = defaultdict(int)
    years: dict[str, int] = defaultdict(int)
    for age, years_here, number in rows:
        if age is not None:
            ages[str(getattr(age, "value", age))] += number
        if years_here is not None:
            years[str(getattr(years_here, "value", years_here))] += number
    return dict(ages), dict(years)


def _age_population(neighbourhoods) -> dict[str, float]:
    """People of 15 and older per age group, over the neighbourhoods' latest profiles."""
    by_code = {n.cbs_code: n.id for n in neighbourhoods if n.cbs_code}
    if not by_code:
        return {}
    keys = ["inhabitants", *AGE_KEYS.values()]
    rows = db.session.execute(
        select(AreaProfile.region_code, AreaProfile.year, IndicatorValue.key, IndicatorValue.value)
        .join(IndicatorValue, IndicatorValue.profile_id == AreaProfile.id)
        .where(
            AreaProfile.region_code.in_(list(by_code)),
            IndicatorValue.key.in_(keys),
            IndicatorValue.status == Status.OK,
        )
        .order_by(AreaProfile.year)
    ).all()
    latest: dict[str, dict[str, float]] = {}
    years: dict[str, int] = {}
    for code, year, key, value in rows:
        if years.get(code) != year:
            years[code], latest[code] = year, {}
        latest[code][key] = value
    people = dict.fromkeys(AGE_KEYS, 0.0)
    for figures in latest.values():
        inhabitants = figures.get("inhabitants")
        if not inhabitants or not all(k in figures for k in AGE_KEYS.values()):
            continue
        for group, key in AGE_KEYS.items():
            people[group] += inhabitants * figures[key] / 100
    return people if any(people.values()) else {}


def who_takes_part(neighbourhoods) -> WhoTakesPart:
    """Residents taking part by the age group and years in the neighbourhood they chose to
    give, and the area profile's age groups (15 and older). An age group is *missing* when
    fewer than MIN_GROUP of its people take part, or its share among the participants is
    less than half its share among the inhabitants. Two queries."""
    from wijkplatform.accounts.models import AgeGroup, YearsHere

    ids = [n.id for n in neighbourhoods]
    ages, years = _people_per_group(ids) if ids else ({}, {})
    population = _age_population(neighbourhoods)
    population_total = sum(population.values())
    age_rows = [GroupRow(g.value, ages.get(g.value, 0)) for g in AgeGroup]
    participants_total = sum(row.participants for row in age_rows)
    shares_shown = all(row.shown for row in age_rows)
    for row in age_rows:
        share = row.participants / participants_total if participants_total else 0.0
        if shares_shown:
            row.participant_share = share
        if population_total:
            row.population_share = population[row.key] / population_total
            row.missing = not row.shown or share < row.population_share / 2
    year_rows = [GroupRow(y.value, years.get(y.value, 0)) for y in YearsHere]
    return WhoTakesPart(age_rows, year_rows, shares_shown)
