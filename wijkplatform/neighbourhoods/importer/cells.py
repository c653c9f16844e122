"""What every reader shares: the regions it produces, the text decoding and the cell values.

CBS cells: '.' and empty cells for secret or missing figures, decimal commas, and the PDOK
sentinels such as -99995 (missing) and -99997 (secret).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from wijkplatform.core.errors import DomainError
from wijkplatform.core.text import clean_line
from wijkplatform.neighbourhoods.importer import limits
from wijkplatform.neighbourhoods.indicators import MISSING, SECRET, Reading, Source, Status

REGION_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
LEVEL_BY_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}

MAX_TEXT = 200  # unknown text columns are kept, but not endlessly
# No CBS figure comes near this; far beyond it a share could overflow to infinity.
MAX_MAGNITUDE = 1e15

NOT_A_REGION = _l("not a municipality, wijk or buurt code")
NOT_ON_PLATFORM = _l("municipality is not on the platform")


def refuse(message) -> DomainError:
    """The file as a whole cannot be read; `message` says why, beside the upload field."""
    return DomainError(message, "file")


@dataclass
class Region:
    number: int  # line in the table (header is line 1) or feature number in the GeoJSON
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


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in. Raises DomainError when it is no readable text."""
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
    raise refuse(
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
        try:
            number = float(value)
        except OverflowError as error:  # an integer of hundreds of digits
            raise ValueError("too large") from error
    else:
        text = str(value).strip()
        if text == "":
            return MISSING
        if text in {".", "x", "X", "-", "?"}:
            # CBS: '.' means "secret or not available"; we cannot tell which, so never show it.
            return SECRET
        number = parse_number(text)
    if not math.isfinite(number) or number > MAX_MAGNITUDE:
        raise ValueError("out of range")
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


def clean_name(value) -> str:
    """A region or municipality name as the platform stores it: one clean line, at most 100
    characters (the database column's size)."""
    return clean_line(str(value if value is not None else ""))[:100]


def code_parts(code: str) -> tuple[str, str]:
    level = LEVEL_BY_PREFIX[code[:2]]
    return level, "GM" + code[2:6]


def check_column_name(name: str) -> None:
    if len(name) > limits.MAX_COLUMN_NAME:
        raise refuse(
            _l(
                "A column name is longer than %(max)d characters ('%(start)s…'). Is the first "
                "line the line with the column names?",
                max=limits.MAX_COLUMN_NAME,
                start=name[:30],
            )
        )
