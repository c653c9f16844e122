"""Excel files (xlsx): a zip of XML parts, checked before openpyxl opens it.

1. The zip. Its central directory is counted in the raw bytes before `zipfile` reads it
   (each entry becomes an object), then every part's unpacked size and packing ratio come
   from that directory. zipfile never unpacks more than a part declares: its CRC check
   fails first, so the declared sizes are the real ones.
2. The parts. Every worksheet is streamed through expat, which keeps nothing, to count its
   rows and cells; a row of a million cells without addresses would otherwise become a
   million objects inside openpyxl before we saw the row. Other parts (shared texts,
   styles) are read whole by openpyxl, so they must be small. No part may declare a
   DOCTYPE: that is where entity bombs live, and Excel never writes one.
3. The sheet. openpyxl in read-only mode with the declared dimension reset, so a sheet
   that declares A1:XFD20000 gives rows as wide as their own cells, not 16,384 each; the
   rows then pass the same limits as a CSV (`tables.bounded_rows`).
"""

from __future__ import annotations

import io
import zipfile
from xml.parsers import expat

from flask_babel import lazy_gettext as _l

from wijkplatform.core.errors import DomainError
from wijkplatform.neighbourhoods.importer import limits
from wijkplatform.neighbourhoods.importer.cells import ParsedFile, refuse
from wijkplatform.neighbourhoods.importer.tables import (
    parse_table,
    too_many_cells,
    too_many_lines,
)

CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"
CHUNK = 64 * 1024


def _damaged() -> DomainError:
    return refuse(_l("The Excel file could not be opened. Save it again as .xlsx."))


def _check_archive(data: bytes) -> zipfile.ZipFile:
    # Every entry zipfile can read starts with this signature, so the count is an upper
    # bound on the entries it would build objects for.
    if data.count(CENTRAL_DIRECTORY_ENTRY) > limits.MAX_ZIP_MEMBERS:
        raise refuse(
            _l(
                "The Excel file holds more than %(max)d parts. Save it again in Excel, or "
                "save the sheet as CSV.",
                max=limits.MAX_ZIP_MEMBERS,
            )
        )
    archive = zipfile.ZipFile(io.BytesIO(data))
    total = 0
    for info in archive.infolist():
        total += info.file_size
        packed_tightly = (
            info.file_size > limits.RATIO_CHECKED_FROM_BYTES
            and info.file_size > limits.MAX_PACKING_RATIO * max(info.compress_size, 1)
        )
        if packed_tightly:
            raise refuse(
                _l(
                    "The Excel file unpacks to more than %(ratio)d times its size, which "
                    "spreadsheets never do. Save it again in Excel, or save the sheet as CSV.",
                    ratio=limits.MAX_PACKING_RATIO,
                )
            )
    if total > limits.MAX_UNPACKED_BYTES:
        raise refuse(
            _l(
                "The Excel file unpacks to more than %(max)d MB. Save only the sheet with the "
                "figures, or save it as CSV.",
                max=limits.MAX_UNPACKED_BYTES // limits.MiB,
            )
        )
    return archive


class _NotAWorksheet(Exception):
    pass


def _local(name: str) -> str:
    # Without namespaces "x:c" and "c" differ; both may be a cell. Counting an element of
    # another namespace as well only makes the check stricter.
    return name.rpartition(":")[2]


class _SheetScan:
    """Counts the rows and cells of the worksheets while expat streams through them.

    Without namespace processing and with attributes as lists: a cell costs one short call,
    about a tenth of what openpyxl then spends on it."""

    def __init__(self):
        self.cells = 0  # over all worksheets
        self.root = None
        self.row = 0
        self.row_cells = 0

    def scan(self, part) -> bool:
        """Whether `part` is a worksheet; raises DomainError when it breaks a limit."""
        self.root = None
        self.row = self.row_cells = 0
        parser = expat.ParserCreate()
        parser.ordered_attributes = True
        parser.StartElementHandler = self._root
        parser.StartDoctypeDeclHandler = self._doctype
        try:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
                if self.root is not None:
                    parser.StartElementHandler = self._start
            parser.Parse(b"", True)
        except _NotAWorksheet:
            return False
        except expat.ExpatError:
            if self.root != "worksheet":
                return False  # not XML, or not a sheet: openpyxl judges it
            raise _damaged() from None
        return self.root == "worksheet"

    def _doctype(self, *args):
        raise _damaged()

    def _root(self, name, attributes):
        if self.root is None:
            self.root = _local(name)
            if self.root != "worksheet":
                raise _NotAWorksheet
        else:
            self._start(name, attributes)

    def _start(self, name, attributes):
        if name == "c" or name.endswith(":c"):
            self.cells += 1
            self.row_cells += 1
            if self.cells > limits.MAX_CELLS:
                raise too_many_cells()
            if self.row_cells > limits.EXCEL_MAX_COLUMNS:
                raise refuse(
                    _l(
                        "The Excel file is damaged: row %(row)d has more cells than a sheet "
                        "has columns. Save it again in Excel, or save the sheet as CSV.",
                        row=self.row,
                    )
                )
        elif name == "row" or name.endswith(":row"):
            self.row = _row_number(attributes) or self.row + 1
            if self.row > limits.MAX_ROWS:
                raise too_many_lines()
            self.row_cells = 0


def _row_number(attributes: list) -> int | None:
    for index in range(0, len(attributes) - 1, 2):
        if attributes[index] == "r" and attributes[index + 1].isdigit():
            return int(attributes[index + 1])
    return None


def _check_parts(archive: zipfile.ZipFile) -> None:
    scan = _SheetScan()
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as part:
            is_sheet = scan.scan(part)
        if not is_sheet and info.file_size > limits.MAX_PART_BYTES:
            raise refuse(
                _l(
                    "A part of the Excel file other than the sheet is larger than %(max)d MB. "
                    "Save the sheet as CSV.",
                    max=limits.MAX_PART_BYTES // limits.MiB,
                )
            )


def _sheet_rows(workbook):
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the declared dimension may say anything
    yield from sheet.iter_rows(values_only=True)


def read_xlsx(data: bytes, wanted=None) -> ParsedFile:
    import openpyxl

    try:
        with _check_archive(data) as archive:
            _check_parts(archive)
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except DomainError:
        raise
    except Exception as error:  # zipfile and openpyxl raise many kinds for a broken file
        raise _damaged() from error
    try:
        return parse_table(_guarded(_sheet_rows(workbook)), "xlsx", wanted)
    finally:
        workbook.close()


def _guarded(rows):
    """The sheet's rows, with openpyxl's own errors in a damaged sheet (a shared text that
    does not exist, a broken number) turned into the plain message."""
    try:
        yield from rows
    except DomainError:
        raise
    except Exception as error:
        raise _damaged() from error
