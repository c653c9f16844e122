"""Fuzzing the importer (hypothesis): whatever arrives as a file, reading it ends in regions
or in a DomainError that says what is wrong, beside the upload field; importing it ends in
a report, with nothing half-saved. Never another exception: on the page that was a 500, on
the command line a traceback.

Four kinds of input: arbitrary bytes (with the openings of each form, so every reader gets
its turn), any JSON value (also inside the shape of a FeatureCollection), CSV-like text in
the layouts CBS uses, and the real test files with a few bytes changed (for xlsx inside
its zip, so openpyxl reads the damage instead of the zip check refusing it)."""

from __future__ import annotations

import io
import json
import zipfile
from xml.sax.saxutils import escape

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.neighbourhoods.cbs_fixtures import (
    BAARN_GEOJSON,
    KWB_CSV,
    STATLINE_CSV,
    kwb_bytes,
    kwb_sheet_rows,
    xlsx_file,
)
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.importer import ParsedFile, read_file
from wijkplatform.neighbourhoods.models import AreaProfile, Municipality, Neighbourhood
from wijkplatform.neighbourhoods.profiles import import_profiles

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def read(data: bytes) -> ParsedFile | DomainError:
    """Read `data`; fail the test on anything but regions or a DomainError with a message."""
    try:
        parsed = read_file(data, "fuzz")
    except DomainError as error:
        assert error.field == "file"
        with force_locale("en"):
            assert str(error.message).strip()
        with force_locale("nl"):
            assert str(error.message).strip()
        return error
    assert isinstance(parsed, ParsedFile)
    for region in parsed.regions:
        assert len(region.name) <= 100 and len(region.municipality_name) <= 100
        if region.boundary is not None:
            assert json.loads(region.boundary)["type"] in {"Polygon", "MultiPolygon"}
    return parsed


# --- Arbitrary bytes ------------------------------------------------------------------------

OPENINGS = [b"", b"PK\x03\x04", b"{", b"[", b"\xef\xbb\xbf", b"\xff\xfe", b"gwb_code_10;"]
any_bytes = st.builds(
    lambda opening, rest: opening + rest, st.sampled_from(OPENINGS), st.binary(max_size=2000)
)


@FUZZ
@given(data=any_bytes)
def test_arbitrary_bytes_give_regions_or_a_message(app, data):
    read(data)


# --- JSON -----------------------------------------------------------------------------------

KEYS = [
    "type",
    "features",
    "properties",
    "geometry",
    "coordinates",
    "buurtcode",
    "buurtnaam",
    "wijkcode",
    "gemeentecode",
    "gemeentenaam",
    "jaar",
    "water",
    "aantal_inwoners",
    "percentage_huishoudens_met_kinderen",
]
CODES = ["BU88010100", "BU88010101", "WK880101", "GM8801", "BU0308", "", " bu88010100 "]
# Text without control characters mostly: those make a CSV "no text" before anything else.
plain_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=16)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    plain_text,
    st.text(max_size=8),
    st.sampled_from([*CODES, -99997, -99995, "-99997", ".", "JA", 1e300, -1e300]),
)
# json.dumps writes these as NaN and Infinity, which JSON does not have.
not_json_numbers = st.sampled_from([float("nan"), float("inf"), float("-inf")])
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


def mostly(good, bad=json_values, one_in=5):
    """`good`, but one time in `one_in` something else: deep enough to reach the later
    checks, broken often enough to hit each of them."""
    return st.integers(1, one_in).flatmap(lambda n: bad if n == 1 else good)


coordinate = mostly(st.floats(min_value=-200, max_value=200), scalars | not_json_numbers)
point = mostly(st.lists(coordinate, min_size=2, max_size=3))
ring = mostly(st.lists(point, min_size=1, max_size=6))
polygon = mostly(st.lists(ring, min_size=1, max_size=2))
geometries = mostly(
    st.fixed_dictionaries({"type": mostly(st.just("Polygon")), "coordinates": polygon})
    | st.fixed_dictionaries(
        {"type": mostly(st.just("MultiPolygon")), "coordinates": mostly(st.lists(polygon))}
    ),
    st.fixed_dictionaries({"type": st.just("Point"), "coordinates": point}) | json_values,
)
properties = st.fixed_dictionaries(
    {"buurtcode": mostly(st.sampled_from(CODES), scalars)},
    optional={
        key: mostly(scalars, json_values | not_json_numbers, one_in=40)
        for key in KEYS
        if key != "buurtcode"
    },
)
features = st.fixed_dictionaries(
    {
        "type": mostly(st.just("Feature")),
        "properties": mostly(properties),
        "geometry": st.none() | geometries,
    }
)
collections = st.fixed_dictionaries(
    {
        "type": mostly(st.just("FeatureCollection"), one_in=10),
        "features": mostly(st.lists(features, min_size=1, max_size=4)),
    }
)


@FUZZ
@given(document=mostly(collections, one_in=10))
def test_any_json_value_gives_regions_or_a_message(app, document):
    read(json.dumps(document).encode())


# --- Tables: CSV-like text and sheets -------------------------------------------------------

TABLES = [
    [line.split(";") for line in KWB_CSV.splitlines()],
    [[cell.strip('"') for cell in line.split(";")] for line in STATLINE_CSV.splitlines()],
]
cells = st.one_of(
    st.sampled_from([*TABLES[0][0], *TABLES[1][0], *CODES]),
    st.from_regex(r"-?\d{1,7}([,.]\d{1,3})?", fullmatch=True),
    st.sampled_from([".", "", '"', '""', "x", "-99997", "1e999", "  4000  ", "\n", ";"]),
    plain_text,
    st.text(max_size=6),
)


@st.composite
def table_rows(draw) -> list[list[str]]:
    """One of the CBS test tables with cells replaced, rows dropped or repeated."""
    rows = [list(row) for row in draw(st.sampled_from(TABLES))]
    for _ in range(draw(st.integers(0, 6))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(rows[row])))
        action = draw(st.sampled_from(["replace", "insert", "delete", "drop row", "copy row"]))
        if action == "replace" and column < len(rows[row]):
            rows[row][column] = draw(cells)
        elif action == "insert":
            rows[row].insert(column, draw(cells))
        elif action == "delete" and column < len(rows[row]):
            del rows[row][column]
        elif action == "drop row" and len(rows) > 1:
            del rows[row]
        elif action == "copy row":
            rows.append(list(rows[row]))
    return rows


def as_csv(rows, separator, line_end, encoding) -> bytes:
    text = line_end.join(separator.join(row) for row in rows)
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


tables = st.builds(
    as_csv,
    table_rows(),
    separator=st.sampled_from([";", ",", "\t"]),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)


def as_xlsx(rows) -> bytes:
    """The table as an Excel sheet: numbers as numbers, the rest as inline text."""
    from openpyxl.utils import get_column_letter

    sheet = []
    for number, row in enumerate(rows, start=1):
        cells_xml = []
        for column, cell in enumerate(row, start=1):
            address = f"{get_column_letter(column)}{number}"
            try:
                cells_xml.append(f'<c r="{address}"><v>{float(cell.replace(",", "."))}</v></c>')
            except ValueError:
                text = escape(cell).encode("utf-8", "replace").decode("utf-8")
                cells_xml.append(f'<c r="{address}" t="inlineStr"><is><t>{text}</t></is></c>')
        sheet.append(f'<row r="{number}">{"".join(cells_xml)}</row>')
    return xlsx_file("".join(sheet))


@FUZZ
@given(data=tables | table_rows().map(as_xlsx))
def test_csv_like_text_and_sheets_give_regions_or_a_message(app, data):
    read(data)


# --- The test files, a little damaged -------------------------------------------------------

changes = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10**7),
        st.sampled_from(["replace", "insert", "delete", "cut"]),
        st.binary(min_size=1, max_size=6)
        | st.sampled_from([b'"', b";", b"[", b"{", b"]]]", b"<c/>", b"</row>", b"<", b"&a;"]),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, edits) -> bytes:
    for position, kind, chunk in edits:
        at = position % (len(data) + 1)
        if kind == "replace":
            data = data[:at] + chunk + data[at + len(chunk) :]
        elif kind == "insert":
            data = data[:at] + chunk + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + len(chunk) :]
        else:
            data = data[:at]
    return data


def rezip(xlsx: bytes, part: str, edits) -> bytes:
    """The xlsx with one part changed and the zip rebuilt around it."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(
                info.filename, mutate(content, edits) if info.filename == part else content
            )
    return buffer.getvalue()


KWB_XLSX = xlsx_file(kwb_sheet_rows(), dimension="A1:U6")
TEXT_FIXTURES = {
    "kwb": kwb_bytes(),
    "statline": STATLINE_CSV.encode(),
    "baarn": BAARN_GEOJSON.read_bytes(),
}
XLSX_PARTS = [info.filename for info in zipfile.ZipFile(io.BytesIO(KWB_XLSX)).infolist()]


@FUZZ
@given(fixture=st.sampled_from(sorted(TEXT_FIXTURES)), edits=changes)
def test_a_damaged_text_file_gives_regions_or_a_message(app, fixture, edits):
    read(mutate(TEXT_FIXTURES[fixture], edits))


@FUZZ
@given(part=st.sampled_from(XLSX_PARTS), edits=changes, raw=st.booleans())
def test_a_damaged_xlsx_gives_regions_or_a_message(app, part, edits, raw):
    read(mutate(KWB_XLSX, edits) if raw else rezip(KWB_XLSX, part, edits))


# --- Through the database -------------------------------------------------------------------

anything = st.one_of(
    any_bytes,
    mostly(collections, one_in=10).map(lambda document: json.dumps(document).encode()),
    tables,
    table_rows().map(as_xlsx),
    st.builds(mutate, st.sampled_from(list(TEXT_FIXTURES.values())), changes),
    st.builds(rezip, st.just(KWB_XLSX), st.sampled_from(XLSX_PARTS), changes),
)


def _counts():
    return [
        db.session.scalar(select(func.count(model.id)))
        for model in (Municipality, Neighbourhood, AreaProfile)
    ]


@pytest.fixture
def empty_platform(app):
    assert _counts() == [0, 0, 0]


@settings(FUZZ, max_examples=100)
@given(
    data=anything,
    create_missing=st.booleans(),
    level=st.sampled_from([None, "wijk", "buurt"]),
)
def test_importing_anything_ends_in_a_report_that_can_be_rolled_back(
    app, empty_platform, data, create_missing, level
):
    report = import_profiles(
        data, filename="fuzz", year=2024, create_missing=create_missing, level=level
    )
    assert report.ok or report.errors or report.failed
    db.session.rollback()  # as the page and the command do with a report that is not ok
    assert _counts() == [0, 0, 0]
