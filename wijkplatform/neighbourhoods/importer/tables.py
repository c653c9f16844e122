"""Tables: the kwb table (CSV or xlsx) and a StatLine CSV export, read row by row.

Rows arrive one at a time from the CSV or the sheet and pass `bounded_rows` first, which
stops at the limits in `limits.py`. Rows of municipalities that are not wanted are only
counted, so a whole-country file costs little memory.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from flask_babel import lazy_gettext as _l

from wijkplatform.neighbourhoods.importer import limits
from wijkplatform.neighbourhoods.importer.cells import (
    NOT_A_REGION,
    NOT_ON_PLATFORM,
    REGION_CODE,
    ParsedFile,
    Region,
    check_column_name,
    clean_name,
    code_parts,
    extra_cell,
    read_cell,
    refuse,
)
from wijkplatform.neighbourhoods.indicators import Source, is_region_column, match_column

# Column names that carry the region code, best first, per source (lower-case, no suffix).
CODE_COLUMNS = {
    Source.KWB: ["gwb_code_10", "gwb_code"],
    Source.STATLINE: ["wijkenenbuurten", "codering"],
}
NAME_COLUMNS = {Source.KWB: ["regio"], Source.STATLINE: []}
MUNICIPALITY_NAME_COLUMNS = {Source.KWB: ["gm_naam"], Source.STATLINE: ["gemeentenaam"]}


def too_many_lines():
    return refuse(
        _l(
            "The file has more than %(max)d lines. Import at most %(max)d lines at a time, "
            "for example only the rows of your municipality.",
            max=limits.MAX_ROWS,
        )
    )


def too_many_cells():
    return refuse(
        _l(
            "The file has more than %(max)d filled cells. Remove the rows or columns you do "
            "not need.",
            max=limits.MAX_CELLS,
        )
    )


def _is_empty(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def bounded_rows(rows: Iterable[Sequence]) -> Iterator[tuple[int, list]]:
    """(line number, cells) of the rows with content, without their empty trailing cells.

    Stops with a clear message past MAX_ROWS lines (empty ones count: they cost time too),
    MAX_COLUMNS filled columns in a row or MAX_CELLS filled cells in the file."""
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > limits.MAX_ROWS:
            raise too_many_lines()
        width = len(row)
        while width and _is_empty(row[width - 1]):
            width -= 1
        if not width:
            continue
        if width > limits.MAX_COLUMNS:
            raise refuse(
                _l(
                    "Line %(line)d has more than %(max)d filled columns. Remove the columns "
                    "you do not need.",
                    line=number,
                    max=limits.MAX_COLUMNS,
                )
            )
        cells += width
        if cells > limits.MAX_CELLS:
            raise too_many_cells()
        yield number, list(row[:width])


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
        raise refuse(
            _l(
                "This file has no CBS columns we know. Use the kwb table, a StatLine export "
                "of 'Kerncijfers wijken en buurten', or the PDOK GeoJSON."
            )
        )
    raise refuse(
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


def _has_code(cells: list, index: int) -> bool:
    return index < len(cells) and bool(REGION_CODE.match(str(cells[index] or "").strip()))


def _choose_code_column(header, source, rows: Iterator) -> tuple[int | None, Iterable]:
    """The best code column that holds region codes, and the rows to read.

    The best candidate usually shows codes in the first data rows; only rows read before
    that are held, so a whole file is held only when the best candidate has no codes."""
    indexes = [
        index
        for candidate in CODE_COLUMNS[source]
        if (index := _find_column(header, [candidate])) is not None
    ]
    held = []
    for row in rows:
        held.append(row)
        if indexes and _has_code(row[1], indexes[0]):
            return indexes[0], chain(held, rows)
    for index in indexes[1:]:
        if any(_has_code(cells, index) for _number, cells in held):
            return index, held
    return None, held


def parse_table(rows: Iterable[Sequence], encoding: str, wanted=None) -> ParsedFile:
    rows = bounded_rows(rows)
    first = next(rows, None)
    if first is None:
        raise refuse(_l("The file is empty."))
    header = [str(h if h is not None else "").strip().strip('"') for h in first[1]]
    for name in header:
        check_column_name(name)
    source = _detect_table_source(header)

    code_index, data_rows = _choose_code_column(header, source, rows)
    if code_index is None:
        raise refuse(
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
    for number, row in data_rows:
        cells = row + [None] * (len(header) - len(row))
        code = str(cells[code_index] or "").strip().upper()
        if not REGION_CODE.match(code):
            skipped.append((number, code[:20] or "?", NOT_A_REGION))
            continue
        level, municipality_code = code_parts(code)
        if wanted is not None and municipality_code not in wanted:
            skipped.append((number, code, NOT_ON_PLATFORM))  # not worth reading its cells
            continue
        name = clean_name(cells[name_index]) if name_index is not None else ""
        municipality_name = (
            clean_name(cells[municipality_name_index])
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
            if index in {code_index, name_index, municipality_name_index}:
                continue
            if not column or is_region_column(source, column):
                continue
            read_into(region, source, column, cells[index])
        regions.append(region)
    return ParsedFile(source, encoding, regions, skipped, set(), matched, unknown)


def read_into(region: Region, source: Source, column: str, value) -> None:
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


# --- CSV ------------------------------------------------------------------------------------


# A line with its end: '\r\n', '\n', or '\r' alone (files saved on an old Mac).
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _csv_records(text: str, delimiter: str) -> Iterator[list[str]]:
    """csv.reader over `text`, refusing a record longer than MAX_LINE_CHARS before the
    reader has built it (a line of a million separators would be a million cells). Lines
    are found one at a time, so no copy of the text is made."""
    record_chars = 0
    line_number = record_start = 0

    def lines():
        nonlocal record_chars, line_number
        for match in LINE.finditer(text):
            line_number += 1
            record_chars += match.end() - match.start()
            if record_chars > limits.MAX_LINE_CHARS:
                raise refuse(
                    _l(
                        "Line %(line)d is longer than %(max)d characters. Check that the file "
                        "has one region per line, and that every quote is closed.",
                        line=record_start + 1,
                        max=limits.MAX_LINE_CHARS,
                    )
                )
            yield match.group()

    reader = csv.reader(lines(), delimiter=delimiter)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise refuse(
                _l(
                    "The CSV file is damaged near line %(line)d. Save it again as CSV.",
                    line=line_number,
                )
            ) from error
        record_chars, record_start = 0, line_number
        yield record


def read_csv(text: str, encoding: str, wanted=None) -> ParsedFile:
    text = text.lstrip("\ufeff")
    first_line = re.match(r"[^\r\n]*", text).group()
    delimiter = max([";", ",", "\t"], key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise refuse(_l("The file has only one column. Separate columns with ';', ',' or a tab."))
    return parse_table(_csv_records(text, delimiter), encoding, wanted)
