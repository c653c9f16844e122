"""Reading CBS "Kerncijfers wijken en buurten" files into regions with readings.

Pure reading: bytes in, a `ParsedFile` out, no database. `profiles.import_profiles` decides
what to store. Handles the kwb-YYYY table (CSV or xlsx), a StatLine CSV export and the PDOK
GeoJSON; utf-8 (with or without BOM), utf-16 with BOM and Windows-1252; ';', ',' or tab as
separator; decimal commas; '.' and empty cells for secret or missing figures; PDOK sentinels
such as -99995 (missing) and -99997 (secret).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from wijkplatform.neighbourhoods.indicators import (
    MISSING,
    SECRET,
    Reading,
    Source,
    Status,
    is_region_column,
    match_column,
)

REGION_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
LEVEL_BY_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}

# Column names that carry the region code, best first, per source (lower-case, no suffix).
CODE_COLUMNS = {
    Source.KWB: ["gwb_code_10", "gwb_code"],
    Source.STATLINE: ["wijkenenbuurten", "codering"],
}
NAME_COLUMNS = {Source.KWB: ["regio"], Source.STATLINE: []}
MUNICIPALITY_NAME_COLUMNS = {Source.KWB: ["gm_naam"], Source.STATLINE: ["gemeentenaam"]}

MAX_TEXT = 200  # unknown text columns are kept, but not endlessly


class FileError(Exception):
    """The file as a whole cannot be read; the message says why, in plain words."""

    def __init__(self, message):
        super().__init__(message)  # lazy: rendered in the reader's language later
        self.message = message


@dataclass
class Region:
    number: int  # line in the CSV (header is line 1) or feature number in the GeoJSON
    code: str
    level: str  # "gemeente", "wijk" or "buurt"
    name: str
    municipality_code: str
    municipality_name: str = ""
    readings: dict[str, Reading] = field(default_factory=dict)  # by column, mapped ones only
    extra: dict[str, object] = field(default_factory=dict)  # unknown columns
    boundary: str | None = None
    water: bool = False
    problems: list = field(default_factory=list)  # lazy strings: bad values in this row


@dataclass
class ParsedFile:
    source: Source
    encoding: str
    regions: list[Region]
    skipped: list[tuple[int, str, object]]  # (number, what, reason): rows that are no region
    stated_years: set[int]
    matched_columns: list[str]
    unknown_columns: list[str]


# --- Small readers -------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in. Raises FileError when it is no readable text."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
            break  # control characters: this is not a text file in this encoding
        return text, encoding
    raise FileError(
        _l(
            "The file could not be read as text. Save it as CSV in UTF-8 or Windows-1252 "
            "(in Excel: 'CSV UTF-8'), or upload the GeoJSON or xlsx file as you downloaded it."
        )
    )


def parse_number(text: str) -> float:
    """'1,7' and '1.7' are 1.7; '1.234,5' is 1234.5. Raises ValueError for anything else."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)


def sentinel(value: float) -> Reading | None:
    """PDOK writes -99995 (missing) and -99997 (secret); older files -99999999/-99999997."""
    if value > -99990:
        return None
    return SECRET if int(value) % 10 == 3 else MISSING  # -99997 % 10 == 3 in Python


def read_cell(value) -> Reading:
    """A cell of a mapped column. Raises ValueError when it is no number and no marker."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if text == "":
            return MISSING
        if text in {".", "x", "X", "-", "?"}:
            # CBS: '.' means "secret or not available"; we cannot tell which, so never show it.
            return SECRET
        number = parse_number(text)
    return sentinel(number) or Reading(Status.OK, number)


def extra_cell(value) -> object:
    """A cell of an unknown column, kept as a number or short text; markers become None."""
    try:
        reading = read_cell(value)
    except ValueError:
        return str(value).strip()[:MAX_TEXT]
    if reading.status != Status.OK:
        return None
    number = reading.value
    return int(number) if number.is_integer() else number


def _code_parts(code: str) -> tuple[str, str]:
    level = LEVEL_BY_PREFIX[code[:2]]
    return level, "GM" + code[2:6]


# --- Tables: kwb CSV/xlsx and StatLine CSV ------------------------------------------------


def _detect_table_source(header: list[str]) -> Source:
    names = {h.strip().lower() for h in header}
    bases = {re.sub(r"_\d+$", "", n) for n in names}
    if names & {"gwb_code_10", "gwb_code_8", "gwb_code"}:
        return Source.KWB
    if bases & {"wijkenenbuurten", "codering", "soortregio"}:
        return Source.STATLINE
    kwb = sum(1 for h in header if match_column(Source.KWB, h))
    statline = sum(1 for h in header if match_column(Source.STATLINE, h))
    if kwb == 0 and statline == 0:
        raise FileError(
            _l(
                "This file has no CBS columns we know. Use the kwb table, a StatLine export "
                "of 'Kerncijfers wijken en buurten', or the PDOK GeoJSON."
            )
        )
    raise FileError(
        _l(
            "This file has no column with region codes (such as gwb_code_10, "
            "WijkenEnBuurten or Codering). Keep that column when you save the file."
        )
    )


def _find_column(header: list[str], candidates: list[str]) -> int | None:
    lowered = [re.sub(r"_\d+$", "", h.strip().lower()) for h in header]
    exact = [h.strip().lower() for h in header]
    for candidate in candidates:
        for index, name in enumerate(exact):
            if name == candidate:
                return index
        for index, name in enumerate(lowered):
            if name == candidate:
                return index
    return None


NOT_ON_PLATFORM = _l("municipality is not on the platform")


def parse_table(rows: list[list[object]], encoding: str, wanted=None) -> ParsedFile:
    rows = [row for row in rows if any(str(c).strip() for c in row if c is not None)]
    if not rows:
        raise FileError(_l("The file is empty."))
    header = [str(h or "").strip().strip('"') for h in rows[0]]
    source = _detect_table_source(header)
    data_rows = rows[1:]

    code_index = None
    for candidate in CODE_COLUMNS[source]:
        index = _find_column(header, [candidate])
        if index is not None and any(
            REGION_CODE.match(str(row[index] or "").strip())
            for row in data_rows
            if index < len(row)
        ):
            code_index = index
            break
    if code_index is None:
        raise FileError(
            _l(
                "This file has no column with region codes such as GM0308, WK030800 or "
                "BU03080000. Keep that column when you save the file."
            )
        )
    name_index = _find_column(header, NAME_COLUMNS[source])
    municipality_name_index = _find_column(header, MUNICIPALITY_NAME_COLUMNS[source])

    matched = [h for h in header if match_column(source, h)]
    unknown = [
        h for h in header if h and not match_column(source, h) and not is_region_column(source, h)
    ]
    regions: list[Region] = []
    skipped: list[tuple[int, str, object]] = []
    for number, row in enumerate(data_rows, start=2):
        cells = list(row) + [None] * (len(header) - len(row))
        code = str(cells[code_index] or "").strip().upper()
        if not REGION_CODE.match(code):
            skipped.append((number, code or "?", _l("not a municipality, wijk or buurt code")))
            continue
        level, municipality_code = _code_parts(code)
        if wanted is not None and municipality_code not in wanted:
            skipped.append((number, code, NOT_ON_PLATFORM))  # not worth reading its cells
            continue
        name = str(cells[name_index] or "").strip() if name_index is not None else ""
        municipality_name = (
            str(cells[municipality_name_index] or "").strip()
            if municipality_name_index is not None
            else ""
        )
        region = Region(
            number=number,
            code=code,
            level=level,
            name=name or (municipality_name if level == "gemeente" else "") or code,
            municipality_code=municipality_code,
            municipality_name=municipality_name,
        )
        for index, column in enumerate(header):
            if index >= len(cells) or index in {code_index, name_index, municipality_name_index}:
                continue
            if not column or is_region_column(source, column):
                continue
            _read_into(region, source, column, cells[index])
        regions.append(region)
    return ParsedFile(source, encoding, regions, skipped, set(), matched, unknown)


def _read_into(region: Region, source: Source, column: str, value) -> None:
    if match_column(source, column):
        try:
            region.readings[column] = read_cell(value)
        except ValueError:
            region.problems.append(
                _l(
                    "column %(column)s has '%(value)s', which is not a number",
                    column=column,
                    value=str(value).strip()[:40],
                )
            )
    else:
        region.extra[column] = extra_cell(value)


def read_csv(text: str, encoding: str, wanted=None) -> ParsedFile:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise FileError(
            _l("The file has only one column. Separate columns with ';', ',' or a tab.")
        )
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    return parse_table(rows, encoding, wanted)


def read_xlsx(data: bytes, wanted=None) -> ParsedFile:
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - openpyxl is a dependency
        raise FileError(_l("Excel files cannot be read here; save the sheet as CSV.")) from error
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileError(
            _l("The Excel file could not be opened. Save it again as .xlsx.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return parse_table(rows, "xlsx", wanted)


# --- PDOK GeoJSON -------------------------------------------------------------------------

PDOK_LEVELS = [  # (code property, name property, level), finest first
    ("buurtcode", "buurtnaam", "buurt"),
    ("wijkcode", "wijknaam", "wijk"),
    ("gemeentecode", "gemeentenaam", "gemeente"),
]


def read_geojson(text: str, encoding: str, wanted=None) -> ParsedFile:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileError(
            _l("The GeoJSON file is damaged near line %(line)d.", line=error.lineno)
        ) from error
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        raise FileError(_l("The GeoJSON file has no regions (features)."))
    first = features[0].get("properties") or {}
    found = next((entry for entry in PDOK_LEVELS if entry[0] in first), None)
    if found is None:
        raise FileError(
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
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        code = str(properties.get(code_key) or "").strip().upper()
        if not REGION_CODE.match(code) or LEVEL_BY_PREFIX[code[:2]] != level:
            skipped.append((number, code or "?", _l("not a municipality, wijk or buurt code")))
            continue
        if isinstance(properties.get("jaar"), int):
            years.add(properties["jaar"])
        municipality_code = str(properties.get("gemeentecode") or "GM" + code[2:6]).strip()
        if wanted is not None and municipality_code not in wanted:
            skipped.append((number, code, NOT_ON_PLATFORM))
            continue
        geometry = feature.get("geometry")
        region = Region(
            number=number,
            code=code,
            level=level,
            name=str(properties.get(name_key) or "").strip() or code,
            municipality_code=municipality_code,
            municipality_name=str(properties.get("gemeentenaam") or "").strip(),
            boundary=json.dumps(geometry, separators=(",", ":")) if geometry else None,
            water=str(properties.get("water") or "").strip().upper() == "JA",
        )
        for column, value in properties.items():
            if is_region_column(source, column):
                continue
            _read_into(region, source, column, value)
        regions.append(region)
    return ParsedFile(source, encoding, regions, skipped, years, matched, unknown)


def read_file(data: bytes, filename: str = "", wanted: set[str] | None = None) -> ParsedFile:
    """Read any of the three forms; raises FileError with a plain message when it cannot.

    With `wanted` (municipality codes), rows of other municipalities are only listed as
    skipped: a whole-country file then costs little memory.
    """
    if not data or not data.strip():
        raise FileError(_l("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, wanted)
    text, encoding = decode(data)
    if text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        return read_geojson(text, encoding, wanted)
    return read_csv(text, encoding, wanted)
