"""Per neighbourhood: totals, residents taking part, population and the chain at a glance
(area profile, Opgaven, team design and its hints, overdue plan actions)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import lazyload

from wijkplatform.contributions.models import CATEGORIES
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.indicators import Status
from wijkplatform.neighbourhoods.models import AreaProfile, IndicatorValue, Neighbourhood
from wijkplatform.opgaven.models import Opgave, OpgaveStatus
from wijkplatform.review import ranking
from wijkplatform.review.models import ALL_CATEGORIES, ReviewReach, ReviewTotal

COUNTERS = ("participants", "contributions", "supports", "comments")


@dataclass
class NeighbourhoodFigures:
    neighbourhood: Neighbourhood
    inhabitants: float | None = None
    profile_year: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    opgaven: dict[str, int] = field(default_factory=dict)
    # Per subject: {contributions, supports, comments}, all time (as
    # participation.categories_by_neighbourhood gives them).
    categories: dict[str, dict[str, int]] = field(default_factory=dict)
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
    glance (profile year, Opgaven per status, team design and its hints), and the totals
    per subject. Seven queries."""
    neighbourhoods = (
        neighbourhoods if neighbourhoods is not None else neighbourhoods_of(municipality)
    )
    figures = {n.id: NeighbourhoodFigures(n) for n in neighbourhoods}
    ids = list(figures)
    if not ids:
        return []
    # Everyone who took part: the people whose last week is the first stored week or later
    # (ReviewReach.since), one index probe per neighbourhood, read with the row of all
    # subjects; the subjects' rows come in the same statement (issue 18: three statements
    # were one).
    everyone = (
        select(ReviewReach.since)
        .where(ReviewReach.neighbourhood_id == Neighbourhood.id)
        .order_by(ReviewReach.week)
        .limit(1)
        .scalar_subquery()
    )
    all_subjects = ReviewTotal.category.is_(None) | (ReviewTotal.category == ALL_CATEGORIES)
    for nb_id, category, contributions, supports, comments, people in db.session.execute(
        select(
            Neighbourhood.id,
            ReviewTotal.category,
            ReviewTotal.contributions,
            ReviewTotal.supports,
            ReviewTotal.comments,
            case((all_subjects, everyone)),
        )
        .outerjoin(ReviewTotal, ReviewTotal.neighbourhood_id == Neighbourhood.id)
        .where(Neighbourhood.id.in_(ids))
    ):
        figure = figures[nb_id]
        if category is None or category == ALL_CATEGORIES:
            figure.counts.update(
                participants=people or 0,
                contributions=contributions or 0,
                supports=supports or 0,
                comments=comments or 0,
            )
        elif category in CATEGORIES:
            figure.categories[category] = {
                "contributions": contributions or 0,
                "supports": supports or 0,
                "comments": comments or 0,
            }
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
