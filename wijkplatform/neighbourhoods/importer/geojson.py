"""The PDOK "wijken en buurten" GeoJSON, checked before, while and after parsing.

`json` builds the whole document before anyone can look at it, and `[{},{},…]` costs some
25 bytes of memory per byte of file: so the brackets are counted in the text first (at C
speed, building nothing). While parsing, `[[[[…` deeper than json's own limit (about 1,000
levels) ends in a RecursionError, NaN and Infinity in a ValueError: both become the plain
message. After parsing, the file must have the structure of a FeatureCollection, only as
deep as GeoJSON goes where we read it, within limits on features, properties and boundary
points. Every break is a plain message, never a crash.
"""

from __future__ import annotations

import json
import math
import re

from flask_babel import lazy_gettext as _l

from wijkplatform.neighbourhoods.importer import limits
from wijkplatform.neighbourhoods.importer.cells import (
    LEVEL_BY_PREFIX,
    NOT_A_REGION,
    NOT_ON_PLATFORM,
    REGION_CODE,
    ParsedFile,
    Region,
    check_column_name,
    clean_name,
    refuse,
)
from wijkplatform.neighbourhoods.importer.tables import read_into, too_many_cells
from wijkplatform.neighbourhoods.indicators import Source, is_region_column, match_column

MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
# Levels of lists from "coordinates" down to one point's numbers.
GEOMETRY_DEPTH = {"Polygon": 3, "MultiPolygon": 4}
MAX_COORDINATE = 1e7  # metres in the Dutch grid, or degrees: far below this

PDOK_LEVELS = [  # (code property, name property, level), finest first
    ("buurtcode", "buurtnaam", "buurt"),
    ("wijkcode", "wijknaam", "wijk"),
    ("gemeentecode", "gemeentenaam", "gemeente"),
]

USE_PDOK_FILE = _l("Use the PDOK 'wijken en buurten' file as you downloaded it.")


def _check_size(text: str) -> None:
    # Brackets inside texts count too: an upper bound, found without building anything.
    if text.count("[") + text.count("{") > limits.MAX_JSON_CONTAINERS:
        raise refuse(
            _l(
                "The GeoJSON file holds more than %(max)d lists and objects. Import one "
                "municipality at a time.",
                max=limits.MAX_JSON_CONTAINERS,
            )
        )


def _refuse_constant(name: str):
    raise ValueError(name)  # NaN and Infinity are not JSON


def _load(text: str):
    _check_size(text)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise refuse(
            _l("The GeoJSON file is damaged near line %(line)d.", line=error.lineno)
        ) from error
    except ValueError as error:  # a number of 5,000 digits, NaN, Infinity
        raise refuse(_l("The GeoJSON file is damaged. %(hint)s", hint=USE_PDOK_FILE)) from error
    except RecursionError as error:  # json gives up at about 1,000 levels
        raise refuse(
            _l("The GeoJSON file is nested too deeply. %(hint)s", hint=USE_PDOK_FILE)
        ) from error


def _features(document) -> list:
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise refuse(
            _l("The file is not a GeoJSON FeatureCollection. %(hint)s", hint=USE_PDOK_FILE)
        )
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise refuse(_l("The GeoJSON file has no regions (features)."))
    if len(features) > limits.MAX_ROWS:
        raise refuse(
            _l(
                "The GeoJSON file has more than %(max)d regions (features). Import one "
                "municipality at a time.",
                max=limits.MAX_ROWS,
            )
        )
    return features


def _check_feature(feature, number: int) -> tuple[dict, int]:
    """The feature's properties and the number of its boundary points."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise refuse(
            _l(
                "Region %(number)d of the GeoJSON file is not a Feature. %(hint)s",
                number=number,
                hint=USE_PDOK_FILE,
            )
        )
    properties = feature.get("properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise refuse(
            _l(
                "The properties of region %(number)d of the GeoJSON file are not an object. "
                "%(hint)s",
                number=number,
                hint=USE_PDOK_FILE,
            )
        )
    if len(properties) > limits.MAX_COLUMNS:
        raise refuse(
            _l(
                "Region %(number)d has more than %(max)d properties.",
                number=number,
                max=limits.MAX_COLUMNS,
            )
        )
    for name, value in properties.items():
        check_column_name(name)
        if isinstance(value, list | dict):
            raise refuse(
                _l(
                    "Property %(name)s of region %(number)d holds a list or an object "
                    "instead of a number or a text.",
                    name=name,
                    number=number,
                )
            )
    return properties, _count_points(feature.get("geometry"), number)


def _count_points(geometry, number: int) -> int:
    if geometry is None:
        return 0
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if not isinstance(kind, str) or kind not in GEOMETRY_DEPTH:
        raise refuse(
            _l(
                "The boundary of region %(number)d is not a Polygon or MultiPolygon. %(hint)s",
                number=number,
                hint=USE_PDOK_FILE,
            )
        )
    damaged = refuse(
        _l(
            "The boundary of region %(number)d is damaged: its coordinates are not lists "
            "of points. %(hint)s",
            number=number,
            hint=USE_PDOK_FILE,
        )
    )
    level = [geometry.get("coordinates")]
    for _ in range(GEOMETRY_DEPTH[kind] - 1):
        if not all(isinstance(item, list) for item in level):
            raise damaged
        level = [child for item in level for child in item]
        if len(level) > limits.MAX_POINTS_PER_REGION:
            raise refuse(
                _l(
                    "The boundary of region %(number)d has more than %(max)d points.",
                    number=number,
                    max=limits.MAX_POINTS_PER_REGION,
                )
            )
    if not all(map(_is_point, level)):
        raise damaged
    return len(level)


def _is_point(value) -> bool:
    return isinstance(value, list) and 2 <= len(value) <= 3 and all(map(_is_coordinate, value))


def _is_coordinate(value) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= MAX_COORDINATE
    )


def read_geojson(text: str, encoding: str, wanted=None) -> ParsedFile:
    features = _features(_load(text))
    checked = []
    cells = points = 0
    for number, feature in enumerate(features, start=1):
        properties, feature_points = _check_feature(feature, number)
        cells += len(properties)
        points += feature_points
        if cells > limits.MAX_CELLS:
            raise too_many_cells()
        if points > limits.MAX_POINTS:
            raise refuse(
                _l(
                    "The GeoJSON file has more than %(max)d boundary points. Import one "
                    "municipality at a time.",
                    max=limits.MAX_POINTS,
                )
            )
        checked.append((properties, feature.get("geometry") if feature_points else None))

    first = checked[0][0]
    found = next((entry for entry in PDOK_LEVELS if entry[0] in first), None)
    if found is None:
        raise refuse(
            _l(
                "This file has no column with region codes (buurtcode, wijkcode or "
                "gemeentecode). Use the PDOK 'wijken en buurten' file as you downloaded it."
            )
        )
    code_key, name_key, level = found
    source = Source.PDOK
    columns = list(first)
    matched = [c for c in columns if match_column(source, c)]
    unknown = [
        c for c in columns if not match_column(source, c) and not is_region_column(source, c)
    ]
    regions: list[Region] = []
    skipped: list[tuple[int, str, object]] = []
    years: set[int] = set()
    for number, (properties, geometry) in enumerate(checked, start=1):
        code = str(properties.get(code_key) or "").strip().upper()
        if not REGION_CODE.match(code) or LEVEL_BY_PREFIX[code[:2]] != level:
            skipped.append((number, code[:20] or "?", NOT_A_REGION))
            continue
        year = properties.get("jaar")
        if isinstance(year, int) and not isinstance(year, bool) and 1000 <= year <= 9999:
            years.add(year)
        municipality_code = str(properties.get("gemeentecode") or "").strip()
        if not MUNICIPALITY_CODE.match(municipality_code):
            municipality_code = "GM" + code[2:6]
        if wanted is not None and municipality_code not in wanted:
            skipped.append((number, code, NOT_ON_PLATFORM))
            continue
        region = Region(
            number=number,
            code=code,
            level=level,
            name=clean_name(properties.get(name_key)) or code,
            municipality_code=municipality_code,
            municipality_name=clean_name(properties.get("gemeentenaam")),
            boundary=_boundary(geometry),
            water=str(properties.get("water") or "").strip().upper() == "JA",
        )
        for column, value in properties.items():
            if is_region_column(source, column):
                continue
            read_into(region, source, column, value)
        regions.append(region)
    return ParsedFile(source, encoding, regions, skipped, years, matched, unknown)


def _boundary(geometry) -> str | None:
    if geometry is None:
        return None
    # Only what a boundary is: members a file adds beside them are not stored.
    shape = {"type": geometry["type"], "coordinates": geometry["coordinates"]}
    return json.dumps(shape, separators=(",", ":"))
