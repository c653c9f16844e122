"""Import bombs: files that declare or hold far more than a CBS file does are read within
bounded time and memory, or refused with a message that says what to do; a badly built
GeoJSON gets that message too, on the page and on the command line, never a 500 or a
traceback. And one upload limit: the page takes the 30 MB it states.

Runs on both databases (the import writes and rolls back through the real session)."""

from __future__ import annotations

import io
import json
import random
import re
import time
import tracemalloc

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, admin
from tests.neighbourhoods.cbs_fixtures import (
    BAARN_GEOJSON,
    KWB_CSV,
    kwb_bytes,
    kwb_sheet_rows,
    sheet_cell,
    xlsx_file,
)
from tests.neighbourhoods.test_profile_import import errors, run, snapshot
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods import profiles
from wijkplatform.neighbourhoods.forms import MAX_UPLOAD_BYTES
from wijkplatform.neighbourhoods.importer import limits
from wijkplatform.neighbourhoods.models import AreaProfile, Municipality, Neighbourhood

MB = 1024 * 1024


@pytest.fixture
def testdorp(app):
    municipality = MunicipalityFactory(name="Testdorp", cbs_code="GM8801")
    for name, code in (("Dorpskern", "WK880101"), ("Zuidwesthoek", "WK880102")):
        NeighbourhoodFactory(municipality=municipality, name=name, cbs_code=code)
    db.session.commit()
    return municipality


def measured(data: bytes, **options):
    """Import `data`; return the report, the seconds it took and the peak of memory that
    Python allocated meanwhile, in MB."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        report = run(data, filename=options.pop("filename", "bom.xlsx"), **options)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    return report, seconds, peak


# Before the fix a 1.6 kB file that declared A1:XFD20000 took 13 s and 2.6 GB.
QUICK_SECONDS = 10  # generous for a busy machine; the files below take well under a second
SMALL_MB = 40


# --- xlsx -----------------------------------------------------------------------------------


def test_xlsx_that_declares_a_huge_range_is_read_by_its_real_cells(app, testdorp):
    # The sheet declares A1:XFD20000 and has a source note at the bottom: openpyxl made
    # every row up to the note 16,384 cells wide (13 s and 2.6 GB for a 2 kB file).
    note = f'<row r="20000">{sheet_cell("A20000", "Bron: CBS")}</row>'
    data = xlsx_file(kwb_sheet_rows() + note, dimension="A1:XFD20000")
    assert len(data) < 3000
    report, seconds, peak = measured(data, level="wijk")
    assert report.ok, errors(report)
    assert report.imported == 3
    assert seconds < QUICK_SECONDS and peak < SMALL_MB, (seconds, peak)


def test_xlsx_with_a_huge_sparse_range_is_refused_quickly(app, testdorp):
    corner = f'<row r="1048576">{sheet_cell("XFD1048576", 1)}</row>'
    data = xlsx_file(kwb_sheet_rows() + corner, dimension="A1:XFD1048576")
    before = snapshot()
    report, seconds, peak = measured(data, level="wijk")
    assert "The file has more than 50000 lines" in errors(report)
    assert "only the rows of your municipality" in errors(report)
    assert seconds < QUICK_SECONDS and peak < SMALL_MB, (seconds, peak)
    assert snapshot() == before


def test_xlsx_with_a_value_in_the_last_column_is_refused(app, testdorp):
    rows = kwb_sheet_rows().replace("</row>", sheet_cell("XFD1", "x") + "</row>", 1)
    report, seconds, peak = measured(xlsx_file(rows, dimension="A1:XFD6"), level="wijk")
    assert "Line 1 has more than 500 filled columns" in errors(report)
    assert seconds < QUICK_SECONDS and peak < SMALL_MB, (seconds, peak)


def test_xlsx_row_of_cells_without_addresses_is_refused_before_it_is_read(app):
    # Cells without an address are numbered one after the other; openpyxl builds the whole
    # row (some 500 bytes a cell: a million cells, half a gigabyte) before anyone sees it.
    # Random styles keep the zip from packing so tightly that the ratio alone refuses it.
    rng = random.Random(1)
    row = "".join(f'<c s="{rng.randrange(10**6)}"/>' for _ in range(200_000))
    data = xlsx_file(f'<row r="1">{row}</row>')
    report, seconds, peak = measured(data)
    assert "row 1 has more cells than a sheet has columns" in errors(report)
    assert seconds < QUICK_SECONDS and peak < SMALL_MB, (seconds, peak)


def test_zip_bomb_in_an_xlsx_is_refused_before_anything_is_unpacked(app, testdorp):
    data = xlsx_file(kwb_sheet_rows(), extra_parts=[("xl/media/image1.bin", bytes(50 * MB))])
    assert len(data) < MB // 10
    report, seconds, peak = measured(data, level="wijk")
    assert "unpacks to more than 100 times its size" in errors(report)
    assert seconds < QUICK_SECONDS and peak < SMALL_MB, (seconds, peak)


def test_xlsx_that_unpacks_to_more_than_the_limit_is_refused(app, testdorp, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 4000)
    report = run(xlsx_file(kwb_sheet_rows()), level="wijk")
    assert "The Excel file unpacks to more than 0 MB" in errors(report)


def test_xlsx_with_a_large_part_besides_the_sheet_is_refused(app, testdorp, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 1000)
    strings = '<sst xmlns="x">' + "<si><t>Dorpskern</t></si>" * 100 + "</sst>"
    data = xlsx_file(kwb_sheet_rows(), extra_parts=[("xl/sharedStrings.xml", strings)])
    assert "A part of the Excel file other than the sheet" in errors(run(data, level="wijk"))


def test_xlsx_of_thousands_of_parts_is_refused_before_its_directory_is_read(app):
    parts = [(f"xl/media/{n}.txt", "") for n in range(1200)]
    report = run(xlsx_file(kwb_sheet_rows(), extra_parts=parts))
    assert "The Excel file holds more than 1000 parts" in errors(report)


def test_xlsx_with_more_cells_than_the_limit_is_refused(app, testdorp, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 50)
    report = run(xlsx_file(kwb_sheet_rows()), level="wijk")
    assert "The file has more than 50 filled cells" in errors(report)


def test_xlsx_with_an_entity_bomb_is_refused(app):
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    )
    rows = kwb_sheet_rows().replace("<t>Testdorp</t>", "<t>&d;</t>")
    report = run(xlsx_file(rows, prologue=laughs))
    assert "The Excel file could not be opened" in errors(report)


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 100,
        xlsx_file(kwb_sheet_rows())[:-40],  # cut off: no central directory
        xlsx_file('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'),  # a text that is not there
        xlsx_file('<row r="1"><c r="A1"><v>1</v></row>'),  # a cell that is not closed
    ],
    ids=["not-a-zip", "cut-off", "missing-shared-text", "broken-xml"],
)
def test_damaged_xlsx_gets_the_plain_message(app, data):
    assert "The Excel file could not be opened" in errors(run(data))


# --- CSV ------------------------------------------------------------------------------------


CSV_HEADER = KWB_CSV.splitlines()[0].encode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\n" + b";" * (2 * MB) + b"\n", "Line 2 is longer than 100000 characters"),
        # A quote that is never closed swallows the lines after it into one record.
        (b'\nWK880101;"' + b"4000\n" * 30_000, "Line 2 is longer than 100000 characters"),
        # Beyond csv's own field limit (131,072), which raised csv.Error: a 500.
        (b'\nWK880101;"' + b"x" * 200_000 + b'"\n', "Line 2 is longer than 100000 characters"),
        (b"\n" * (5 * MB), "The file has more than 50000 lines"),
        (b"\n" + b"1;" * 600 + b"\n", "Line 2 has more than 500 filled columns"),
    ],
    ids=["long-line", "unclosed-quote", "huge-field", "empty-lines", "wide-row"],
)
def test_csv_beyond_the_limits_is_refused_quickly(app, testdorp, body, message):
    before = snapshot()
    report, seconds, peak = measured(CSV_HEADER + body, filename="bom.csv", level="wijk")
    assert message in errors(report)
    assert seconds < QUICK_SECONDS and peak < SMALL_MB, (seconds, peak)
    assert snapshot() == before


def test_csv_with_more_cells_than_the_limit_is_refused(app, testdorp, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 50)
    assert "The file has more than 50 filled cells" in errors(run(kwb_bytes(), level="wijk"))


def test_csv_with_lines_ended_by_a_carriage_return_only_is_imported(app, testdorp):
    # Saved on an old Mac; csv refused it with an error nobody caught (a 500).
    report = run(KWB_CSV.replace("\n", "\r").encode("cp1252"), level="wijk")
    assert report.ok, errors(report)
    assert report.imported == 3


def test_a_column_name_of_thousands_of_characters_is_refused(app):
    data = b"gwb_code_10;" + b"a" * 5000 + b"\nWK880101;1\n"
    assert "A column name is longer than 100 characters" in errors(run(data))


# --- GeoJSON structure ----------------------------------------------------------------------


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def buurt(properties=None, geometry=None, **extra) -> dict:
    return {
        "type": "Feature",
        "properties": {"buurtcode": "BU88010100", "buurtnaam": "Kerkbuurt", **(properties or {})},
        "geometry": geometry,
        **extra,
    }


def as_bytes(document) -> bytes:
    return json.dumps(document).encode() if not isinstance(document, bytes) else document


BAD_GEOJSON = {
    "features-of-numbers": ({"features": [1]}, "not a GeoJSON FeatureCollection"),
    "collection-of-numbers": (collection(1), "Region 1 of the GeoJSON file is not a Feature"),
    "feature-is-text": (collection(buurt(), "x"), "Region 2 of the GeoJSON file is not a Feature"),
    "feature-is-null": (collection(None), "Region 1 of the GeoJSON file is not a Feature"),
    "features-is-an-object": (
        {"type": "FeatureCollection", "features": {"a": 1}},
        "has no regions (features)",
    ),
    "top-level-list": ([buurt()], "not a GeoJSON FeatureCollection"),
    "properties-are-a-list": (
        collection({"type": "Feature", "properties": [1, 2], "geometry": None}),
        "The properties of region 1 of the GeoJSON file are not an object",
    ),
    "property-is-an-object": (
        collection(buurt({"aantal_inwoners": {"a": [1]}})),
        "Property aantal_inwoners of region 1 holds a list or an object",
    ),
    "point-geometry": (
        collection(buurt(geometry={"type": "Point", "coordinates": [5.2, 52.1]})),
        "The boundary of region 1 is not a Polygon or MultiPolygon",
    ),
    "geometry-is-text": (
        collection(buurt(geometry="POLYGON((0 0, 1 1))")),
        "The boundary of region 1 is not a Polygon or MultiPolygon",
    ),
    "coordinates-are-text": (
        collection(buurt(geometry={"type": "Polygon", "coordinates": [[["5.2", "52.1"]]]})),
        "The boundary of region 1 is damaged",
    ),
    "coordinates-too-shallow": (
        collection(buurt(geometry={"type": "MultiPolygon", "coordinates": [[5.2, 52.1]]})),
        "The boundary of region 1 is damaged",
    ),
    "not-a-number": (
        b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        b'{"buurtcode":"BU88010100","aantal_inwoners":NaN},"geometry":null}]}',
        "The GeoJSON file is damaged",
    ),
    "number-of-5000-digits": (
        b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        b'{"buurtcode":"BU88010100","aantal_inwoners":' + b"9" * 5000 + b"}}]}",
        "The GeoJSON file is damaged",
    ),
    "deep-lists": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "deep-objects": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
    "millions-of-empty-objects": (
        b'{"type":"FeatureCollection","features":[' + b"{}," * 3_000_000 + b"{}]}",
        "more than 3000000 lists and objects",
    ),
}


@pytest.mark.parametrize("kind", BAD_GEOJSON)
def test_badly_built_geojson_gets_a_clear_report_and_changes_nothing(app, kind):
    document, message = BAD_GEOJSON[kind]
    before = snapshot()
    report, seconds, peak = measured(
        as_bytes(document), filename="bad.geojson", year=2024, create_missing=True
    )
    assert message in errors(report)
    assert seconds < QUICK_SECONDS and peak < 60, (seconds, peak)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_ROWS", 20, "more than 20 regions (features)"),
        ("MAX_POINTS", 1000, "more than 1000 boundary points"),
        ("MAX_POINTS_PER_REGION", 500, "The boundary of region 15 has more than 500 points"),
        ("MAX_COLUMNS", 200, "Region 1 has more than 200 properties"),
        ("MAX_CELLS", 2000, "The file has more than 2000 filled cells"),
    ],
)
def test_geojson_beyond_a_limit_is_refused(app, monkeypatch, limit, value, message):
    monkeypatch.setattr(limits, limit, value)
    report = run(BAARN_GEOJSON.read_bytes(), year=2024, create_missing=True, level="buurt")
    assert message in errors(report)
    assert snapshot()["neighbourhoods"] == 0


def test_region_names_of_control_characters_or_thousands_of_letters_are_cleaned(app):
    # A name of control characters only became an empty name, which creating the
    # neighbourhood refused with an error nobody caught; a municipality name over 100
    # characters did not fit its column on PostgreSQL.
    document = collection(
        buurt({"buurtnaam": "\u0001\u0002", "gemeentenaam": "G" * 5000}),
        buurt({"buurtcode": "BU88010101", "buurtnaam": "Kerk\u202ebuurt"}),
    )
    report = run(as_bytes(document), year=2024, create_missing=True, level="buurt")
    assert report.ok, errors(report)
    names = set(db.session.scalars(select(Neighbourhood.name)))
    assert names == {"BU88010100", "Kerk buurt"}
    assert db.session.scalar(select(Municipality.name)) == "G" * 100


def test_a_municipality_code_that_is_no_code_is_taken_from_the_region_code(app):
    document = collection(buurt({"gemeentecode": "Testdorp"}))
    report = run(as_bytes(document), year=2024, create_missing=True, level="buurt")
    assert report.ok, errors(report)
    assert db.session.scalar(select(Municipality.cbs_code)) == "GM8801"


def test_only_the_shape_of_a_boundary_is_stored(app):
    polygon = {"type": "Polygon", "coordinates": [[[5, 52], [5.1, 52], [5, 52.1], [5, 52]]]}
    document = collection(buurt(geometry={**polygon, "crs": {"deep": [[[[1]]]]}}))
    assert run(as_bytes(document), year=2024, create_missing=True, level="buurt").ok
    assert json.loads(db.session.scalar(select(Neighbourhood.boundary_geojson))) == polygon


def test_a_figure_too_large_to_be_true_is_a_problem_not_a_number(app):
    document = collection(buurt({"aantal_inwoners": 1e300}))
    report = run(as_bytes(document), year=2024, create_missing=True, level="buurt")
    assert "aantal_inwoners has '1e+300', which is not a number" in errors(report)


# --- The page and the command line ----------------------------------------------------------


def post_file(client, url: str, data: bytes, name: str, **fields):
    """POST a form with a file, the body made in memory: the test client would spool a large
    body to a temporary file it never closes."""
    values = {**fields, "file": FileStorage(io.BytesIO(data), filename=name)}
    boundary, body = encode_multipart(values)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, data: bytes, name="kwb-2023.csv", **fields):
    fields = {"year": "2023", "level": "wijk", **fields}
    return post_file(client, "/admin/profiles/", data, name, **fields)


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("kind", ["features-of-numbers", "feature-is-text", "deep-lists"])
def test_badly_built_geojson_on_the_page_gets_the_report_not_a_500(client, app, login, kind):
    login(admin())
    response = upload(client, as_bytes(BAD_GEOJSON[kind][0]), name="wijken.geojson")
    assert response.status_code == 422
    assert "Er is niets ingelezen" in text_of(response)


@pytest.mark.parametrize("kind", ["features-of-numbers", "property-is-an-object", "deep-lists"])
def test_badly_built_geojson_on_the_command_line_exits_1_with_the_message(app, tmp_path, kind):
    document, message = BAD_GEOJSON[kind]
    path = tmp_path / "wijken.geojson"
    path.write_bytes(as_bytes(document))
    args = ["profiles", "import", str(path), "--year", "2024", "--create-missing"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert message in result.output


def test_import_page_states_its_upload_limit(client, app, login):
    login(admin())
    assert "Maximaal 30 MB" in text_of(client.get("/admin/profiles/"))


def test_file_over_the_site_limit_of_5_mb_is_imported_on_the_import_page(client, app, login):
    login(admin())
    testdorp = MunicipalityFactory(name="Testdorp", cbs_code="GM8801")
    for code in ("WK880101", "WK880102"):
        NeighbourhoodFactory(municipality=testdorp, cbs_code=code)
    # Rows of another municipality, passed over: only the size matters here.
    others = "".join(
        f"WK77{n % 10000:04d};77{n:04d};Elders {'x' * 60};Ergens;Wijk;WK77{n % 10000:04d};1;"
        "100;50;50;10;10;50;20;2,0;5,0;1;50;5,0;200;1\n"
        for n in range(40_000)
    )
    data = kwb_bytes(KWB_CSV + others)
    assert 5 * MB < len(data) < MAX_UPLOAD_BYTES
    response = upload(client, data, level="")
    assert response.status_code == 200, text_of(response)[:500]
    assert "De cijfers zijn ingelezen" in text_of(response)
    assert db.session.scalar(select(func.count(AreaProfile.id))) == 3


def test_file_of_exactly_30_mb_is_read_and_one_byte_more_is_refused(client, app, login):
    login(admin())
    at_limit = upload(client, b"x" * MAX_UPLOAD_BYTES)
    assert at_limit.status_code == 422
    assert "Er is niets ingelezen" in text_of(at_limit)  # read: it has only one column
    over = upload(client, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert over.status_code == 422
    page = text_of(over)
    assert "Het bestand is groter dan 30 MB" in page
    assert "Er is niets ingelezen" not in page  # refused beside the field, not read


def test_request_far_over_the_upload_limit_gets_the_413_page_that_states_it(client, app, login):
    login(admin())
    response = upload(client, b"x" * (MAX_UPLOAD_BYTES + MB))
    assert response.status_code == 413
    page = text_of(response)
    assert "Het bestand is groter dan 30 MB" in page
    assert "flask profiles import" in page


def test_other_pages_keep_the_site_limit_of_5_mb(client, app):
    def post(size: int):
        data = b"x" * size
        return post_file(client, "/account/login", data, "a.txt", email="a@b.nl", password="x")

    assert post(4 * MB).status_code != 413
    response = post(6 * MB)
    assert response.status_code == 413
    page = text_of(response)
    assert "Maak de tekst of het bestand kleiner" in page
    assert "30 MB" not in page


def test_command_refuses_a_file_over_its_maximum_without_reading_it(app, tmp_path):
    path = tmp_path / "heel-nederland.csv"
    with path.open("wb") as file:
        file.truncate(profiles.MAX_FILE_BYTES + 1)  # sparse: nothing is written to disk
    result = app.test_cli_runner().invoke(args=["profiles", "import", str(path), "--year", "2023"])
    assert result.exit_code == 1
    assert "The file is larger than 50 MB" in result.output


def test_import_refuses_data_over_the_maximum_from_any_caller(app, monkeypatch):
    from wijkplatform.neighbourhoods.profiles import importing

    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    assert "The file is larger than 0 MB" in errors(run(kwb_bytes()))


def test_a_region_that_is_in_the_file_twice_is_named_and_nothing_is_imported(app, testdorp):
    # Found by test_import_fuzzing: the second profile broke a unique constraint (a 500).
    twice = KWB_CSV + KWB_CSV.splitlines()[3] + "\n"
    before = snapshot()
    report = run(kwb_bytes(twice), level="wijk")
    assert (
        "WK880101: this region is in the file more than once (first at line or feature 4)"
        in errors(report)
    )
    assert snapshot() == before
