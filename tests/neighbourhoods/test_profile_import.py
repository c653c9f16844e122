"""Importing CBS figures: the three forms, bad files that change nothing, re-imports."""

from __future__ import annotations

import io
import json

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.factories import MunicipalityFactory, NeighbourhoodFactory
from tests.neighbourhoods.cbs_fixtures import (
    BAARN_GEOJSON,
    KWB_CSV,
    STATLINE_CSV,
    kwb_bytes,
    replace_cell,
)
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.indicators import Status
from wijkplatform.neighbourhoods.models import (
    AreaProfile,
    IndicatorValue,
    Municipality,
    Neighbourhood,
)
from wijkplatform.neighbourhoods.profiles import FAILED, IMPORTED, SKIPPED, import_profiles


def run(data: bytes, *, year=2023, commit=True, **options):
    """Import like the command and the page do: commit when fine, roll back otherwise."""
    report = import_profiles(
        data, filename=options.pop("filename", "test.csv"), year=year, **options
    )
    if report.ok and commit:
        db.session.commit()
    else:
        db.session.rollback()
    return report


def text(message) -> str:
    with force_locale("en"):
        return str(message)


def errors(report) -> str:
    with force_locale("en"):
        return " | ".join(
            [str(e) for e in report.errors]
            + [f"{r.code}: {r.reason}" for r in report.regions if r.outcome == FAILED]
        )


def snapshot():
    """Everything an import may change, to prove a bad file changed nothing."""
    return {
        "municipalities": db.session.scalar(select(func.count(Municipality.id))),
        "neighbourhoods": db.session.scalar(select(func.count(Neighbourhood.id))),
        "boundaries": db.session.scalar(
            select(func.count(Neighbourhood.id)).where(Neighbourhood.boundary_geojson.is_not(None))
        ),
        "profiles": sorted(
            (p.year, p.region_code, p.source_file) for p in db.session.scalars(select(AreaProfile))
        ),
        "values": sorted(
            (v.profile_id, v.key, v.status, v.value)
            for v in db.session.scalars(select(IndicatorValue))
        ),
    }


def value(year: int, code: str, key: str) -> IndicatorValue:
    return db.session.scalar(
        select(IndicatorValue)
        .join(AreaProfile)
        .where(AreaProfile.year == year, AreaProfile.region_code == code, IndicatorValue.key == key)
    )


@pytest.fixture
def testdorp():
    """Municipality GM8801 with its two wijken on the platform (matching the kwb test data)."""
    municipality = MunicipalityFactory(name="Testdorp", cbs_code="GM8801")
    kern = NeighbourhoodFactory(
        municipality=municipality, name="Dorpskern", slug="dorpskern", cbs_code="WK880101"
    )
    hoek = NeighbourhoodFactory(
        municipality=municipality, name="Zuidwesthoek", slug="zuidwesthoek", cbs_code="WK880102"
    )
    db.session.commit()
    return municipality, kern, hoek


# --- PDOK GeoJSON (real file) ---------------------------------------------------------------


def test_baarn_geojson_creates_municipality_and_21_buurten_with_boundaries(app):
    report = run(
        BAARN_GEOJSON.read_bytes(),
        year=2024,
        filename=BAARN_GEOJSON.name,
        create_missing=True,
        level="buurt",
    )
    assert report.ok, errors(report)
    assert report.imported == 21 and report.source == "pdok"
    baarn = db.session.scalar(select(Municipality).where(Municipality.cbs_code == "GM0308"))
    assert baarn.name == "Baarn"
    neighbourhoods = db.session.scalars(
        select(Neighbourhood).where(Neighbourhood.municipality_id == baarn.id)
    ).all()
    assert len(neighbourhoods) == 21
    assert all(n.cbs_code.startswith("BU0308") for n in neighbourhoods)
    for neighbourhood in neighbourhoods:
        boundary = json.loads(neighbourhood.boundary_geojson)
        assert boundary["type"] == "Polygon" and boundary["coordinates"][0]
    centrum = next(n for n in neighbourhoods if n.cbs_code == "BU03080000")
    assert centrum.name == "Centrum"
    assert value(2024, "BU03080000", "inhabitants").value == 1825
    assert value(2024, "BU03080000", "households_with_children_pct").value == 17


def test_baarn_sentinels_are_stored_as_secret_or_missing_without_a_number(app):
    run(BAARN_GEOJSON.read_bytes(), year=2024, create_missing=True, level="buurt")
    secret = value(2024, "BU03080401", "households_with_children_pct")  # -99997 in the file
    assert secret.status == Status.SECRET and secret.value is None
    missing = value(2024, "BU03080000", "social_minimum_households_pct")  # -99995
    assert missing.status == Status.MISSING and missing.value is None
    assert db.session.scalar(select(func.min(IndicatorValue.value))) >= 0
    extra = db.session.scalar(
        select(AreaProfile.extra).where(AreaProfile.region_code == "BU03080000")
    )
    assert extra["mannen"] == 910
    assert extra["geboorte_totaal"] is None  # sentinel kept out of the extra columns too


def test_baarn_geojson_without_create_missing_and_no_neighbourhoods_is_refused(app):
    before = snapshot()
    report = run(BAARN_GEOJSON.read_bytes(), year=2024)
    assert not report.ok
    assert "No region in this file matches" in errors(report)
    assert snapshot() == before


def test_baarn_geojson_fills_a_missing_boundary_of_an_existing_neighbourhood(app):
    baarn = MunicipalityFactory(name="Baarn", cbs_code="GM0308")
    NeighbourhoodFactory(municipality=baarn, name="Centrum", slug="centrum", cbs_code="BU03080000")
    db.session.commit()
    report = run(BAARN_GEOJSON.read_bytes(), year=2024, level="buurt")
    # The other 20 buurten are in a municipality on the platform but have no neighbourhood.
    assert not report.ok
    assert report.failed == 20
    report = run(BAARN_GEOJSON.read_bytes(), year=2024, level="buurt", create_missing=True)
    assert report.ok, errors(report)
    assert report.boundaries_added == 1
    assert len(report.created_neighbourhoods) == 20


def test_year_that_differs_from_the_year_in_the_file_is_refused(app):
    report = run(BAARN_GEOJSON.read_bytes(), year=2023, create_missing=True)
    assert "figures for 2024, not for 2023" in errors(report)
    assert snapshot()["neighbourhoods"] == 0


def test_level_wijk_on_a_buurt_file_is_refused(app):
    report = run(BAARN_GEOJSON.read_bytes(), year=2024, create_missing=True, level="wijk")
    assert "no wijk rows" in errors(report)
    assert snapshot()["neighbourhoods"] == 0


# --- kwb table ------------------------------------------------------------------------------


def test_kwb_csv_in_windows_1252_with_decimal_commas_is_imported(app, testdorp):
    report = run(kwb_bytes(), level="wijk")
    assert report.ok, errors(report)
    assert report.encoding == "cp1252" and report.source == "kwb"
    outcomes = {r.code: r.outcome for r in report.regions}
    assert outcomes == {
        "NL00": SKIPPED,
        "GM8801": IMPORTED,
        "WK880101": IMPORTED,
        "WK880102": IMPORTED,
        "BU88010100": SKIPPED,
    }
    assert value(2023, "WK880101", "household_size").value == pytest.approx(1.9)
    assert value(2023, "WK880101", "social_minimum_households_pct").value == pytest.approx(20.4)
    assert value(2023, "WK880101", "wmo_clients_per_1000").value == pytest.approx(120.5)
    # Counts become shares of the same row's inhabitants and households.
    assert value(2023, "WK880101", "age_0_14_pct").value == pytest.approx(10.0)
    assert value(2023, "WK880101", "one_person_households_pct").value == pytest.approx(57.1)
    assert value(2023, "WK880101", "social_assistance_per_1000").value == pytest.approx(60.0)
    assert value(2023, "GM8801", "inhabitants").value == 10000
    assert value(2023, "WK880102", "average_home_value").status == Status.SECRET
    profile = db.session.scalar(select(AreaProfile).where(AreaProfile.region_code == "WK880102"))
    assert profile.region_name == "Súdwesthoek"
    assert profile.extra == {"a_man": 3000, "a_vrouw": 3000, "ste_mvs": 5}


def test_kwb_secret_marker_is_stored_without_a_number(app, testdorp):
    run(kwb_bytes(), level="wijk")
    secret = value(2023, "WK880101", "youth_care_pct")
    assert secret.status == Status.SECRET and secret.value is None


def test_kwb_in_utf8_with_bom_and_comma_separator_is_imported(app, testdorp):
    # Comma-separated files use a decimal point (no decimal commas to collide with).
    comma_text = KWB_CSV.replace(",", ".").replace(";", ",")
    report = run(comma_text.encode("utf-8-sig"))
    assert report.ok, errors(report)
    assert report.encoding == "utf-8-sig"
    assert value(2023, "WK880101", "household_size").value == pytest.approx(1.9)


def test_kwb_xlsx_is_imported(app, testdorp):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in KWB_CSV.splitlines():
        cells = line.split(";")
        sheet.append([_excel_cell(c) for c in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), filename="kwb-2023.xlsx", level="wijk")
    assert report.ok, errors(report)
    assert report.encoding == "xlsx"
    assert value(2023, "WK880101", "social_minimum_households_pct").value == pytest.approx(20.4)
    assert value(2023, "WK880101", "youth_care_pct").status == Status.SECRET


def _excel_cell(cell: str):
    try:
        return float(cell.replace(",", ".")) if cell[:1].isdigit() else cell
    except ValueError:
        return cell


def test_kwb_with_create_missing_makes_wijken_with_names_from_the_file(app):
    report = run(kwb_bytes(), create_missing=True, level="wijk")
    assert report.ok, errors(report)
    testdorp = db.session.scalar(select(Municipality).where(Municipality.cbs_code == "GM8801"))
    assert testdorp.name == "Testdorp"
    names = sorted(n.name for n in testdorp.neighbourhoods)
    assert names == ["Dorpskern", "Súdwesthoek"]
    assert {n.slug for n in testdorp.neighbourhoods} == {"dorpskern", "sudwesthoek"}


def test_kwb_with_create_missing_at_buurt_level_makes_buurten(app):
    report = run(kwb_bytes(), create_missing=True, level="buurt")
    assert report.ok, errors(report)
    assert [n.cbs_code for n in db.session.scalars(select(Neighbourhood))] == ["BU88010100"]


# --- StatLine -------------------------------------------------------------------------------


def test_statline_csv_with_padded_codes_and_numbered_columns_is_imported(app, testdorp):
    report = run(STATLINE_CSV.encode(), filename="85984NED.csv")
    assert report.ok, errors(report)
    assert report.source == "statline"
    assert report.imported == 3
    assert value(2023, "WK880101", "inhabitants").value == 4000
    assert value(2023, "WK880101", "wmo_clients_per_1000").value == 120
    assert value(2023, "WK880101", "household_size").value == pytest.approx(1.9)
    assert value(2023, "WK880101", "age_0_14_pct").value == pytest.approx(10.0)
    assert value(2023, "WK880102", "social_minimum_households_pct").status == Status.MISSING
    assert value(2023, "WK880102", "wmo_clients_per_1000").status == Status.SECRET
    profile = db.session.scalar(select(AreaProfile).where(AreaProfile.region_code == "GM8801"))
    assert profile.region_name == "Testdorp"
    assert profile.extra == {"WmoClienten_98": 800, "MateVanStedelijkheid_122": 4}


# --- Bad files change nothing ---------------------------------------------------------------


@pytest.fixture
def imported_once(app, testdorp):
    """A good import for 2023 first, so 'nothing changed' is about real data."""
    assert run(kwb_bytes(), level="wijk").ok
    return snapshot()


BAD_FILES = {
    "undecodable": (
        b"gwb_code_10;a_inw\r\nWK880101;\x81\x8d\x90\x00\r\n",
        "could not be read as text",
    ),
    "no_region_code_column": (
        b"regio;a_inw;p_hh_osm\nDorpskern;4000;20,4\n",
        "no column with region codes",
    ),
    "codes_nowhere": (
        b"gwb_code_10;a_inw\nDorpskern;4000\n",
        "no column with region codes",
    ),
    "not_cbs_at_all": (b"naam;adres\nPiet;Kerkstraat 1\n", "no CBS columns"),
    "non_numeric_value": (
        kwb_bytes(replace_cell(KWB_CSV, "WK880101", "p_hh_osm", "veel")),
        "p_hh_osm has 'veel', which is not a number",
    ),
    "region_without_neighbourhood": (
        kwb_bytes(KWB_CSV.replace("WK880102", "WK880109")),
        "no neighbourhood on the platform has this code",
    ),
    "empty": (b"", "empty"),
    "broken_geojson": (b'{"type": "FeatureCollection", "features": [', "damaged"),
    "only_one_column": (b"gwb_code_10\nWK880101\n", "only one column"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_file_gets_a_clear_report_and_changes_nothing(app, imported_once, kind):
    data, message = BAD_FILES[kind]
    report = run(data, level="wijk")
    assert not report.ok
    assert message in errors(report)
    assert snapshot() == imported_once


def test_bad_file_with_create_missing_creates_nothing(app):
    before = snapshot()
    data = kwb_bytes(replace_cell(KWB_CSV, "WK880102", "a_inw", "x1"))
    report = run(data, create_missing=True, level="wijk")
    assert not report.ok
    assert snapshot() == before


def test_a_bad_value_in_a_region_of_another_municipality_does_not_block(app, testdorp):
    other = (
        KWB_CSV + "WK990201;990201;Elders;Ergens;Wijk;WK990201;1;onzin;.;.;.;.;.;.;.;.;.;.;.;.;.\n"
    )
    report = run(kwb_bytes(other), level="wijk")
    assert report.ok, errors(report)
    assert {r.code: r.outcome for r in report.regions}["WK990201"] == SKIPPED


# --- Years ----------------------------------------------------------------------------------


def test_reimporting_a_year_replaces_it_and_keeps_other_years(app, testdorp):
    assert run(kwb_bytes(), year=2022).ok
    assert run(kwb_bytes(), year=2023).ok
    changed = replace_cell(KWB_CSV, "WK880101", "p_hh_osm", "18,0")
    report = run(kwb_bytes(changed), year=2023)
    assert report.ok and report.replaced == 3
    assert value(2023, "WK880101", "social_minimum_households_pct").value == pytest.approx(18.0)
    assert value(2022, "WK880101", "social_minimum_households_pct").value == pytest.approx(20.4)
    years = db.session.scalars(
        select(AreaProfile.year).where(AreaProfile.region_code == "WK880101").order_by("year")
    ).all()
    assert years == [2022, 2023]
    count = db.session.scalar(
        select(func.count(IndicatorValue.id))
        .join(AreaProfile)
        .where(AreaProfile.year == 2023, AreaProfile.region_code == "WK880101")
    )
    assert count == len({*value_keys()})


def value_keys():
    return db.session.scalars(
        select(IndicatorValue.key)
        .join(AreaProfile)
        .where(AreaProfile.year == 2022, AreaProfile.region_code == "WK880101")
    ).all()


def test_year_out_of_range_is_refused(app, testdorp):
    report = run(kwb_bytes(), year=1850)
    assert "Choose a year" in errors(report)


def test_import_is_logged_with_who_and_what(app, testdorp, caplog):
    with caplog.at_level("INFO", logger="wijkplatform.neighbourhoods.profiles"):
        run(kwb_bytes(), level="wijk")
    assert "system imported 3 area profiles for 2023" in caplog.text


def test_report_summary_reads_well(app, testdorp):
    report = run(kwb_bytes(), level="wijk")
    with force_locale("en"):
        lines = report.summary_lines()
    assert lines[0] == "Year 2023: imported 3 regions, skipped 2."
    assert text(report.regions[0].reason) == "not a municipality, wijk or buurt code"
