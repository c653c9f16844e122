"""Indicator keys, column matching and reading single cells (pure functions)."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from wijkplatform.core.errors import DomainError
from wijkplatform.neighbourhoods.importer import decode, parse_number, read_cell
from wijkplatform.neighbourhoods.indicators import (
    INDICATORS,
    MISSING,
    SECRET,
    SOURCE_COLUMNS,
    Reading,
    Source,
    Status,
    match_column,
    scale_readings,
)


def test_every_source_column_maps_to_a_known_indicator_key():
    for columns in SOURCE_COLUMNS.values():
        for column in columns.values():
            assert column.key in INDICATORS


def test_every_indicator_has_unit_category_and_label_in_both_languages(app):
    for indicator in INDICATORS.values():
        assert indicator.unit and indicator.category
        with force_locale("en"):
            english = str(indicator.label)
        with force_locale("nl"):
            dutch = str(indicator.label)
        assert english and dutch and english != dutch, indicator.key


@pytest.mark.parametrize(
    "column", ["WmoClientenRelatief_99", "WmoClientenRelatief_82", "wmoclientenrelatief"]
)
def test_statline_columns_match_whatever_their_numeric_suffix(column):
    assert match_column(Source.STATLINE, column).key == "wmo_clients_per_1000"


def test_kwb_codes_that_end_in_digits_match_exactly_first():
    assert match_column(Source.KWB, "a_00_14").key == "age_0_14_pct"
    assert match_column(Source.KWB, "a_65_oo").key == "age_65_plus_pct"


def test_unknown_columns_match_nothing():
    assert match_column(Source.KWB, "ste_mvs") is None
    assert match_column(Source.PDOK, "water") is None


@pytest.mark.parametrize(
    ("text", "number"),
    [("1,7", 1.7), ("1.7", 1.7), ("12", 12.0), ("1.234,5", 1234.5), (" 20,4 ", 20.4), ("-3", -3)],
)
def test_numbers_with_decimal_commas_or_points(text, number):
    assert parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["abc", "12a", "1,2,3", "--1"])
def test_text_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("cell", "reading"),
    [
        (".", SECRET),
        ("", MISSING),
        (None, MISSING),
        (-99997, SECRET),
        (-99997.0, SECRET),
        (-99995, MISSING),
        (-99999999, MISSING),
        (-99999997, SECRET),
        ("2,5", Reading(Status.OK, 2.5)),
        (0, Reading(Status.OK, 0.0)),
    ],
)
def test_markers_and_sentinels_are_secret_or_missing_never_a_number(cell, reading):
    assert read_cell(cell) == reading


def test_a_reading_cannot_be_secret_and_carry_a_number():
    with pytest.raises(ValueError):
        Reading(Status.SECRET, 3.0)


def test_counts_become_shares_of_the_same_rows_inhabitants_and_households():
    values = scale_readings(
        Source.KWB,
        {
            "a_inw": Reading(Status.OK, 4000),
            "a_00_14": Reading(Status.OK, 400),
            "a_hh": Reading(Status.OK, 2000),
            "a_1p_hh": Reading(Status.OK, 1000),
            "a_soz_wb": Reading(Status.OK, 240),
            "a_65_oo": SECRET,
        },
    )
    assert values["age_0_14_pct"][0].value == 10.0
    assert values["one_person_households_pct"][0].value == 50.0
    assert values["social_assistance_per_1000"][0].value == 60.0
    assert values["age_65_plus_pct"][0] == SECRET


def test_a_share_without_inhabitants_is_missing_not_invented():
    values = scale_readings(Source.KWB, {"a_inw": SECRET, "a_00_14": Reading(Status.OK, 10)})
    assert values["age_0_14_pct"][0] == MISSING


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("gwb_code;regio\nGM0001;Súdwest\n".encode(), "utf-8"),
        ("gwb_code;regio\nGM0001;Súdwest\n".encode("utf-8-sig"), "utf-8-sig"),
        ("gwb_code;regio\nGM0001;Súdwest\n".encode("cp1252"), "cp1252"),
        ("gwb_code;regio\nGM0001;Súdwest\n".encode("utf-16"), "utf-16"),
    ],
)
def test_text_in_the_usual_encodings_is_read(data, encoding):
    text, found = decode(data)
    assert "Súdwest" in text
    assert found == encoding


def test_bytes_in_no_known_encoding_give_a_clear_error(app):
    with pytest.raises(DomainError) as error:
        decode(b"gwb_code;regio\nGM0001;\x81\x8d\x00\x90\n")
    with force_locale("en"):
        assert "UTF-8" in str(error.value.message)
    assert error.value.field == "file"
