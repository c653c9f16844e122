"""Reads of municipalities and neighbourhoods used in more than one place."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import AreaProfile, Municipality, Neighbourhood


def neighbourhoods_by_municipality() -> list[tuple[Municipality, list[Neighbourhood]]]:
    """All neighbourhoods grouped by municipality, in one query."""
    rows = db.session.scalars(
        select(Neighbourhood)
        .join(Neighbourhood.municipality)
        .options(contains_eager(Neighbourhood.municipality))
        .order_by(Municipality.name, Neighbourhood.name)
    ).all()
    groups: dict[int, tuple[Municipality, list[Neighbourhood]]] = {}
    for neighbourhood in rows:
        municipality = neighbourhood.municipality
        groups.setdefault(municipality.id, (municipality, []))[1].append(neighbourhood)
    return list(groups.values())


def neighbourhood_choices() -> list[tuple[int, str]]:
    """(id, "Neighbourhood (Municipality)") pairs for select fields."""
    return [
        (n.id, f"{n.name} ({m.name})")
        for m, neighbourhoods in neighbourhoods_by_municipality()
        for n in neighbourhoods
    ]


def municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


# Built once per process, the value a parameter: most pages look one of them up, and
# building the statement cost about as much as running it (issue 18).
_NEIGHBOURHOOD_BY_SLUG = select(Neighbourhood).where(Neighbourhood.slug == bindparam("slug"))
_MUNICIPALITY_BY_CODE = select(Municipality).where(Municipality.cbs_code == bindparam("code"))


def get_neighbourhood_by_slug(slug: str) -> Neighbourhood | None:
    return db.session.scalar(_NEIGHBOURHOOD_BY_SLUG, {"slug": slug})


def get_municipality_by_code(code: str) -> Municipality | None:
    return db.session.scalar(_MUNICIPALITY_BY_CODE, {"code": (code or "").strip().upper()})


def area_profiles_for(neighbourhood: Neighbourhood) -> list[AreaProfile]:
    """Every year's profile of the neighbourhood and of its municipality, values loaded.

    Two queries whatever the number of years (profiles, then their values in one go).
    """
    if not neighbourhood.cbs_code:
        return []
    codes = [neighbourhood.cbs_code, neighbourhood.municipality.cbs_code]
    return list(
        db.session.scalars(
            select(AreaProfile).where(AreaProfile.region_code.in_(codes)).order_by(AreaProfile.year)
        )
    )
