"""Writing an import: the profiles and figures of the regions the plan accepted."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods import services
from wijkplatform.neighbourhoods.importer import ParsedFile
from wijkplatform.neighbourhoods.indicators import Status, scale_readings
from wijkplatform.neighbourhoods.models import (
    AreaProfile,
    IndicatorValue,
    Municipality,
    Neighbourhood,
    RegionLevel,
)
from wijkplatform.neighbourhoods.profiles.report import ImportReport

# --- Writing -----------------------------------------------------------------------------


def write_profiles(
    plan, parsed: ParsedFile, report: ImportReport, *, year, filename, actor
) -> None:
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
