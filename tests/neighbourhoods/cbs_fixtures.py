"""TEST DATA, written by hand for these tests: small files in the layouts CBS uses.

None of these figures are real CBS figures. The codes GM8801 ("Testdorp") and its wijken
and buurten are not used by CBS. Only BAARN_GEOJSON points at a real file (PDOK, 2024).
`xlsx_file` writes an Excel file by hand, so tests can make the hostile ones.
"""

from __future__ import annotations

import io
from pathlib import Path

# Real PDOK file, copied unchanged (see data/README.md for source and licence).
BAARN_GEOJSON = Path(__file__).resolve().parent / "data" / "baarn-buurten-2024.geojson"

# kwb-YYYY download table: ';', decimal commas, '.' for secret or missing, a country row,
# municipality, wijk and buurt rows. Saved by Excel on Windows, so Windows-1252.
KWB_CSV = (
    "gwb_code_10;gwb_code_8;regio;gm_naam;recs;gwb_code;ind_wbi;a_inw;a_man;a_vrouw;"
    "a_00_14;a_65_oo;a_hh;a_1p_hh;g_hhgro;p_hh_osm;a_soz_wb;p_wmo_t;p_jz_tn;g_wozbag;ste_mvs\n"
    "NL00;0;Nederland;Nederland;Land;NL00;.;17942942;8911516;9031426;"
    "2758145;3667385;8280000;3250000;2,1;8,1;380000;78;10,1;451;2\n"
    "GM8801;8801;Testdorp;Testdorp;Gemeente;GM8801;.;10000;4950;5050;"
    "1500;2000;4500;1800;2,2;10,0;400;80;11,0;310;4\n"
    "WK880101;880101;Dorpskern;Testdorp;Wijk;WK880101;1;4000;1950;2050;"
    "400;1200;2100;1200;1,9;20,4;240;120,5;.;265;3\n"
    "WK880102;880102;Súdwesthoek;Testdorp;Wijk;WK880102;1;6000;3000;3000;"
    "1100;800;2400;600;2,5;3,1;160;53;9,8;.;5\n"
    "BU88010100;88010100;Kerkbuurt;Testdorp;Buurt;BU88010100;1;1000;500;500;"
    "100;300;500;300;2,0;.;.;.;.;270;3\n"
)

# StatLine export (TypedDataSet as CSV): long names with a numeric suffix, codes padded with
# spaces, '.' as decimal point, empty cells and '.' for missing figures.
STATLINE_CSV = (
    '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";"AantalInwoners_5";'
    '"k_0Tot15Jaar_8";"HuishoudensTotaal_28";"Eenpersoonshuishoudens_29";'
    '"GemiddeldeHuishoudensgrootte_32";"HuishOnderOfRondSociaalMinimum_79";'
    '"WmoClienten_98";"WmoClientenRelatief_99";"MateVanStedelijkheid_122"\n'
    '0;"GM8801    ";"Testdorp                                ";"Gemeente  ";"GM8801    ";'
    "10000;1500;4500;1800;2.2;10.0;800;80;4\n"
    '1;"WK880101  ";"Testdorp                                ";"Wijk      ";"WK880101  ";'
    "4000;400;2100;1200;1.9;20.4;480;120;3\n"
    '2;"WK880102  ";"Testdorp                                ";"Wijk      ";"WK880102  ";'
    "6000;1100;2400;600;2.5;;320;.;5\n"
)


def kwb_bytes(text: str = KWB_CSV, encoding: str = "cp1252") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def replace_cell(text: str, code: str, column: str, value: str) -> str:
    """The kwb test table with one cell changed."""
    lines = text.splitlines()
    header = lines[0].split(";")
    index = header.index(column)
    for number, line in enumerate(lines):
        cells = line.split(";")
        if cells[0] == code:
            cells[index] = value
            lines[number] = ";".join(cells)
    return "\n".join(lines) + "\n"


# --- Excel files written by hand ----------------------------------------------------------
# The smallest xlsx openpyxl opens: content types, the workbook, its one sheet. Written by
# hand so a test can declare any dimension, leave out cell addresses or add parts.

_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_OFFICE_RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_SPREADSHEET}" '
        f'xmlns:r="{_OFFICE_RELATIONSHIPS}"><sheets>'
        '<sheet name="kwb" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_OFFICE_RELATIONSHIPS}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def sheet_cell(address: str, value) -> str:
    if isinstance(value, str):
        return f'<c r="{address}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{address}"><v>{value}</v></c>'


def kwb_sheet_rows(text: str = KWB_CSV) -> str:
    """The kwb test table as sheet rows: numbers as numbers, the rest as text."""
    from openpyxl.utils import get_column_letter

    rows = []
    for row, line in enumerate(text.splitlines(), start=1):
        cells = []
        for column, cell in enumerate(line.split(";"), start=1):
            number = cell.replace(",", ".")
            value = float(number) if number.replace(".", "", 1).isdigit() else cell
            cells.append(sheet_cell(f"{get_column_letter(column)}{row}", value))
        rows.append(f'<row r="{row}">{"".join(cells)}</row>')
    return "".join(rows)


def xlsx_file(rows: str, dimension: str | None = None, extra_parts=(), prologue="") -> bytes:
    """An xlsx whose sheet holds `rows` (sheet XML) and declares `dimension` (A1:XFD20000)."""
    import zipfile

    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<worksheet xmlns="{_SPREADSHEET}">'
        f"{declared}<sheetData>{rows}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _XLSX_PARTS.items():
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in extra_parts:
            archive.writestr(name, content)
    return buffer.getvalue()
