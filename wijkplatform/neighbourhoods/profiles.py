"""Importing area profiles (CBS figures) for a year. Flush, never commit.

`import_profiles` first checks the whole file and plans every change; only a file without
problems is written. A report says per region what was imported, skipped and why. The caller
commits when `report.ok`, and rolls back otherwise, so a bad file changes nothing.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import delete, select

from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods import services
from wijkplatform.neighbourhoods.importer import LEVEL_BY_PREFIX, ParsedFile, Region, read_file
from wijkplatform.neighbourhoods.indicators import SOURCE_LABELS, Status, scale_readings
from wijkplatform.neighbourhoods.models import (
    AreaProfile,
    IndicatorValue,
    Municipality,
    Neighbourhood,
    RegionLevel,
)

logger = logging.getLogger(__name__)

LEVELS = ("wijk", "buurt")
LIST_SKIPPED_UP_TO = 50  # more skipped regions (a whole-country file) are counted by reason
IMPORTED, SKIPPED, FAILED = "imported", "skipped", "error"
MIN_YEAR, MAX_YEAR = 1990, 2100
# The largest file read at all. The admin page takes less (forms.MAX_UPLOAD_BYTES, which
# also sets that page's request limit); the command line reads up to this. A whole-country
# kwb table is about 15 MB. Parsed GeoJSON takes up to twelve times its size in memory, so
# larger GeoJSON is imported one municipality at a time.
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class RegionResult:
    code: str
    name: str
    level: str
    outcome: str  # IMPORTED, SKIPPED or FAILED
    reason: object = ""  # lazy string
    neighbourhood: object = ""  # name of the platform neighbourhood it feeds
    known: int = 0
    secret: int = 0
    missing: int = 0
    created: bool = False


@dataclass
class ImportReport:
    filename: str
    year: int
    level: str | None
    create_missing: bool
    source: str = ""
    source_label: object = ""
    encoding: str = ""
    errors: list = field(default_factory=list)  # the file as a whole
    regions: list[RegionResult] = field(default_factory=list)
    created_municipalities: list[str] = field(default_factory=list)
    created_neighbourhoods: list[str] = field(default_factory=list)
    boundaries_added: int = 0
    replaced: int = 0
    unknown_columns: list[str] = field(default_factory=list)

    def _count(self, outcome: str) -> int:
        return sum(1 for region in self.regions if region.outcome == outcome)

    @property
    def imported(self) -> int:
        return self._count(IMPORTED)

    @property
    def skipped(self) -> int:
        return self._count(SKIPPED)

    @property
    def failed(self) -> int:
        return self._count(FAILED)

    def skipped_by_reason(self) -> list[tuple[str, int]]:
        """(reason, number of regions), most first. Call where a language is active."""
        counts = Counter(str(r.reason) for r in self.regions if r.outcome == SKIPPED)
        return counts.most_common()

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed

    def summary_lines(self) -> list[str]:
        """Plain-text summary for the command line."""
        lines = []
        if self.ok:
            lines.append(
                str(
                    _l(
                        "Year %(year)d: imported %(imported)d regions, skipped %(skipped)d.",
                        imported=self.imported,
                        year=self.year,
                        skipped=self.skipped,
                    )
                )
            )
            if self.replaced:
                lines.append(
                    str(_l("Replaced profiles of the same year: %(count)d.", count=self.replaced))
                )
            if self.created_municipalities or self.created_neighbourhoods:
                lines.append(
                    str(
                        _l(
                            "New municipalities: %(municipalities)d. "
                            "New neighbourhoods: %(neighbourhoods)d.",
                            municipalities=len(self.created_municipalities),
                            neighbourhoods=len(self.created_neighbourhoods),
                        )
                    )
                )
        else:
            lines.append(str(_l("Nothing was imported: the file has problems.")))
            lines.extend(f"  {error}" for error in self.errors)
            lines.extend(
                f"  {region.code} {region.name}: {region.reason}"
                for region in self.regions
                if region.outcome == FAILED
            )
        return lines


def file_too_large():
    return _l(
        "The file is larger than %(max)d MB. Import only the rows of your municipality, or "
        "one municipality at a time.",
        max=MAX_FILE_BYTES // (1024 * 1024),
    )


def _label(parsed: ParsedFile) -> object:
    return SOURCE_LABELS[parsed.source]


def import_profiles(
    data: bytes,
    *,
    filename: str,
    year: int,
    create_missing: bool = False,
    level: str | None = None,
    actor=None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Check and (when it has no problems) store the figures in `data` for `year`."""
    say = progress or (lambda message: None)
    report = ImportReport(filename, year, level, create_missing)
    if not MIN_YEAR <= year <= MAX_YEAR:
        report.errors.append(
            _l("Choose a year between %(min)d and %(max)d.", min=MIN_YEAR, max=MAX_YEAR)
        )
        return report
    if level is not None and level not in LEVELS:
        report.errors.append(_l("Choose wijk or buurt as level."))
        return report
    if len(data) > MAX_FILE_BYTES:
        report.errors.append(file_too_large())
        return report
    say(f"Reading {filename} …")
    try:
        wanted = None if create_missing else set(db.session.scalars(select(Municipality.cbs_code)))
        parsed = read_file(data, filename, wanted)
    except DomainError as error:
        report.errors.append(error.message)
        return report
    report.source = parsed.source.value
    report.source_label = _label(parsed)
    report.encoding = parsed.encoding
    report.unknown_columns = parsed.unknown_columns
    say(
        f"Read {len(parsed.regions)} regions, passed over {len(parsed.skipped)} other rows "
        f"({parsed.source.value}, {parsed.encoding})."
    )

    if parsed.stated_years and year not in parsed.stated_years:
        report.errors.append(
            _l(
                "The file holds figures for %(stated)s, not for %(year)d. Check the year.",
                stated=", ".join(str(y) for y in sorted(parsed.stated_years)),
                year=year,
            )
        )
        return report

    plan = _plan(parsed, report, level=level, create_missing=create_missing)
    if not report.ok:
        return report
    say(f"Writing {len(plan)} profiles …")
    try:
        _write(plan, parsed, report, year=year, filename=filename, actor=actor)
    except DomainError as error:  # the caller rolls back what was flushed
        report.errors.append(error.message)
        return report
    logger.info(
        "%s imported %d area profiles for %d from %s (%s), skipped %d, replaced %d",
        f"user {actor.id}" if actor is not None else "system",
        report.imported,
        year,
        filename,
        parsed.source.value,
        report.skipped,
        report.replaced,
    )
    return report


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


def _plan(parsed: ParsedFile, report: ImportReport, *, level, create_missing) -> list[_Planned]:
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


# --- Writing -----------------------------------------------------------------------------


def _write(plan, parsed: ParsedFile, report: ImportReport, *, year, filename, actor) -> None:
    municipality_names = {
        p.region.municipality_code: p.region.name for p in plan if p.region.level == "gemeente"
    }
    for p in plan:
        municipality_names.setdefault(p.region.municipality_code, p.region.municipality_name)
    municipalities = {
        m.cbs_code: m
        for m in db.session.scalars(
            select(Municipality).where(Municipality.cbs_code.in_(municipality_names))
        )
    }
    taken_slugs = set(db.session.scalars(select(Neighbourhood.slug)))

    def municipality_for(code: str) -> Municipality:
        if code not in municipalities:
            municipalities[code] = services.create_municipality(
                name=municipality_names.get(code) or code, cbs_code=code, actor=actor
            )
            report.created_municipalities.append(municipalities[code].name)
        return municipalities[code]

    for p in plan:
        if p.region.level == "gemeente":
            municipality_for(p.region.code)
        elif p.create:
            municipality = municipality_for(p.region.municipality_code)
            slug = _free_slug(p.region.name, municipality.name, taken_slugs)
            p.neighbourhoods = [
                services.create_neighbourhood(
                    municipality=municipality,
                    name=p.region.name[:100],
                    slug=slug,
                    cbs_code=p.region.code,
                    boundary_geojson=p.region.boundary,
                    actor=actor,
                )
            ]
            report.created_neighbourhoods.append(p.region.name)
        else:
            for neighbourhood in p.neighbourhoods:
                if p.region.boundary and not neighbourhood.boundary_geojson:
                    neighbourhood.boundary_geojson = p.region.boundary
                    report.boundaries_added += 1

    codes = [p.region.code for p in plan]
    old_ids = list(
        db.session.scalars(
            select(AreaProfile.id).where(
                AreaProfile.year == year, AreaProfile.region_code.in_(codes)
            )
        )
    )
    if old_ids:
        db.session.execute(delete(IndicatorValue).where(IndicatorValue.profile_id.in_(old_ids)))
        db.session.execute(delete(AreaProfile).where(AreaProfile.id.in_(old_ids)))
        db.session.expire_all()
    report.replaced = len(old_ids)

    for p in plan:
        profile = AreaProfile(
            year=year,
            region_code=p.region.code,
            region_level=RegionLevel(p.region.level),
            region_name=p.region.name[:100],
            municipality_code=p.region.municipality_code,
            source=parsed.source,
            source_file=filename[:255],
            extra=p.region.extra,
            imported_by_id=actor.id if actor is not None else None,
        )
        for key, (reading, column) in scale_readings(parsed.source, p.region.readings).items():
            profile.values.append(
                IndicatorValue(
                    key=key, status=reading.status, value=reading.value, source_column=column[:100]
                )
            )
            if reading.status == Status.OK:
                p.result.known += 1
            elif reading.status == Status.SECRET:
                p.result.secret += 1
            else:
                p.result.missing += 1
        db.session.add(profile)
    db.session.flush()


def _free_slug(name: str, municipality_name: str, taken: set[str]) -> str:
    base = services.slugify(name) or "wijk"
    candidates = [base, f"{base}-{services.slugify(municipality_name)}".strip("-")]
    candidates += [f"{candidates[-1]}-{n}" for n in range(2, 1000)]
    for candidate in candidates:
        candidate = candidate[:100].strip("-")
        if candidate and candidate not in taken:
            taken.add(candidate)
            return candidate
    raise DomainError(_l("Another neighbourhood already uses this web address."), "slug")
