"""Planning an import: decide per region what happens, change nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.importer import LEVEL_BY_PREFIX, ParsedFile, Region
from wijkplatform.neighbourhoods.models import (
    Municipality,
    Neighbourhood,
)
from wijkplatform.neighbourhoods.profiles.report import (
    FAILED,
    IMPORTED,
    SKIPPED,
    ImportReport,
    RegionResult,
)

# --- Planning: decide per region, change nothing -----------------------------------------


@dataclass
class _Planned:
    region: Region
    result: RegionResult
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)
    create: bool = False  # create a neighbourhood for this region


def _effective_level(parsed: ParsedFile, level: str | None, create_missing: bool) -> str | None:
    if level or not create_missing:
        return level
    levels = {region.level for region in parsed.regions}
    return "wijk" if "wijk" in levels else "buurt"


def plan_regions(
    parsed: ParsedFile, report: ImportReport, *, level, create_missing
) -> list[_Planned]:
    level = _effective_level(parsed, level, create_missing)
    report.level = level
    for _number, code, reason in parsed.skipped:
        report.regions.append(RegionResult(code, "", "", SKIPPED, reason))
    codes = {region.code for region in parsed.regions}
    municipality_codes = {region.municipality_code for region in parsed.regions}
    municipalities = {
        m.cbs_code: m
        for m in db.session.scalars(
            select(Municipality).where(Municipality.cbs_code.in_(municipality_codes))
        )
    }
    by_code: dict[str, list[Neighbourhood]] = {}
    for neighbourhood in db.session.scalars(
        select(Neighbourhood).where(Neighbourhood.cbs_code.in_(codes))
    ):
        by_code.setdefault(neighbourhood.cbs_code, []).append(neighbourhood)

    # Without a level: per municipality, the levels its neighbourhoods already use.
    levels_in_use: dict[str, set[str]] = {}
    for code, municipality_code in db.session.execute(
        select(Neighbourhood.cbs_code, Municipality.cbs_code)
        .join(Neighbourhood.municipality)
        .where(Municipality.cbs_code.in_(municipality_codes), Neighbourhood.cbs_code.is_not(None))
    ):
        levels_in_use.setdefault(municipality_code, set()).add(LEVEL_BY_PREFIX[code[:2]])

    if level and not any(region.level == level for region in parsed.regions):
        report.errors.append(
            _l("This file has no %(level)s rows. Choose the other level.", level=level)
        )
        return []

    plan: dict[str, _Planned] = {}  # by region code
    for region in parsed.regions:
        result = RegionResult(region.code, region.name, region.level, IMPORTED)
        report.regions.append(result)
        if region.level == "gemeente":
            if region.code in municipalities or create_missing:
                result.neighbourhood = _l("municipal figure")
                _accept(plan, _Planned(region, result))
            else:
                _skip(result, _l("municipality is not on the platform"))
            continue
        if level and region.level != level:
            _skip(result, _l("%(level)s row; this import is for the %(chosen)s level",
                             level=region.level, chosen=level))  # fmt: skip
            continue
        if not level and region.level not in levels_in_use.get(region.municipality_code, set()):
            if region.municipality_code in municipalities:
                _skip(result, _l("the platform uses no %(level)s codes for this municipality",
                                 level=region.level))  # fmt: skip
            else:
                _skip(result, _l("municipality is not on the platform"))
            continue
        if region.water:
            _skip(result, _l("water area without inhabitants"))
            continue
        neighbourhoods = by_code.get(region.code, [])
        if neighbourhoods:
            result.neighbourhood = ", ".join(n.name for n in neighbourhoods)
            _accept(plan, _Planned(region, result, neighbourhoods))
        elif create_missing:
            result.neighbourhood = region.name
            result.created = True
            _accept(plan, _Planned(region, result, create=True))
        elif region.municipality_code in municipalities:
            result.outcome = FAILED
            result.reason = _l(
                "no neighbourhood on the platform has this code; add it with this CBS code, "
                "or import with 'create missing'"
            )
        else:
            _skip(result, _l("municipality is not on the platform"))
    if not plan and report.ok:
        report.errors.append(
            _l(
                "No region in this file matches a neighbourhood on the platform. Check the "
                "CBS codes of the neighbourhoods, or import with 'create missing'."
            )
        )
    return list(plan.values())


def _accept(plan: dict[str, _Planned], planned: _Planned) -> None:
    """Plan a region for import, unless one of its figures is not a number or the file has
    the region twice (which figures would count?)."""
    if planned.region.problems:
        planned.result.outcome = FAILED
        problems = planned.region.problems
        planned.result.reason = LazyString(lambda: "; ".join(str(p) for p in problems))
        planned.result.created = False
        return
    earlier = plan.get(planned.region.code)
    if earlier is not None:
        planned.result.outcome = FAILED
        planned.result.reason = _l(
            "this region is in the file more than once (first at line or feature %(number)d)",
            number=earlier.region.number,
        )
        planned.result.created = False
        return
    plan[planned.region.code] = planned


def _skip(result: RegionResult, reason) -> None:
    result.outcome = SKIPPED
    result.reason = reason
