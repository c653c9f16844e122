"""Demo places: the fictional municipality of Lindenhoven and four neighbourhoods, each
with a made-up boundary (so the map to place a pin and the social map have an outline)."""

from __future__ import annotations

import json

from wijkplatform.neighbourhoods import queries, services

# GM99xx codes are not used by CBS, so the demo can never be mistaken for real figures.
MUNICIPALITY = {"name": "Lindenhoven", "cbs_code": "GM9901"}

NEIGHBOURHOODS = [
    {
        "name": "Oude Haven",
        "slug": "oude-haven",
        "cbs_code": "WK990101",
        "description": (
            "Oude wijk rond de haven met smalle straten, veel kleine huurwoningen en een "
            "grote groep oudere bewoners. Er is een buurthuis en een actieve moskee."
        ),
    },
    {
        "name": "De Akkers",
        "slug": "de-akkers",
        "cbs_code": "WK990102",
        "description": (
            "Gezinswijk uit de jaren zeventig met rijtjeshuizen, twee basisscholen en veel "
            "groen. Jonge gezinnen en ouderen die hier al veertig jaar wonen."
        ),
    },
    {
        "name": "Stationskwartier",
        "slug": "stationskwartier",
        "cbs_code": "WK990103",
        "description": (
            "Nieuwe appartementen naast oudere flats bij het station. Veel alleenstaanden "
            "en mensen die kort in de wijk wonen."
        ),
    },
    {
        "name": "Molenwijk",
        "slug": "molenwijk",
        "cbs_code": "WK990104",
        "description": (
            "Naoorlogse wijk met portiekflats die worden vernieuwd. Veel verschillende "
            "culturen, een leeg schoolgebouw en een sterke sportvereniging."
        ),
    },
]


# Made-up outlines on a two-by-two grid ([lon, lat], closed rings), not real places.
_WEST, _MIDDLE, _EAST = 5.2600, 5.2760, 5.2920
_SOUTH, _CENTRE, _NORTH = 52.2140, 52.2240, 52.2340
_SW, _S, _SE = (_WEST, _SOUTH), (_MIDDLE, _SOUTH + 0.0006), (_EAST, _SOUTH)
_W, _C, _E = (_WEST + 0.0015, _CENTRE), (_MIDDLE, _CENTRE), (_EAST - 0.001, _CENTRE)
_NW, _N, _NE = (_WEST, _NORTH - 0.0008), (_MIDDLE, _NORTH), (_EAST, _NORTH)
BOUNDARIES = {
    "oude-haven": [_SW, _S, _C, _W],
    "de-akkers": [_S, _SE, _E, _C],
    "stationskwartier": [_W, _C, _N, _NW],
    "molenwijk": [_C, _E, _NE, _N],
}


def boundary_geojson(slug: str) -> str:
    ring = [list(point) for point in BOUNDARIES[slug]]
    return json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})


def point_inside(slug: str, number: int) -> tuple[float, float]:
    """A made-up spot inside the neighbourhood's boundary (latitude, longitude), different
    for each number: part of the way from the middle of the outline towards one of its
    corners (the outlines are convex, so the spot stays inside)."""
    corners = BOUNDARIES[slug]
    middle_lon = sum(lon for lon, _lat in corners) / len(corners)
    middle_lat = sum(lat for _lon, lat in corners) / len(corners)
    corner_lon, corner_lat = corners[number % len(corners)]
    share = 0.15 + 0.1 * (number // len(corners) % 7)
    return (
        round(middle_lat + share * (corner_lat - middle_lat), 5),
        round(middle_lon + share * (corner_lon - middle_lon), 5),
    )


def load(report) -> None:
    municipality = queries.get_municipality_by_code(MUNICIPALITY["cbs_code"])
    report.count("municipality", municipality is None)
    if municipality is None:
        municipality = services.create_municipality(**MUNICIPALITY)
    for data in NEIGHBOURHOODS:
        existing = queries.get_neighbourhood_by_slug(data["slug"])
        report.count("neighbourhood", existing is None)
        if existing is None:
            services.create_neighbourhood(
                municipality=municipality, boundary_geojson=boundary_geojson(data["slug"]), **data
            )
        elif not existing.boundary_geojson:
            existing.boundary_geojson = boundary_geojson(data["slug"])
