"""Who takes part: the age groups and years in the neighbourhood residents chose to give,
compared with the area profile. Groups under MIN_GROUP are never shown on their own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.indicators import Status
from wijkplatform.neighbourhoods.models import AreaProfile, IndicatorValue
from wijkplatform.review.models import ReviewParticipant

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
