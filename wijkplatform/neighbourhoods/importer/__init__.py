"""Reading CBS "Kerncijfers wijken en buurten" files into regions with readings.

Pure reading: bytes in, a `ParsedFile` out, no database. `profiles.import_profiles` decides
what to store. Handles the kwb-YYYY table (CSV or xlsx), a StatLine CSV export and the PDOK
GeoJSON; utf-8 (with or without BOM), utf-16 with BOM and Windows-1252; ';', ',' or tab as
separator; decimal commas; '.' and empty cells for secret or missing figures; PDOK sentinels
such as -99995 (missing) and -99997 (secret).

Every file is read within the limits in `limits.py`; whatever is wrong with a file, reading
it ends in a `ParsedFile` or a `DomainError` (field "file") that says what to do, never in
another exception. `tests/neighbourhoods/test_import_fuzzing.py` holds it to that.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from wijkplatform.neighbourhoods.importer.cells import (
    LEVEL_BY_PREFIX,
    REGION_CODE,
    ParsedFile,
    Region,
    decode,
    extra_cell,
    parse_number,
    read_cell,
    refuse,
    sentinel,
)
from wijkplatform.neighbourhoods.importer.geojson import read_geojson
from wijkplatform.neighbourhoods.importer.tables import parse_table, read_csv
from wijkplatform.neighbourhoods.importer.xlsx import read_xlsx

JSON_START = re.compile(r"[\ufeff \t\r\n]*[\[{]")

__all__ = [
    "LEVEL_BY_PREFIX",
    "REGION_CODE",
    "ParsedFile",
    "Region",
    "decode",
    "extra_cell",
    "parse_number",
    "parse_table",
    "read_cell",
    "read_file",
    "sentinel",
]


def read_file(data: bytes, filename: str = "", wanted: set[str] | None = None) -> ParsedFile:
    """Read any of the three forms; raises DomainError with a plain message when it cannot.

    With `wanted` (municipality codes), rows of other municipalities are only listed as
    skipped: a whole-country file then costs little memory.
    """
    if not data or not data.strip():
        raise refuse(_l("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, wanted)
    text, encoding = decode(data)
    if JSON_START.match(text):
        return read_geojson(text, encoding, wanted)
    return read_csv(text, encoding, wanted)
